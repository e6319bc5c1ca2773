/**
 * Which builder a buildx build runs on (pure), the way docker/setup-buildx-action would have set it up, but
 * only when the current one cannot do what the plan needs:
 *
 * - a builder the user chose (`builder` input, `BUILDX_BUILDER`, `docker buildx use`, a docker context) is used
 *   and never removed;
 * - the current builder is used when it can do what the plan needs (cache export, several platforms,
 *   attestations): a container builder, the docker driver on the containerd image store;
 * - otherwise a `docker-container` builder is created for this step (removed in post);
 * - when none can be created (its BuildKit image cannot be pulled) and only the cache export was missing, the
 *   build runs on the docker driver with the per-stage inline cache (what the docker engine does), with a
 *   warning that says why and what gives the full cache. Several platforms or attestations cannot be faked:
 *   that is an error naming the input.
 */
import type {BuilderFacts} from './builder-facts.js'

/** What the plan asks of the builder. */
export interface BuilderNeeds {
  /** A `--cache-to` other than inline (registry, gha, local). */
  readonly cacheExport: boolean
  /** More than one platform in one build. */
  readonly multiPlatform: boolean
  /** `provenance`, `sbom` or `attests` set by the user (the default provenance is only added where it works). */
  readonly attestations: boolean
  /** An `outputs` line `type=docker,dest=…` or `type=oci,dest=…`: an image tarball. */
  readonly imageTarball?: boolean
}

export const NO_NEEDS: BuilderNeeds = {cacheExport: false, multiPlatform: false, attestations: false}

/** Where the chosen builder came from: only `current` may be replaced by one the step creates. */
export type BuilderOrigin = 'input' | 'env' | 'current'

export type BuilderDecision =
  /** Build with buildx on this builder as it is. */
  | {readonly action: 'use'; readonly builder: BuilderFacts; readonly notes: readonly string[]}
  /** Create a docker-container builder; on failure, see {@link afterCreateFailed}. */
  | {readonly action: 'create'; readonly why: string}
  /** The docker driver with per-stage inline cache (engine kind `docker` through buildx). */
  | {readonly action: 'inline-fallback'; readonly builder: BuilderFacts; readonly warning: string}
  | {readonly action: 'refuse'; readonly input: string; readonly message: string}

function missing(builder: BuilderFacts, needs: BuilderNeeds): string[] {
  const lacks: string[] = []
  if (needs.cacheExport && !builder.cacheExport) lacks.push('cache export')
  if (needs.multiPlatform && !builder.multiPlatform) lacks.push('multi-platform builds')
  if (needs.attestations && !builder.attestations) lacks.push('attestations')
  // The builders that export a cache write image tarballs too; the docker driver on the classic store does
  // neither ("Docker exporter is not supported for the docker driver").
  if (needs.imageTarball && !builder.cacheExport) lacks.push('image tarball outputs')
  return lacks
}

/** What the docker engine path does instead: the per-stage inline cache, tarballs by `docker save`. */
const SOFT = new Set(['cache export', 'image tarball outputs'])

function describe(builder: BuilderFacts): string {
  const store = builder.driver === 'docker' && !builder.cacheExport ? ' on the classic image store' : ''
  return `builder '${builder.name}' (${builder.driver} driver${store})`
}

const FULL_CACHE_HINT =
  'for the full cache and image tarballs use a docker-container builder (created by this step when the ' +
  'moby/buildkit image can be pulled, or by docker/setup-buildx-action), a remote builder, or the containerd ' +
  'image store (daemon.json {"features":{"containerd-snapshotter":true}})'

/** Refusal for what only a full BuildKit can do; the cache alone falls back instead. */
function refuseOrFallback(
  builder: BuilderFacts,
  needs: BuilderNeeds,
  why: string,
  inputFor: {platforms: string; attestations: string}
): BuilderDecision {
  const lacks = missing(builder, needs)
  const hard = lacks.filter(l => !SOFT.has(l))
  if (hard.length > 0) {
    const input = hard[0] === 'multi-platform builds' ? inputFor.platforms : inputFor.attestations
    return {
      action: 'refuse',
      input,
      message:
        `${describe(builder)} cannot do ${hard.join(' or ')}${why}; use a docker-container or remote builder ` +
        `(the builder input, or docker/setup-buildx-action), or turn on the containerd image store`
    }
  }
  const instead = [
    lacks.includes('cache export') &&
      'every stage is cached as an inline-cache image instead, which reuses fewer layers',
    lacks.includes('image tarball outputs') &&
      'image tarballs are written by docker save (type=docker only) after the image is loaded'
  ].filter(Boolean)
  const cannot = [
    lacks.includes('cache export') && 'export a layer cache',
    lacks.includes('image tarball outputs') && 'write image tarballs'
  ].filter(Boolean)
  return {
    action: 'inline-fallback',
    builder,
    warning: `${describe(builder)} cannot ${cannot.join(' or ')}${why}: ${instead.join('; ')}; ${FULL_CACHE_HINT}`
  }
}

export interface BuilderChoice {
  /** The builder buildx would use (`docker buildx inspect [name]`). */
  readonly builder: BuilderFacts
  readonly origin: BuilderOrigin
  /** Which input names the platforms / attestations, for refusals (`platforms`, `provenance`, …). */
  readonly inputs?: {readonly platforms: string; readonly attestations: string}
}

const DEFAULT_INPUTS = {platforms: 'platforms', attestations: 'provenance'}

/** The first decision, before any builder is created. */
export function decideBuilder(choice: BuilderChoice, needs: BuilderNeeds): BuilderDecision {
  const {builder, origin} = choice
  const lacks = missing(builder, needs)
  if (lacks.length === 0) return {action: 'use', builder, notes: []}
  if (origin !== 'current') {
    // The user's own choice: never replaced, whatever it lacks.
    const named = origin === 'input' ? 'named by the builder input' : 'named by BUILDX_BUILDER'
    return refuseOrFallback(builder, needs, ` (${named})`, choice.inputs ?? DEFAULT_INPUTS)
  }
  return {action: 'create', why: `${describe(builder)} cannot do ${lacks.join(', ')}`}
}

/** When creating a builder failed: fall back on the current builder where possible. */
export function afterCreateFailed(
  choice: BuilderChoice,
  needs: BuilderNeeds,
  error: string
): BuilderDecision {
  return refuseOrFallback(
    choice.builder,
    needs,
    ` and no docker-container builder could be started (${error})`,
    choice.inputs ?? DEFAULT_INPUTS
  )
}
