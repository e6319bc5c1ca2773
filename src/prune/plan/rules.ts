/**
 * The `prune` input: one rule per line, `key=value` fields separated by commas as in the `tags` input.
 *
 *   type=tags,match=<regex>,exclude=<regex>,older-than=<duration>,keep=<n>
 *   type=cache[,older-than=7d][,keep=<n>][,prefix=buildcache]
 *   type=pr-closed[,prefix=pr-][,cache=true]
 *   type=untagged[,older-than=24h]
 *   type=keep,match=<regex> | type=keep,semver=false | type=keep,latest=false | type=keep,default-cache=false
 *
 * Strict on purpose: an unknown attribute or a rule that would select every tag is an error, because a typo in
 * a deletion rule should stop the run, not widen what it deletes.
 */
import {InputError} from '../../shared/errors.js'
import {parseFields} from '../../tags/list.js'
import type {DeleteRule, KeepRule, PruneRules} from './types.js'

const INPUT = 'prune'
const TYPES = ['tags', 'cache', 'pr-closed', 'untagged', 'keep'] as const
type RuleType = (typeof TYPES)[number]

const ATTRIBUTES: Readonly<Record<RuleType, readonly string[]>> = {
  tags: ['match', 'exclude', 'older-than', 'keep'],
  cache: ['older-than', 'keep', 'prefix'],
  'pr-closed': ['prefix', 'cache'],
  untagged: ['older-than'],
  keep: ['match', 'semver', 'latest', 'default-cache']
}

export const DEFAULT_CACHE_AGE_MS = 7 * 86_400_000
export const DEFAULT_GRACE_MS = 86_400_000

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  y: 365 * 86_400_000
}

/** `30d`, `12h`, `1w2d`, `90m`: a sum of number+unit parts (m, h, d, w, y). */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[mhdwy])+$/.test(text)) return undefined
  let total = 0
  for (const [, count, unit] of text.matchAll(/(\d+)([mhdwy])/g)) {
    total += Number(count) * (UNIT_MS[unit as string] as number)
  }
  return total
}

