import {InputError, InputLineError} from '../shared/errors.js'
import {CACHE_INPUT_MODES} from '../cache/policy.js'
import type {CacheInputMode} from '../cache/policy.js'
import {ENGINES, type EngineChoice} from '../build/engine.js'
import {parsePlatforms} from '../build/platforms.js'
import {DEFAULT_BAKE_TARGET} from '../tags/types.js'
import {
  checkBuildkitdConfig,
  inputList,
  parseAddHosts,
  parseAllow,
  parseAttestSetting,
  parseAttests,
  parseBuildContexts,
  parseCall,
  parseDriverOpts,
  parseNetwork,
  parseNoCacheFilters,
  parseShmSize,
  parseSsh,
  parseUlimits
} from '../build/option-inputs.js'
import type {OptionInputs} from '../build/build-option-types.js'

/** The `build` input (plan/wants-build.ts decides what it means). */
export const BUILD_CHOICES = ['auto', 'true', 'false'] as const
export type BuildChoice = (typeof BUILD_CHOICES)[number]

/** Every input of action.yml, read once, keys spelled as in action.yml. */
export interface Inputs extends OptionInputs {
  readonly images: string
  readonly tags: string
  readonly flavor: string
  readonly labels: string
  readonly annotations: string
  readonly 'sep-tags': string
  readonly 'sep-labels': string
  readonly 'sep-annotations': string
  readonly 'bake-target': string
  readonly 'github-token': string
  readonly registry: string
  readonly username: string
  readonly password: string
  readonly 'registry-auth': string
  readonly context: string
  readonly file: string
  readonly 'build-args': readonly string[]
  readonly target: string
  readonly push: boolean
  readonly load: boolean
  readonly engine: EngineChoice
  readonly 'promote-from': string
  readonly 'dry-run': boolean
  readonly cache: CacheInputMode
  readonly 'cache-ref': string
  readonly 'cache-from': readonly string[]
  readonly 'cache-to': readonly string[]
  /** Retag an image already built from identical inputs instead of building (src/reuse/). */
  readonly reuse: boolean
  /** Raw lines; parsed (and never echoed) by src/build/secrets.ts. */
  readonly secrets: readonly string[]
  readonly platforms: readonly string[]
  readonly outputs: readonly string[]
  readonly 'no-cache': boolean
  readonly pull: boolean
  /** Rule lines, parsed by src/prune/rules.ts; empty: nothing is pruned. */
  readonly prune: string
  readonly 'prune-images': string
  /** `auto`: build unless prune is all that is asked for (src/prune/plan/config.ts). */
  readonly build: BuildChoice
  // build-push-action's build options (OptionInputs, checked by src/build/option-inputs.ts), and:
  /** Raw `id=ENV_NAME` / `id=path` entries; parsed (and never echoed) by src/build/secrets.ts. */
  readonly 'secret-envs': readonly string[]
  readonly 'secret-files': readonly string[]
  // setup-buildx-action's builder settings, for a builder this action creates.
  readonly 'driver-opts': readonly string[]
  readonly 'buildkitd-config': string
  readonly 'buildkitd-config-inline': string
  readonly 'buildkitd-flags': string
}

/** How an input is fetched: core.getInput in the action, a map in tests. */
export type InputReader = (name: string, options?: {trimWhitespace?: boolean}) => string

const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

function readBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const value = read(name)
  if (value === '') return fallback
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new InputError(name, `'${value}' is not a boolean; write true or false`)
}

function readChoice<T extends string>(
  read: InputReader,
  name: string,
  choices: readonly T[],
  fallback: T
): T {
  const value = read(name) || fallback
  const found = choices.find(choice => choice === value.toLowerCase())
  if (!found) throw new InputError(name, `'${value}' is not one of ${choices.join(', ')}`)
  return found
}

/** Non-empty, non-comment lines; `#` starts a comment only at the start of a line, as docker's actions read lists. */
export function inputLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/** The line (from 1) of each of {@link inputLines}' lines in the raw input, for messages. */
export function inputLineNumbers(value: string): number[] {
  return value.split(/\r?\n/).flatMap((line, index) => {
    const text = line.trim()
    return text === '' || text.startsWith('#') ? [] : [index + 1]
  })
}

