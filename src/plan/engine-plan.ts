/**
 * The build plan fitted to the engine that was found (pure): what a buildx builder must be able to do, the cache
 * `cache: gha` really gets, the outputs, annotations and option flags this engine can write, and what the job log
 * says about what it could not. Facts come in as data: the engine and its builder, the runner's variables.
 */
import {fitAnnotations} from '../build/annotations.js'
import {buildOptionArgs} from '../build/build-options.js'
import {requestedAttestation} from '../build/attestations.js'
import type {BuilderNeeds} from '../build/builder-policy.js'
import type {Engine} from '../build/engine.js'
import {isImageTarball, planOutputs, type TarballOutput} from '../build/outputs.js'
import {actionsCacheMissing, ghaCacheDecision} from '../cache/gha.js'
import type {CachePlan} from '../cache/policy.js'
import type {BuildPlan} from './build-plan.js'

type Env = Readonly<Record<string, string | undefined>>

/** What the plan asks of a buildx builder. */
export function builderNeeds(plan: BuildPlan): BuilderNeeds {
  return {
    cacheExport: exportsCache(plan.cache),
    multiPlatform: plan.platforms.length > 1,
    attestations: requestedAttestation(plan.options) !== undefined,
    imageTarball: plan.outputs.some(isImageTarball)
  }
}

function exportsCache(cache: CachePlan | undefined): boolean {
  if (!cache) return false
  if (cache.rawTo.length > 0) return cache.rawTo.some(to => !/(^|,)\s*type=inline\s*(,|$)/.test(to))
  return cache.writeRef !== undefined && ['registry', 'gha', 'local'].includes(cache.mode)
}

/** The input a refused attestation is named by (`provenance`, `sbom`, `attests`), when one was asked for. */
export function attestationInput(plan: BuildPlan): {attestationInput?: string} {
  const input = requestedAttestation(plan.options)
  return input ? {attestationInput: input} : {}
}

export interface GhaFit {
  readonly cache?: CachePlan
  readonly ghaAttrs: readonly string[]
  readonly warnings: readonly string[]
  readonly notes: readonly string[]
  /** The runner's variables the engine must see for `type=gha` (nothing else of the runner's reaches it). */
  readonly keepEnv?: readonly string[]
}

/** The gha plan as a local cache directory that @actions/cache restores before the build and saves after. */
function viaActionsCache(cache: CachePlan, why: string): CachePlan | undefined {
  const entry = cache.actionsCacheFallback
  if (!entry) return undefined
  const {actionsCacheFallback: _, ...rest} = cache
  return {
    ...rest,
    mode: 'local',
    readRefs: [entry.dir],
    writeRef: entry.noSave === undefined ? entry.dir : undefined,
    actionsCache: entry,
    reason: `${cache.reason}; GitHub's cache through @actions/cache (${why})`
  }
}

/**
 * `cache: gha` needs the runner's cache token and URL and a builder that speaks the service (buildx ≥ 0.21 /
 * BuildKit ≥ 0.20 for v2). A buildx builder without it still reaches GitHub's cache: a `type=local` cache
 * directory saved and restored with @actions/cache. Where neither can be (no token, docker without buildx,
 * buildah), the registry cache takes its place, with a warning when `gha` was asked for by name.
 */