/** A readable form of a duration in reasons: the largest whole unit. */
export function formatDuration(ms: number): string {
  for (const unit of ['y', 'w', 'd', 'h', 'm']) {
    const size = UNIT_MS[unit] as number
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`
  }
  return `${Math.round(ms / 60_000)}m`
}

interface Line {
  readonly number: number
  readonly text: string
}

function fail(line: Line, detail: string): never {
  throw new InputError(INPUT, `line ${line.number} "${line.text}": ${detail}`)
}

/** key → value of one line; duplicate or unknown attributes fail with the attribute named. */
function readAttributes(line: Line): {type: RuleType; attrs: Map<string, string>} {
  const attrs = new Map<string, string>()
  let fields: string[]
  try {
    fields = parseFields(line.text, INPUT)
  } catch (error: unknown) {
    // csv-parse's words, without the generic prefix: quote a whole field ("match=a,b"), not a value.
    fail(line, (error instanceof Error ? error.message : String(error)).replace(/^.*?": /, ''))
  }
  for (const field of fields) {
    const eq = field.indexOf('=')
    if (eq <= 0) fail(line, `'${field.trim()}' is not key=value`)
    const key = field.slice(0, eq).trim().toLowerCase()
    if (attrs.has(key)) fail(line, `attribute '${key}' is given twice`)
    attrs.set(key, field.slice(eq + 1).trim())
  }
  const type = attrs.get('type')
  if (type === undefined) fail(line, `attribute 'type' is required (one of ${TYPES.join(', ')})`)
  if (!(TYPES as readonly string[]).includes(type)) {
    fail(line, `attribute 'type': unknown type '${type}' (one of ${TYPES.join(', ')})`)
  }
  attrs.delete('type')
  const allowed = ATTRIBUTES[type as RuleType]
  for (const key of attrs.keys()) {
    if (!allowed.includes(key)) {
      fail(line, `attribute '${key}' is not known for type=${type} (known: ${allowed.join(', ') || 'none'})`)
    }
  }
  return {type: type as RuleType, attrs}
}

/** Regexes match the whole tag: `pr-.*` must not also catch `xpr-1`. */
function regex(line: Line, attrs: Map<string, string>, key: string): RegExp | undefined {
  const source = attrs.get(key)
  if (source === undefined) return undefined
  if (source === '') fail(line, `attribute '${key}' is empty`)
  try {
    return new RegExp(`^(?:${source})$`)
  } catch (error: unknown) {
    fail(line, `attribute '${key}': ${error instanceof Error ? error.message : String(error)}`)
  }
}

function duration(line: Line, attrs: Map<string, string>, key: string): number | undefined {
  const text = attrs.get(key)
  if (text === undefined) return undefined
  const ms = parseDuration(text)
  if (ms === undefined)
    fail(line, `attribute '${key}': '${text}' is not a duration such as 30d, 12h, 2w or 90m`)
  return ms
}

function count(line: Line, attrs: Map<string, string>, key: string): number | undefined {
  const text = attrs.get(key)
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) fail(line, `attribute '${key}': '${text}' is not a whole number`)
  return Number(text)
}

function flag(line: Line, attrs: Map<string, string>, key: string): boolean | undefined {
  const text = attrs.get(key)?.toLowerCase()
  if (text === undefined) return undefined
  if (text !== 'true' && text !== 'false') fail(line, `attribute '${key}': write true or false`)
  return text === 'true'
}

function deleteRule(line: Line, type: Exclude<RuleType, 'keep'>, attrs: Map<string, string>): DeleteRule {
  const base = {line: line.number, label: `line ${line.number} (type=${type})`}
  switch (type) {
    case 'tags': {
      const match = regex(line, attrs, 'match')
      const exclude = regex(line, attrs, 'exclude')
      const olderThanMs = duration(line, attrs, 'older-than')
      const keep = count(line, attrs, 'keep')
      if (match === undefined && olderThanMs === undefined && keep === undefined) {
        fail(line, "would delete every unprotected tag: add 'match', 'older-than' or 'keep'")
      }
      return {...base, type, match, exclude, olderThanMs, keep}
    }
    case 'cache': {
      const prefix = attrs.get('prefix')
      if (prefix !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(prefix)) {
        fail(line, `attribute 'prefix': '${prefix}' is not a tag prefix`)
      }
      const olderThanMs = duration(line, attrs, 'older-than') ?? DEFAULT_CACHE_AGE_MS
      return {...base, type, prefix, olderThanMs, keep: count(line, attrs, 'keep')}
    }
    case 'pr-closed': {
      const prefix = attrs.get('prefix') ?? 'pr-'
      if (!/^[A-Za-z0-9_.-]*$/.test(prefix)) fail(line, `attribute 'prefix': '${prefix}' is not a tag prefix`)
      return {...base, type, prefix, cache: flag(line, attrs, 'cache') ?? true}
    }
    case 'untagged':
      return {...base, type, graceMs: duration(line, attrs, 'older-than') ?? DEFAULT_GRACE_MS}
  }
}

/** Lines of the input with their numbers; blank lines and `#` comments are skipped but still counted. */
function lines(input: string): Line[] {
  return input
    .split(/\r?\n/)
    .map((text, index) => ({number: index + 1, text: text.trim()}))
    .filter(line => line.text !== '' && !line.text.startsWith('#'))
}

/** Parses the `prune` input; empty input → undefined (nothing is pruned unless rules are given). */
export function parsePruneRules(input: string): PruneRules | undefined {
  const all = lines(input)
  if (all.length === 0) return undefined
  const deletes: DeleteRule[] = []
  const keeps: KeepRule[] = []
  let keepSemver = true
  let keepLatest = true
  let keepDefaultCache = true
  for (const line of all) {
    const {type, attrs} = readAttributes(line)
    if (type !== 'keep') {
      deletes.push(deleteRule(line, type, attrs))
      continue
    }
    const match = regex(line, attrs, 'match')
    const semver = flag(line, attrs, 'semver')
    const latest = flag(line, attrs, 'latest')
    const defaultCache = flag(line, attrs, 'default-cache')
    if (match === undefined && semver === undefined && latest === undefined && defaultCache === undefined) {
      fail(line, "type=keep needs 'match', 'semver', 'latest' or 'default-cache'")
    }
    if (match) keeps.push({line: line.number, label: `line ${line.number} (type=keep)`, match})
    if (semver !== undefined) keepSemver = semver
    if (latest !== undefined) keepLatest = latest
    if (defaultCache !== undefined) keepDefaultCache = defaultCache
  }
  if (deletes.length === 0) {
    throw new InputError(INPUT, 'has only type=keep rules; add a rule that deletes something (type=tags, …)')
  }
  return {deletes, keeps, keepSemver, keepLatest, keepDefaultCache}
}
