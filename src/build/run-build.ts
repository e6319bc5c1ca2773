import {access, mkdir, readFile, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import {CommandError} from '../errors.js'
import type {Exec} from '../exec.js'
import {localCacheStaging} from '../cache/args.js'
import {pushCacheImages, runDockerBuilds} from '../cache/docker-run.js'
import {cacheForEngine} from '../cache/engines.js'
import {NO_CACHE} from '../cache/policy.js'
import {buildxCacheArgs} from '../cache/args.js'
import {
  buildFailedOnCache,
  buildxMessages,
  cacheOutcome,
  parseBuildahOutput,
  parseBuildkitProgress,
  stageStats
} from '../cache/progress.js'
import type {CachePlan} from '../cache/policy.js'
import type {CacheReport, CacheWrite} from '../cache/report.js'
import {
  buildahBuildArgs,
  buildahPushArgs,
  buildxBuildArgs,
  dockerPushArgs,
  digestFromDockerPush
} from './args.js'
import type {BuildRequest} from './args.js'
import {withEngineBuild} from './engine.js'
import type {Engine} from './engine.js'
import {buildahArchiveArgs, dockerSaveArgs} from './outputs.js'
import {platformArgs} from './platforms.js'

export interface PushedRef {
  readonly ref: string
  readonly digest: string
}

export interface BuildResult {
  readonly imageId: string
  /** Manifest digest in the registry, when pushed. */
  readonly digest?: string
  readonly pushed: readonly PushedRef[]
  /** Image size in bytes as the engine reports it, when it keeps the image locally. */
  readonly size?: number
  /** The engine's own build metadata (buildx), or the same keys filled in for the others. */
  readonly metadata: Readonly<Record<string, unknown>>
  /** What the layer cache did: per-stage hits, refs read and written, time spent. */
  readonly cache?: CacheReport
}

export interface BuildDeps {
  readonly exec: Exec
  /** Environment for engine commands (the process environment plus the engine's own). */
  readonly env: Record<string, string>
  /** Cache problems are warnings, never failures (core.warning in the action). */
  readonly warn?: (message: string) => void
}

/** Deps with the warnings also collected for the report. */
interface Shell extends BuildDeps {
  readonly warn: (message: string) => void
  readonly warnings: string[]
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    return ''
  }
}

async function localSize(engine: Engine, deps: BuildDeps, imageId: string): Promise<number | undefined> {
  const args =
    engine.kind === 'buildah'
      ? ['inspect', '--type', 'image', '--format', '{{.ImageSize}}', imageId]
      : ['image', 'inspect', '--format', '{{.Size}}', imageId]
  const out = await deps.exec(engine.command, args, {env: deps.env, allowFailure: true})
  const size = Number(out.stdout.trim())
  return out.exitCode === 0 && Number.isFinite(size) && size > 0 ? size : undefined
}

function firstDigest(pushed: readonly PushedRef[]): string | undefined {
  return pushed[0]?.digest
}

const seconds = (since: number) => (performance.now() - since) / 1000

function baseReport(req: BuildRequest, shell: Shell): Pick<CacheReport, 'mode' | 'reason' | 'warnings'> {
  const plan = req.cache ?? NO_CACHE
  return {mode: plan.mode, reason: plan.reason, warnings: shell.warnings}
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}

/**
 * buildx appends to a local cache directory forever, so it writes a fresh one next to it, which replaces
 * the old one once the build is done (when the export did happen: it may fail without failing the build).
 */
async function swapLocalCache(dir: string): Promise<void> {
  const staging = localCacheStaging(dir)
  if (!(await exists(path.join(staging, 'index.json')))) return
  await rm(dir, {recursive: true, force: true})
  await rename(staging, dir)
}

function buildxCache(req: BuildRequest, plan: CachePlan) {
  return buildxCacheArgs(plan, req.push, req.cacheOptions)
}

/**
 * `docker buildx build`; a build that failed only because its cache could not be written (buildx refusing
 * cache export on the docker driver, an exporter BuildKit cannot set up, BuildKit < 0.11 ignoring
 * ignore-error) is built again without writing the cache, with a warning: a cache problem never fails a build.
 */
