/**
 * `cache: gha`: whether the builder can use GitHub's cache service from this job, and how (pure).
 *
 * How the service is reached (read in the sources):
 * - buildx fills in a `type=gha` cache's secrets from its own environment, never from the command line it
 *   is given (docker/buildx `addGithubToken`: util/buildflags/cache.go up to 0.20, build/opt.go later):
 *   `token` ← ACTIONS_RUNTIME_TOKEN; `url` ← ACTIONS_CACHE_URL, and from 0.21 on, failing that,
 *   ACTIONS_RESULTS_URL; from 0.21 also `version=2` when ACTIONS_CACHE_SERVICE_V2 parses as true
 *   (Go's strconv.ParseBool) and then `url_v2` ← ACTIONS_RESULTS_URL. A gha cache left without a token or
 *   a URL is dropped without a word (`isActive`; 0.6–0.12: `addGithubToken` returns false): no import, no
 *   export, nothing in the log.
 * - BuildKit has the gha backend from 0.9 (cache/remotecache/gha) and speaks the cache service v2 from
 *   0.20 (`url_v2`, `version`: gha.go `getConfig`). GitHub has served only v2 since 2025-04-15; v1 is
 *   what GitHub Enterprise Server still runs. docker/docs (build/ci/github-actions/cache.md): v2 needs
 *   buildx ≥ 0.21 and BuildKit ≥ 0.20.
 * - A gha exporter BuildKit cannot set up (a token it cannot parse, no URL) fails the whole build, whatever
 *   ignore-error says (moby/buildkit control/control.go `failed to configure gha cache exporter`).
 *
 * So the token and URLs stay where buildx reads them, in the build's environment: on the command line
 * they would be echoed with it into the job log (exec's `stream`), and be readable in /proc by any process
 * on the runner. The only attribute added is `version=2`, which is no secret.
 */
import {versionAtLeast} from '../shared/versions.js'
import {knownBuildkitVersion} from './args.js'

/** buildx and BuildKit versions, as BuilderFacts has them. */
export interface GhaBuilder {
  readonly buildxVersion: string
  /** Undefined (or `v0.0.0+unknown`) when nothing tells. */
  readonly buildkitVersion?: string
}

/** Versions the gha cache needs, per service. */
export const GHA_MINIMUM = {
  v1: {buildx: '0.6', buildkit: '0.9'},
  v2: {buildx: '0.21', buildkit: '0.20'}
} as const

/** The runner variables buildx reads for a gha cache: the build's environment must keep them. */
export const GHA_ENV = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2'
] as const

export type GhaDecision =
  | {
      readonly use: 'gha'
      /** The cache service version the builder will speak. */
      readonly service: 1 | 2
      /** To add to every `type=gha` value (args.ts `ghaAttrs`): no secrets. */
      readonly attrs: readonly string[]
      /** Names of the variables buildx must find in its environment (values never leave it). */
      readonly env: readonly string[]
      /** For the summary, e.g. that the BuildKit version is unknown. */
      readonly notes: readonly string[]
    }
  | {readonly fallback: 'registry'; readonly warning: string}

/** Go's strconv.ParseBool, the way buildx reads ACTIONS_CACHE_SERVICE_V2. */
function goTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)
}

function present(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  return (env[name] ?? '') !== ''
}

const INSTEAD = 'the layer cache goes to the registry instead'

function tooOld(
  service: 1 | 2,
  builder: GhaBuilder,
  minimum: {readonly buildx: string; readonly buildkit: string}
): string {
  const buildkit = builder.buildkitVersion === undefined ? '' : `, BuildKit ${builder.buildkitVersion}`
  const needs = `buildx ≥ ${minimum.buildx} and BuildKit ≥ ${minimum.buildkit}`
  const fix =
    service === 2 ? '; a newer buildx (docker/setup-buildx-action before this step) gives the gha cache' : ''
  return `cache: gha needs ${needs} for GitHub's cache service v${service} (this builder: buildx ${builder.buildxVersion}${buildkit}); ${INSTEAD}${fix}`
}

