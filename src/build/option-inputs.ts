/**
 * Reading docker/build-push-action's build options and docker/setup-buildx-action's builder settings (pure):
 * each input split once, as those actions split it, and checked, so a bad value fails the step before
 * anything runs, with the input named and the fix said. What an engine makes of them is build-options.ts.
 */
import {isIP} from 'node:net'
import {parse} from 'csv-parse/sync'
import {InputError} from '../shared/errors.js'

/**
 * A list input as docker's actions read it (actions-toolkit `Util.getInputList`): one CSV document, so a
 * quoted field may hold a comma or span lines and loses its quotes; `comma: true` also splits every line
 * at its commas (`add-hosts`, `allow`, `ssh`, …), `comma: false` keeps a line whole (`attests`, `ulimit`,
 * …). `quote: false` keeps quotes literally (`driver-opts`). As everywhere in this action, a `#` at the
 * start of a line starts a comment.
 */
export function inputList(
  value: string,
  name: string,
  options: {readonly comma: boolean; readonly quote?: boolean}
): string[] {
  if (value.trim() === '') return []
  let records: string[][]
  try {
    records = parse(value, {
      columns: false,
      relax_quotes: true,
      comment: '#',
      comment_no_infix: true,
      relax_column_count: true,
      skip_empty_lines: true,
      ...(options.quote === false ? {quote: false} : {})
    }) as string[][]
  } catch (error: unknown) {
    throw new InputError(
      name,
      `cannot be read as a list: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  const entries = records.flatMap(record => {
    if (!options.comma) return [record.join(',')]
    return record.length === 1 ? (record[0] ?? '').split(',') : record
  })
  return entries.map(entry => entry.trim()).filter(entry => entry !== '')
}

/** Go's strconv.ParseBool, which buildx applies to a bare attestation field and to its environment. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false
  return undefined
}

/** A whole input that is a boolean, as core.getBooleanInput reads it. */
function wholeBoolean(value: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  return undefined
}

/** `key=value` → [key, value]; undefined when there is no `=` or no key. */
function keyValue(field: string): [string, string] | undefined {
  const eq = field.indexOf('=')
  if (eq <= 0) return undefined
  return [field.slice(0, eq).trim(), field.slice(eq + 1).trim()]
}

/** `provenance` or `sbom`: on or off, with the attestation's attributes (never `type`, never `disabled`). */
export interface AttestSetting {
  readonly disabled: boolean
  readonly attrs: readonly string[]
}

const PROVENANCE_ATTRS = [
  'mode',
  'builder-id',
  'inline-only',
  'reproducible',
  'version',
  'filename',
  'disabled'
]
const BOOLEAN_ATTRS = new Set(['inline-only', 'reproducible', 'disabled'])

/**
 * `provenance` / `sbom` as build-push-action takes them: empty (the default applies), `true`, `false`, or
 * the attestation's attributes (`mode=max`, `generator=<image>`, …). A bare boolean field means
 * `disabled=<not it>`, as buildx reads it. Provenance attributes are checked by name (a typo such as
 * `mod=max` would be dropped silently by BuildKit); SBOM attributes depend on the generator, so only their
 * `key=value` form is.
 */
export function parseAttestSetting(name: 'provenance' | 'sbom', value: string): AttestSetting | undefined {
  if (value === '') return undefined
  const whole = wholeBoolean(value)
  if (whole !== undefined) return {disabled: !whole, attrs: []}
  const example = name === 'provenance' ? 'mode=max or mode=min,inline-only=true' : 'generator=<image>'
  let disabled = false
  const attrs: string[] = []
  for (const field of value.split(',').map(f => f.trim())) {
    const bare = parseGoBool(field)
    if (bare !== undefined) {
      disabled = !bare
      continue
    }
    const kv = keyValue(field)
    if (!kv) {
      throw new InputError(
        name,
        `'${field}' is not true, false or key=value attributes; write e.g. ${example}`
      )
    }
    const [key, val] = kv
    if (key === 'type') throw new InputError(name, `'${field}': the type is ${name} already; leave type out`)
    if (name === 'provenance' && !PROVENANCE_ATTRS.includes(key)) {
      throw new InputError(
        name,
        `'${key}' is not a provenance attribute (one of ${PROVENANCE_ATTRS.join(', ')})`
      )
    }
    if (name === 'provenance' && key === 'mode' && val !== 'min' && val !== 'max') {
      throw new InputError(name, `mode '${val}' is not min or max; write mode=min or mode=max`)
    }
    if (name === 'provenance' && BOOLEAN_ATTRS.has(key) && parseGoBool(val) === undefined) {
      throw new InputError(name, `${key} '${val}' is not a boolean; write ${key}=true or ${key}=false`)
    }
    if (key === 'disabled') disabled = parseGoBool(val) === true
    else attrs.push(`${key}=${val}`)
  }
  return {disabled, attrs}
}

/**
 * `attests` lines (`type=sbom,generator=…`, `type=provenance,mode=max`): each names its type; bare
 * booleans become `disabled=`, as buildx reads them.
 */
export function parseAttests(lines: readonly string[]): string[] {
  return lines.map(line => {
    const fields = line.split(',').map(f => f.trim())
    const out = fields.map(field => {
      const bare = parseGoBool(field)
      if (bare !== undefined) return `disabled=${!bare}`
      if (!keyValue(field)) {
        throw new InputError(
          'attests',
          `'${field}' in '${line}' is not key=value; write e.g. type=sbom,generator=<image>`
        )
      }
      return field
    })
    if (!out.some(field => /^type=./.test(field))) {
      throw new InputError('attests', `'${line}' has no type; write type=provenance,… or type=sbom,…`)
    }
    return out.join(',')
  })
}

/** The type of an attestation line (`type=sbom,…` → `sbom`). */
export function attestType(line: string): string | undefined {
  for (const field of line.split(',')) {
    const kv = keyValue(field)
    if (kv?.[0] === 'type') return kv[1]
  }
  return undefined
}

/** Whether an attestation line turns itself off (`disabled=true`). */
export function attestDisabled(line: string): boolean {
  return line.split(',').some(field => {
    const kv = keyValue(field)
    return kv?.[0] === 'disabled' && parseGoBool(kv[1]) === true
  })
}

/** `host:ip` as docker and buildah take it: the host before the first colon, an IPv4/IPv6 address or `host-gateway` after. */
export function parseAddHosts(entries: readonly string[]): string[] {
  for (const entry of entries) {
    const colon = entry.indexOf(':')
    const host = colon === -1 ? '' : entry.slice(0, colon)
    const ip = colon === -1 ? '' : entry.slice(colon + 1)
    if (!host || /\s/.test(host) || !ip) {
      throw new InputError('add-hosts', `'${entry}' is not host:ip; write e.g. db.local:10.0.0.5`)
    }
    if (ip !== 'host-gateway' && isIP(ip) === 0) {
      throw new InputError(
        'add-hosts',
        `'${entry}': '${ip}' is not an IP address; write e.g. db.local:10.0.0.5 (or db.local:host-gateway)`
      )
    }
  }
  return [...entries]
}

/** Entitlements (`network.host`, `security.insecure`, `device=…`, …); BuildKit knows which exist. */
export function parseAllow(entries: readonly string[]): string[] {
  for (const entry of entries) {
    if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*(=\S+)?$/.test(entry)) {
      throw new InputError(
        'allow',
        `'${entry}' is not an entitlement; write e.g. network.host or security.insecure`
      )
    }
  }
  return [...entries]
}

/**
 * `name=value` lines: `value` a directory, `docker-image://…`, `target:<stage>`, `oci-layout://…` or a URL.
 * The name may be an image reference (`alpine:3.20=…` replaces that image), so it is only required to be there.
 */
export function parseBuildContexts(lines: readonly string[]): string[] {
  for (const line of lines) {
    const kv = keyValue(line)
    if (!kv || !kv[1] || /\s/.test(kv[0])) {
      throw new InputError(
        'build-contexts',
        `'${line}' is not name=value; write e.g. src=../other or alpine=docker-image://alpine:3.20`
      )
    }
    if (kv[1].includes('{{')) {
      throw new InputError(
        'build-contexts',
        `'${line}': this action builds from the checked-out workspace, not a Git context, so there are no ` +
          `{{…}} expressions here; write a path relative to the workspace`
      )
    }
  }
  return [...lines]
}

export const CALLS = ['build', 'check', 'outline', 'targets', 'subrequests.describe'] as const

/**
 * `call`: a buildx frontend method with optional `key=value` options (`check`, `outline,format=json`).
 * `build` is what every build does, so it is read as no call at all and works with every engine.
 */
export function parseCall(value: string): string {
  if (value === '') return ''
  const [method = '', ...rest] = value.split(',').map(f => f.trim())
  if (!(CALLS as readonly string[]).includes(method) || rest.some(field => !keyValue(field))) {
    throw new InputError(
      'call',
      `'${value}' is not one of ${CALLS.join(', ')}, optionally followed by ,key=value (e.g. check,format=json)`
    )
  }
  return value === 'build' ? '' : value
}

/**
 * `network`: `default`, `none`, `host` (BuildKit's modes), or what buildah also takes: `private`,
 * `ns:<path>`, a network name. Whether the engine can is build-options.ts's question.
 */
export function parseNetwork(value: string): string {
  if (value === '') return ''
  if (!/^(ns:\/\S+|[A-Za-z0-9][A-Za-z0-9_.-]*)$/.test(value)) {
    throw new InputError(
      'network',
      `'${value}' is not a network mode; write default, none, host or a network name`
    )
  }
  return value
}

/** Stage names for `--no-cache-filter`. */
export function parseNoCacheFilters(entries: readonly string[]): string[] {
  for (const entry of entries) {
    if (/\s/.test(entry)) {
      throw new InputError(
        'no-cache-filters',
        `'${entry}' is not a stage name; write stage names, comma or line separated`
      )
    }
  }
  return [...entries]
}

/** A size as docker reads it (go-units RAMInBytes): `2g`, `512m`, `64MiB`, a plain number of bytes. */
export function parseShmSize(value: string): string {
  if (value === '') return ''
  if (!/^\d+(\.\d+)? ?[kmgtp]?i?b?$/i.test(value)) {
    throw new InputError(
      'shm-size',
      `'${value}' is not a size; write a number with an optional unit b, k, m or g (e.g. 2g)`
    )
  }
  return value
}

/**
 * `default`, or `<id>[=<socket>|<key>]`. The input splits at commas as build-push-action's does, so a key list
 * (`id=k1,k2`) only survives quoted beside another entry on its line: a line of one field is split at
 * its commas even when quoted.
 */
export function parseSsh(entries: readonly string[]): string[] {
  for (const entry of entries) {
    if (!/^[A-Za-z0-9_.-]+(=\S.*)?$/.test(entry)) {
      throw new InputError(
        'ssh',
        `'${entry}' is not default or <id>=<socket or key file>; write e.g. default or github=/path/to/key`
      )
    }
  }
  return [...entries]
}

export const ULIMITS = [
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack'
]

/** `name=soft[:hard]` as docker (go-units ParseUlimit) and buildah read it. */
export function parseUlimits(lines: readonly string[]): string[] {
  for (const line of lines) {
    const kv = keyValue(line)
    if (!kv) throw new InputError('ulimit', `'${line}' is not name=soft[:hard]; write e.g. nofile=1024:2048`)
    const [name, limits] = kv
    if (!ULIMITS.includes(name)) {
      throw new InputError('ulimit', `'${name}' is not a ulimit name (one of ${ULIMITS.join(', ')})`)
    }
    const parts = limits.split(':')
    if (parts.length > 2 || parts.some(part => !/^-?\d+$/.test(part))) {
      throw new InputError(
        'ulimit',
        `'${line}': the limits are not integers soft[:hard]; write e.g. ${name}=1024:2048`
      )
    }
    const [soft, hard] = parts.map(Number)
    if (hard !== undefined && soft !== undefined && soft > hard) {
      throw new InputError('ulimit', `'${line}': the soft limit is above the hard limit`)
    }
  }
  return [...lines]
}

/** `driver-opts` lines for `docker buildx create --driver-opt`: each `key=value`. */
export function parseDriverOpts(lines: readonly string[]): string[] {
  for (const line of lines) {
    if (!keyValue(line)) {
      throw new InputError(
        'driver-opts',
        `'${line}' is not key=value; write e.g. image=moby/buildkit:latest or network=host`
      )
    }
  }
  return [...lines]
}

/** BuildKit daemon configuration: a file or inline TOML, as setup-buildx-action takes it, never both. */
export function checkBuildkitdConfig(file: string, inline: string): void {
  if (file !== '' && inline !== '') {
    throw new InputError(
      'buildkitd-config',
      'cannot be combined with buildkitd-config-inline; give the BuildKit configuration as a file or inline, not both'
    )
  }
}
