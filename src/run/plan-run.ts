/**
 * plan: the one value a run carries out — tags and labels, the build (or promotion) with its cache, the logins,
 * the prune — computed from what was read. Dry runs stop after it; nothing here writes anywhere.
 */
import {buildahCacheRepository} from '../cache/args.js'
import {planCacheFromInputs} from '../cache/plan-inputs.js'
import {sanitizeScope, type CachePlan} from '../cache/policy.js'
import {checkBareBuildArgs} from '../build/engine-env.js'
import {secretValues} from '../build/secrets.js'
import {authSecrets, resolveAuths, type Auth} from '../login/auths.js'
import {planBuild, type BuildPlan} from '../plan/build-plan.js'
import {pruneConfig, type PruneConfig} from '../prune/plan/config.js'
import {wantsBuild} from '../plan/wants-build.js'
import {
  computeMeta,
  metaOptionsFromEnv,
  parseMetaInputs,
  renderInputExpressions,
  type Meta
} from '../tags/index.js'
import type {RunFacts} from './read.js'

export interface RunPlan {
  readonly meta: Meta
  /** The build (or, with `promoteFrom`, the promotion) with its cache plan. */
  readonly build: BuildPlan & {readonly cache: CachePlan}
  /** cache: gha where GitHub's cache service cannot be used: the registry cache instead. */
  readonly cacheFallback?: CachePlan
  /** False when prune is all that was asked for (no engine, no Dockerfile). */
  readonly builds: boolean
  readonly prune?: PruneConfig
  readonly auths: readonly Auth[]
  /** Every secret value of the run, masked: the engine's environment must hold none it was not given. */
  readonly secrets: readonly string[]
  readonly warnings: readonly string[]
  readonly dryRun: boolean
}

/**
 * Where GitHub's cache service cannot be used (no token, an engine without a gha backend or @actions/cache
 * path): the registry cache takes its place — read only when `cache: auto` chose GitHub's cache because the
 * registry could not be written.
 */
function fallbackCache(
  inputs: RunFacts['inputs'],
  context: Parameters<typeof planCacheFromInputs>[1],
  cache: CachePlan
): CachePlan | undefined {
  if (cache.mode !== 'gha') return undefined
  const registry = planCacheFromInputs({...inputs, cache: 'registry'}, context)
  if (!cache.auto) return registry
  return {
    ...registry,
    writeRef: undefined,
    auto: true,
    reason: `auto → registry, read only (GitHub's cache cannot be used by this engine): ${registry.reason}`
  }
}

export async function planRun(facts: RunFacts): Promise<RunPlan> {
  const {inputs, runner, repoInfo, commit} = facts
  const {ctx} = commit
  const metaOptions = metaOptionsFromEnv(runner.env, facts.now)
  const meta = computeMeta(parseMetaInputs(inputs), ctx, repoInfo.repo, metaOptions)
  const promoteFrom = inputs['promote-from']
    ? renderInputExpressions('promote-from', inputs['promote-from'], ctx, metaOptions).value
    : undefined
  const planned = planBuild(inputs, meta, runner.workspace, promoteFrom)
  const cacheContext = {
    ...ctx,
    images: meta.images,
    defaultBranch: repoInfo.repo.defaultBranch,
    repository: runner.env.GITHUB_REPOSITORY,
    runnerTemp: runner.temp,
    workspace: runner.workspace,
    dockerfile: planned.file,
    target: inputs.target,
    push: planned.push,
    registryLogin:
      inputs.password !== '' ||
      inputs['registry-auth'] !== '' ||
      (inputs['github-token'] !== '' && meta.images[0]?.startsWith('ghcr.io/') === true),
    env: runner.env
  }
  const cache = planCacheFromInputs(inputs, cacheContext)
  const build = {...planned, cache}
  const cacheFallback = fallbackCache(inputs, cacheContext, cache)
  const prune = pruneConfig(inputs, {
    eventName: runner.env.GITHUB_EVENT_NAME ?? '',
    payload: runner.payload,
    images: meta.images,
    cacheRepository: cache.repository,
    cachePrefix: cache.tagPrefix,
    layerCacheRepository: buildahCacheRepository(cache),
    ...(repoInfo.repo.defaultBranch ? {defaultCacheScope: sanitizeScope(repoInfo.repo.defaultBranch)} : {})
  })
  const images = [...meta.images, ...(prune?.repositories ?? [])]
  const auths = await resolveAuths(inputs, {actor: runner.env.GITHUB_ACTOR ?? '', images})
  const secrets = [
    inputs.password,
    inputs['github-token'],
    ...authSecrets(auths),
    ...secretValues(build.secrets, runner.env)
  ].filter(secret => secret !== '')
  checkBareBuildArgs(build.buildArgs, runner.env, secrets)
  const warnings = [repoInfo.warning, commit.warning, ...meta.warnings].filter((w): w is string => !!w)
  // Prune-only (build: auto with nothing but prune asked for) needs no engine and no Dockerfile.
  const builds = wantsBuild(inputs.build, {
    prune: prune !== undefined,
    push: build.push,
    load: build.load,
    outputs: inputs.outputs.length > 0,
    promote: build.promoteFrom !== undefined
  })
  return {
    meta,
    build,
    ...(cacheFallback ? {cacheFallback} : {}),
    builds,
    ...(prune ? {prune} : {}),
    auths,
    secrets,
    warnings,
    dryRun: inputs['dry-run']
  }
}