/**
 * Rules, first match wins:
 * 1. No ACTIONS_RUNTIME_TOKEN: not a step of a GitHub Actions job (or not a JavaScript or container action,
 *    which are the steps the runner gives it to) → registry.
 * 2. ACTIONS_CACHE_SERVICE_V2 true → service v2: needs ACTIONS_RESULTS_URL, buildx ≥ 0.21 and a BuildKit
 *    not known to be older than 0.20 (unknown: used, with a note); `version=2` is added.
 * 3. Otherwise service v1 (GitHub Enterprise Server): needs ACTIONS_CACHE_URL (buildx ≥ 0.21 also takes
 *    ACTIONS_RESULTS_URL), buildx ≥ 0.6 and a BuildKit not known to be older than 0.9.
 */
export function ghaCacheDecision(
  env: Readonly<Record<string, string | undefined>>,
  builder: GhaBuilder
): GhaDecision {
  if (!present(env, 'ACTIONS_RUNTIME_TOKEN')) {
    return {
      fallback: 'registry',
      warning: `cache: gha needs the runner's cache token (ACTIONS_RUNTIME_TOKEN), which GitHub Actions gives to the action steps of a job, and there is none here; ${INSTEAD}`
    }
  }
  const service = goTrue(env.ACTIONS_CACHE_SERVICE_V2) ? 2 : 1
  const minimum = GHA_MINIMUM[`v${service}`]
  const newBuildx = versionAtLeast(builder.buildxVersion, GHA_MINIMUM.v2.buildx)
  const url =
    service === 2
      ? present(env, 'ACTIONS_RESULTS_URL')
      : present(env, 'ACTIONS_CACHE_URL') || (newBuildx && present(env, 'ACTIONS_RESULTS_URL'))
  if (!url) {
    const name = service === 2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'
    return {
      fallback: 'registry',
      warning: `cache: gha needs the runner's cache service URL (${name}) for GitHub's cache service v${service}, and it is not set; ${INSTEAD}`
    }
  }
  const buildkit = knownBuildkitVersion(builder.buildkitVersion)
  const buildkitKnown = buildkit !== undefined
  if (
    !versionAtLeast(builder.buildxVersion, minimum.buildx) ||
    (buildkitKnown && !versionAtLeast(buildkit, minimum.buildkit))
  ) {
    return {fallback: 'registry', warning: tooOld(service, {...builder, buildkitVersion: buildkit}, minimum)}
  }
  return {
    use: 'gha',
    service,
    attrs: service === 2 ? ['version=2'] : [],
    env: GHA_ENV.filter(name => present(env, name)),
    notes: buildkitKnown
      ? []
      : [
          `The builder's BuildKit version is unknown; GitHub's cache service v${service} needs BuildKit ≥ ${minimum.buildkit}.`
        ]
  }
}

/**
 * Why GitHub's cache cannot be used from this step, or undefined when it can: what @actions/cache's
 * `isFeatureAvailable` checks (the service URL of the service version in use), plus the runtime token.
 */
export function actionsCacheMissing(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!present(env, 'ACTIONS_RUNTIME_TOKEN'))
    return 'no ACTIONS_RUNTIME_TOKEN: not a step of a GitHub Actions job'
  const v2 = goTrue(env.ACTIONS_CACHE_SERVICE_V2)
  const name = v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'
  if (!present(env, name)) return `no ${name}: the runner gives no cache service to this step`
  if (cacheMode(env) === 'none') return "ACTIONS_CACHE_MODE is 'none': this run may neither read nor write it"
  return undefined
}

/** ACTIONS_CACHE_MODE as @actions/cache reads it (internal/config.js `getCacheMode`). */
function cacheMode(env: Readonly<Record<string, string | undefined>>): string {
  return (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase()
}

/**
 * Why this run may read GitHub's cache but not write it, or undefined: the runner's ACTIONS_CACHE_MODE
 * (`read`, given since 2026-06 to untrusted triggers; @actions/cache's lattice: none, read, write, write-only,
 * anything else permissive). A token downgraded without it is found out by the save itself.
 */
export function actionsCacheReadOnly(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const mode = cacheMode(env)
  return mode === 'read' || mode === 'none'
    ? `ACTIONS_CACHE_MODE is '${mode}': GitHub's cache is read only for this run`
    : undefined
}
