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
import {pruneConfig, wantsBuild, type PruneConfig} from '../prune/config.js'
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

export async function planRun(facts: RunFacts): Promise<RunPlan> {
  const {inputs, runner, repoInfo, commit} = facts
  const {ctx} = commit
  const metaOptions = metaOptionsFromEnv(runner.env, facts.now)
  const meta = computeMeta(parseMetaInputs(inputs), ctx, repoInfo.repo, metaOptions)
  const promoteFrom = inputs['promote-from']
    ? renderInputExpressions('promote-from', inputs['promote-from'], ctx, metaOptions).value
    : undefined
  const cacheContext = {
    ...ctx,
    images: meta.images,
    defaultBranch: repoInfo.repo.defaultBranch,
    repository: runner.env.GITHUB_REPOSITORY,
    runnerTemp: runner.temp
  }
  const cache = planCacheFromInputs(inputs, cacheContext)
  // Where GitHub's cache service cannot be used (no token, an old builder), the registry takes its place.
  const cacheFallback =
    inputs.cache === 'gha' ? planCacheFromInputs({...inputs, cache: 'registry'}, cacheContext) : undefined
  const build = {...planBuild(inputs, meta, runner.workspace, promoteFrom), cache}
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