function readBuildArgs(read: InputReader): string[] {
  const raw = read('build-args')
  const args = inputLines(raw)
  const lines = inputLineNumbers(raw)
  args.forEach((arg, index) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(=|$)/.test(arg)) {
      throw new InputLineError(
        'build-args',
        lines[index] ?? index + 1,
        `'${arg.split('=')[0]}' is not a valid build argument name; write NAME=value (a letter or _ first, then letters, digits, _)`
      )
    }
  })
  return args
}

export function readInputs(read: InputReader): Inputs {
  // Separators keep their whitespace: a ',' or ' ' separator is the point of the input.
  const separator = (name: string, fallback: string) => read(name, {trimWhitespace: false}) || fallback
  // Split as build-push-action splits each: at commas too, or one entry per line.
  const commaList = (name: string) => inputList(read(name), name, {comma: true})
  const lineList = (name: string) => inputList(read(name), name, {comma: false})
  checkBuildkitdConfig(read('buildkitd-config'), read('buildkitd-config-inline'))
  const provenance = parseAttestSetting('provenance', read('provenance'))
  const sbom = parseAttestSetting('sbom', read('sbom'))
  return {
    images: read('images'),
    tags: read('tags'),
    flavor: read('flavor'),
    labels: read('labels'),
    annotations: read('annotations'),
    'sep-tags': separator('sep-tags', '\n'),
    'sep-labels': separator('sep-labels', '\n'),
    'sep-annotations': separator('sep-annotations', '\n'),
    'bake-target': read('bake-target') || DEFAULT_BAKE_TARGET,
    'github-token': read('github-token'),
    registry: read('registry'),
    username: read('username'),
    password: read('password'),
    'registry-auth': read('registry-auth'),
    context: read('context') || '.',
    file: read('file'),
    'build-args': readBuildArgs(read),
    target: read('target'),
    push: readBoolean(read, 'push', false),
    load: readBoolean(read, 'load', false),
    engine: readChoice(read, 'engine', ENGINES, 'auto'),
    'promote-from': read('promote-from'),
    'dry-run': readBoolean(read, 'dry-run', false),
    cache: readChoice(read, 'cache', CACHE_INPUT_MODES, 'auto'),
    'cache-ref': read('cache-ref'),
    'cache-from': inputLines(read('cache-from')),
    'cache-to': inputLines(read('cache-to')),
    reuse: readBoolean(read, 'reuse', true),
    secrets: inputLines(read('secrets')),
    platforms: parsePlatforms(read('platforms')),
    outputs: inputLines(read('outputs')),
    'no-cache': readBoolean(read, 'no-cache', false),
    pull: readBoolean(read, 'pull', false),
    prune: read('prune'),
    'prune-images': read('prune-images'),
    build: readChoice(read, 'build', BUILD_CHOICES, 'auto'),
    'add-hosts': parseAddHosts(commaList('add-hosts')),
    allow: parseAllow(commaList('allow')),
    attests: parseAttests(lineList('attests')),
    'build-contexts': parseBuildContexts(lineList('build-contexts')),
    builder: read('builder'),
    call: parseCall(read('call')),
    'cgroup-parent': read('cgroup-parent'),
    network: parseNetwork(read('network')),
    'no-cache-filters': parseNoCacheFilters(commaList('no-cache-filters')),
    ...(provenance ? {provenance} : {}),
    ...(sbom ? {sbom} : {}),
    'secret-envs': commaList('secret-envs'),
    'secret-files': lineList('secret-files'),
    'shm-size': parseShmSize(read('shm-size')),
    ssh: parseSsh(commaList('ssh')),
    ulimit: parseUlimits(lineList('ulimit')),
    'driver-opts': parseDriverOpts(
      inputList(read('driver-opts'), 'driver-opts', {comma: false, quote: false})
    ),
    'buildkitd-config': read('buildkitd-config'),
    'buildkitd-config-inline': read('buildkitd-config-inline'),
    'buildkitd-flags': read('buildkitd-flags')
  }
}