export function fitGhaCache(
  cache: CachePlan | undefined,
  engine: Engine,
  fallback: CachePlan | undefined,
  env: Env
): GhaFit {
  if (cache?.mode !== 'gha' || cache.rawFrom.length + cache.rawTo.length > 0)
    return {ghaAttrs: [], warnings: [], notes: []}
  const instead = (why: string): GhaFit => ({
    ...(fallback ? {cache: fallback} : {}),
    ghaAttrs: [],
    ...(cache.auto ? {warnings: [], notes: [`Layer cache: ${why}`]} : {warnings: [why], notes: []})
  })
  if (engine.kind !== 'buildx') {
    return instead(
      `cache: gha needs buildx with a BuildKit builder; with the ${engine.kind} engine the layer cache goes to the registry instead`
    )
  }
  const decision = ghaCacheDecision(env, {
    buildxVersion: engine.version,
    ...(engine.builder?.buildkitVersion ? {buildkitVersion: engine.builder.buildkitVersion} : {})
  })
  if ('fallback' in decision) {
    const why = decision.warning.replace(/; the layer cache goes to the registry instead.*/, '')
    const local = actionsCacheMissing(env) === undefined ? viaActionsCache(cache, why) : undefined
    if (local) return {cache: local, ghaAttrs: [], warnings: [], notes: []}
    return instead(decision.warning)
  }
  return {ghaAttrs: decision.attrs, warnings: [], notes: decision.notes, keepEnv: decision.env}
}

export interface EngineFacts {
  readonly engine: Engine
  /** The runner's variables: the cache service's, BUILDX_NO_DEFAULT_ATTESTATIONS. */
  readonly env: Env
  /** What the default provenance records (build-push-action's defaults). */
  readonly provenance: {readonly repoPrivate?: boolean; readonly runUrl?: string}
  /** The registry cache plan for when `cache: gha` cannot be. */
  readonly cacheFallback?: CachePlan
}

export interface EnginePlan {
  readonly cache?: CachePlan
  readonly cacheOptions: {readonly buildkitVersion?: string; readonly ghaAttrs: readonly string[]}
  readonly optionArgs: readonly string[]
  readonly annotations: readonly string[]
  readonly outputs: readonly string[]
  readonly tarballs: readonly TarballOutput[]
  readonly keepEnv: readonly string[]
  /** For the job log: warnings, and what is only worth a line (the computed annotations an engine drops). */
  readonly warnings: readonly string[]
  readonly notes: readonly string[]
}

/** The build plan as this engine carries it out. A request it cannot carry out at all throws an InputError. */
export function planForEngine(plan: BuildPlan, facts: EngineFacts): EnginePlan {
  const {engine} = facts
  const gha = fitGhaCache(plan.cache, engine, facts.cacheFallback, facts.env)
  const outputs = planOutputs(plan.outputs, engine.kind, plan.workspace)
  const annotations = fitAnnotations(engine.kind, engine.version, plan.annotations)
  const dropped =
    annotations.dropped.length > 0
      ? `Annotations not written: ${annotations.why}: ${annotations.dropped.join(', ')}`
      : ''
  const options = buildOptionArgs(
    plan.options,
    {
      kind: engine.kind,
      ...(engine.builder ? {builder: engine.builder} : {}),
      ...(engine.kind === 'buildah' ? {buildahVersion: engine.version} : {})
    },
    {
      ...facts.provenance,
      load: plan.load,
      outputs: outputs.raw,
      push: plan.push,
      ...(facts.env.BUILDX_NO_DEFAULT_ATTESTATIONS !== undefined
        ? {noDefaultAttestations: facts.env.BUILDX_NO_DEFAULT_ATTESTATIONS}
        : {})
    }
  )
  // Only the user's own annotations are worth a warning; the computed defaults are a courtesy.
  const userDropped = dropped && plan.userAnnotations.length > 0
  return {
    ...(gha.cache ? {cache: gha.cache} : {}),
    cacheOptions: {
      ...(engine.builder?.buildkitVersion ? {buildkitVersion: engine.builder.buildkitVersion} : {}),
      ghaAttrs: gha.ghaAttrs
    },
    optionArgs: options.args,
    annotations: annotations.lines,
    outputs: outputs.raw,
    tarballs: outputs.tarballs,
    keepEnv: gha.keepEnv ?? [],
    warnings: [...gha.warnings, ...(userDropped ? [dropped] : []), ...options.warnings],
    notes: [...gha.notes, ...(dropped && !userDropped ? [dropped] : [])]
  }
}