async function buildWithBuildx(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  const started = performance.now()
  let plan = req.cache ?? NO_CACHE
  const failedWrites: CacheWrite[] = []
  let out = await shell.exec(engine.command, withEngineBuild(engine, buildxBuildArgs(req)), {
    env: shell.env,
    stream: true,
    allowFailure: true
  })
  if (out.exitCode !== 0) {
    const text = `${out.stderr}\n${out.stdout}`
    const cacheFailure = buildFailedOnCache(parseBuildkitProgress(text), buildxMessages(text))
    const asked = buildxCache(req, plan).to
    if (!cacheFailure || asked.length === 0) {
      throw new CommandError(
        [engine.command, ...withEngineBuild(engine, buildxBuildArgs(req))].join(' '),
        out.exitCode,
        tail(out.stderr || out.stdout)
      )
    }
    shell.warn(cacheFailure.warning)
    for (const entry of asked)
      failedWrites.push({ref: entry.ref, ok: false, seconds: 0, error: cacheFailure.error})
    plan = {...plan, writeRef: undefined, rawTo: []}
    out = await shell.exec(engine.command, withEngineBuild(engine, buildxBuildArgs({...req, cache: plan})), {
      env: shell.env,
      stream: true
    })
  }
  const total = seconds(started)
  if (plan.mode === 'local' && plan.writeRef && plan.rawTo.length === 0) await swapLocalCache(plan.writeRef)
  const text = `${out.stderr}\n${out.stdout}`
  const vertices = parseBuildkitProgress(text)
  const targets = buildxCache(req, plan)
  const outcome = cacheOutcome(vertices, targets, buildxMessages(text))
  outcome.warnings.forEach(shell.warn)
  const cache: CacheReport = {
    ...baseReport(req, shell),
    stages: stageStats(vertices),
    imports: outcome.imports,
    buildSeconds: total - outcome.exportSeconds,
    exportSeconds: outcome.exportSeconds,
    writes: [...failedWrites, ...outcome.exports],
    notes: [...targets.notes, ...outcome.notes]
  }
  const metadata = JSON.parse((await readText(req.metadataFile)) || '{}') as Record<string, unknown>
  // build-push-action's imageid is the config digest; buildx's iidfile holds the index digest when it
  // pushed an index (several platforms, attestations).
  const configDigest = metadata['containerimage.config.digest']
  const imageId = typeof configDigest === 'string' ? configDigest : await readText(req.iidFile)
  const digest = req.push ? (metadata['containerimage.digest'] as string | undefined) : undefined
  const pushed = digest ? req.tags.map(ref => ({ref, digest})) : []
  const size = req.load ? await localSize(engine, shell, imageId) : undefined
  return {imageId, digest, pushed, size, metadata, cache}
}

async function buildWithDocker(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  const builds = await runDockerBuilds(engine, req, shell)
  const pushed: PushedRef[] = []
  if (req.push) {
    for (const ref of req.tags) {
      const out = await shell.exec(engine.command, dockerPushArgs(ref), {env: shell.env, stream: true})
      const digest = digestFromDockerPush(out.stdout)
      if (!digest) throw new Error(`docker push ${ref} did not report a digest`)
      pushed.push({ref, digest})
    }
  }
  // After the image's own push: the cache is worth less than the image, and must never delay or fail it.
  const exportStarted = performance.now()
  const writes = await pushCacheImages(engine, builds.pending, shell)
  const cache: CacheReport = {
    ...baseReport(req, shell),
    stages: builds.stages,
    imports: builds.imports,
    buildSeconds: builds.buildSeconds,
    exportSeconds: seconds(exportStarted),
    writes
  }
  return {...(await finish(engine, shell, builds.imageId, pushed)), cache}
}

const CACHE_PUSH_FAILED = /failed pushing cache/

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-25).join('\n')
}

/**
 * buildah fails the whole build when it cannot push a step image to the cache (after retrying each one),
 * so that failure is turned into a warning and the build run again without `--cache-to`: the steps it
 * already built are in its local storage, so the second run is quick.
 */
