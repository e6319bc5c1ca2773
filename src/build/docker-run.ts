/**
 * The side-effect half of per-stage caching on docker's built-in BuildKit (see docker-stages.ts for why
 * it is done this way): build each stage, then the image, then write the cache refs the rule picked.
 */
import {readFile} from 'node:fs/promises'
import {BUILD_TIMEOUT_MS} from '../shell/exec.js'
import type {Exec} from '../shell/exec.js'
import {withEngineBuild} from './engine.js'
import type {Engine} from './engine.js'
import {dockerBuildArgs, dockerPushArgs, dockerStageBuildArgs} from './args.js'
import type {PushRetryPolicy} from './push-retry.js'
import {enginePush} from './push-tags.js'
import type {Clock} from '../registry/retry.js'
import type {BuildRequest, DockerCacheOptions} from './args.js'
import {parseStages} from '../dockerfile/parse.js'
import type {Stage} from '../dockerfile/parse.js'
import {planDockerCache, refToWrite, STAGE_LABEL, stageName} from '../cache/docker-stages.js'
import {NO_CACHE} from '../cache/policy.js'
import {dockerPushStats, parseBuildkitProgress, stageStats} from '../cache/progress.js'
import {cacheImports} from '../cache/outcome.js'
import type {StageStats} from '../cache/progress.js'
import type {CacheImport} from '../cache/outcome.js'
import type {CacheWrite} from '../cache/outcome.js'
import {mergeStageStats} from '../cache/report.js'

export interface ShellDeps {
  readonly exec: Exec
  readonly env: Record<string, string>
  readonly warn: (message: string) => void
}

/** Cache pushes are retried as the image's own are (push-retry.ts); a retry is announced with `log`. */
export interface CachePushDeps extends ShellDeps {
  readonly log?: (message: string) => void
  readonly policy?: PushRetryPolicy
  readonly clock?: Clock
}

export interface PendingWrite {
  readonly ref: string
  readonly imageId: string
}

export interface DockerBuilds {
  readonly imageId: string
  readonly stages: readonly StageStats[]
  readonly imports: readonly CacheImport[]
  readonly pending: readonly PendingWrite[]
  readonly buildSeconds: number
}

async function readText(file: string): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).trim()
}

/**
 * Runs one build; returns what its progress output says. Build failures throw, as any build's would.
 * BuildKit leaves the stage name out of step names when the Dockerfile has one stage, named or not.
 */
async function build(engine: Engine, args: string[], deps: ShellDeps, singleStage: string | undefined) {
  const out = await deps.exec(engine.command, withEngineBuild(engine, args), {
    env: deps.env,
    stream: true,
    timeoutMs: BUILD_TIMEOUT_MS
  })
  const vertices = parseBuildkitProgress(`${out.stderr}\n${out.stdout}`)
  return {vertices, stats: stageStats(vertices, singleStage)}
}

/** Builds every stage the target needs, then the image itself; decides which cache refs to write. */
export async function runDockerBuilds(
  engine: Engine,
  req: BuildRequest,
  deps: ShellDeps
): Promise<DockerBuilds> {
  const started = performance.now()
  const plan = req.cache
  const stages = parseStages(await readText(req.file), req.buildArgs)
  const cachePlan = planDockerCache(plan ?? NO_CACHE, stages, req.target)
  const caching = plan !== undefined && (plan.mode === 'registry' || plan.mode === 'inline')
  const options: DockerCacheOptions | undefined = caching
    ? {cacheFrom: cachePlan.cacheFrom, inline: true}
    : undefined

  const perBuild: StageStats[][] = []
  const owners: string[] = []
  const imports: CacheImport[] = []
  const pending: PendingWrite[] = []
  for (const [i, stageBuild] of cachePlan.builds.entries()) {
    const isFinal = stageBuild.target === undefined
    const iidFile = isFinal ? req.iidFile : `${req.iidFile}.stage-${i}`
    const args = isFinal
      ? dockerBuildArgs(req, options)
      : dockerStageBuildArgs(
          req,
          {
            target: stageBuild.target as string,
            iidFile,
            labels: [`${STAGE_LABEL}=${stageBuild.label ?? stageBuild.stage}`]
          },
          options as DockerCacheOptions
        )
    const single = stages.length === 1 ? stageName(stages[0] as Stage) : undefined
    const {vertices, stats} = await build(engine, args, deps, single)
    perBuild.push(stats)
    owners.push(stageBuild.stage)
    // Every build imports the same refs; the first build's view of them is the one worth reporting.
    if (i === 0) imports.push(...cacheImports(vertices))
    const ref = refToWrite(
      stageBuild,
      stats.find(s => s.stage === stageBuild.stage)
    )
    if (ref) pending.push({ref, imageId: await readText(iidFile)})
  }
  return {
    imageId: await readText(req.iidFile),
    stages: mergeStageStats(perBuild, owners),
    imports,
    pending,
    buildSeconds: (performance.now() - started) / 1000
  }
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ')
}

/**
 * Tags and pushes each cache image, retrying transient failures as the image's own push is; a push that
 * still fails is a warning, never the build's failure.
 */
export async function pushCacheImages(
  engine: Engine,
  pending: readonly PendingWrite[],
  deps: CachePushDeps
): Promise<CacheWrite[]> {
  const writes: CacheWrite[] = []
  const push = {tool: 'docker' as const, command: engine.command, args: dockerPushArgs}
  const pushDeps = {
    exec: deps.exec,
    env: deps.env,
    log: deps.log ?? (() => undefined),
    ...(deps.policy ? {policy: deps.policy} : {}),
    ...(deps.clock ? {clock: deps.clock} : {})
  }
  for (const {ref, imageId} of pending) {
    const started = performance.now()
    const tagged = await deps.exec(engine.command, ['tag', imageId, ref], {env: deps.env, allowFailure: true})
    const pushed = tagged.exitCode === 0 ? await enginePush(ref, push, pushDeps) : undefined
    const seconds = (performance.now() - started) / 1000
    if (!pushed?.ok) {
      const why = pushed
        ? `${pushed.cause}${pushed.attempts > 1 ? ` (${pushed.attempts} attempts)` : ''}`
        : tail(tagged.stderr || tagged.stdout)
      deps.warn(`Could not write the layer cache ${ref} (the build itself succeeded): ${why}`)
      writes.push({ref, ok: false, seconds})
      continue
    }
    const stats = dockerPushStats(pushed.result.stdout)
    writes.push({ref, ok: true, seconds, layersPushed: stats.pushed, layersExisting: stats.existing})
  }
  return writes
}