async function buildahBuild(engine: Engine, req: BuildRequest, shell: Shell): Promise<string> {
  const first = await shell.exec(engine.command, buildahBuildArgs(req), {
    env: shell.env,
    stream: true,
    allowFailure: true
  })
  const output = `${first.stdout}\n${first.stderr}`
  if (first.exitCode === 0) return output
  if (!req.cache?.writeRef || !CACHE_PUSH_FAILED.test(output)) {
    throw new CommandError(
      [engine.command, ...buildahBuildArgs(req)].join(' '),
      first.exitCode,
      tail(first.stderr || first.stdout)
    )
  }
  shell.warn(
    `buildah could not push to the layer cache; building again without writing it: ${tail(first.stderr).split('\n').pop()}`
  )
  const second = await shell.exec(engine.command, buildahBuildArgs(req, false), {
    env: shell.env,
    stream: true
  })
  return `${second.stdout}\n${second.stderr}`
}

async function buildWithBuildah(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  const started = performance.now()
  const output = await buildahBuild(engine, req, shell)
  const buildahStats = parseBuildahOutput(output)
  const imageId = await readText(req.iidFile)
  const pushed: PushedRef[] = []
  if (req.push) {
    const digestFile = `${req.iidFile}.digest`
    for (const ref of req.tags) {
      await shell.exec(engine.command, buildahPushArgs(ref, digestFile), {env: shell.env, stream: true})
      pushed.push({ref, digest: await readText(digestFile)})
    }
  }
  const cache: CacheReport = {
    ...baseReport(req, shell),
    stages: buildahStats.stages,
    imports: [],
    // buildah pushes each step image as soon as the step is done: build and export are one.
    buildSeconds: seconds(started),
    exportSeconds: 0,
    writes: [],
    stepImagesPulled: buildahStats.cachePulls,
    stepImagesPushed: buildahStats.cachePushes
  }
  return {...(await finish(engine, shell, imageId, pushed)), cache}
}

async function finish(
  engine: Engine,
  deps: BuildDeps,
  imageId: string,
  pushed: PushedRef[]
): Promise<BuildResult> {
  const digest = firstDigest(pushed)
  const metadata: Record<string, unknown> = {
    'containerimage.config.digest': imageId,
    ...(digest ? {'containerimage.digest': digest} : {}),
    'image.name': pushed.map(p => p.ref).join(',')
  }
  return {imageId, digest, pushed, size: await localSize(engine, deps, imageId), metadata}
}

const builders = {buildx: buildWithBuildx, docker: buildWithDocker, buildah: buildWithBuildah}

/** Image tarballs for moving the image between jobs (docker and buildah; buildx writes its own outputs). */
async function writeTarballs(engine: Engine, req: BuildRequest, result: BuildResult, deps: BuildDeps) {
  for (const output of req.tarballs ?? []) {
    await mkdir(path.dirname(output.dest), {recursive: true})
    const tag = req.tags[0]
    const args =
      engine.kind === 'buildah'
        ? buildahArchiveArgs(output, result.imageId, tag)
        : dockerSaveArgs(output, tag ?? result.imageId)
    await deps.exec(engine.command, args, {env: deps.env, stream: true})
  }
}

/** Builds, then pushes every tag when asked; each engine reports the registry's manifest digest. */
export async function runBuild(engine: Engine, req: BuildRequest, deps: BuildDeps): Promise<BuildResult> {
  const warnings: string[] = []
  const warn = (message: string) => {
    warnings.push(message)
    deps.warn?.(message)
  }
  const platforms = platformArgs(engine.kind, req.platforms ?? [])
  if ('error' in platforms) throw new Error(platforms.error)
  const fitted = cacheForEngine(req.cache ?? NO_CACHE, engine.kind)
  fitted.warnings.forEach(warn)
  const result = await builders[engine.kind](engine, {...req, cache: fitted.plan}, {...deps, warn, warnings})
  await writeTarballs(engine, req, result, deps)
  return result
}
