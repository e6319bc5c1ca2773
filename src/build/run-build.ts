import {cancellation, isCancelled} from '../shell/cancel.js'
import {access, mkdir, readFile, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import {CommandError, toMessage} from '../shared/errors.js'
import {BUILD_TIMEOUT_MS, SLOW_TIMEOUT_MS} from '../shell/exec.js'
import type {Exec, ExecResult} from '../shell/exec.js'
import {localCacheStaging} from '../cache/args.js'
import {
  actionsCacheNotes,
  restoreActionsCache,
  saveActionsCache,
  type ActionsCacheLib
} from '../cache/actions-cache.js'
import {pushCacheImages, runDockerBuilds} from './docker-run.js'
import {cacheForEngine} from './cache-support.js'
import {NO_CACHE} from '../cache/policy.js'
import {buildxCacheArgs} from '../cache/args.js'
import {buildxMessages, parseBuildahOutput, parseBuildkitProgress, stageStats} from '../cache/progress.js'
import {buildFailedOnCache, cacheOutcome, type CacheWrite} from '../cache/outcome.js'
import type {CachePlan} from '../cache/policy.js'
import type {CacheReport} from '../cache/report.js'
import type {CredentialStore} from '../registry/auth.js'
import {connectRegistry} from '../registry/connect.js'
import {isIndexMediaType} from '../registry/manifest-format.js'
import {parseReference} from '../registry/reference.js'
import type {Clock} from '../registry/retry.js'
import {
  buildahBuildArgs,
  buildahLayoutArgs,
  buildahPushArgs,
  buildxBuildArgs,
  buildxPushedTags,
  dockerPushArgs,
  dockerTagArgs,
  digestFromDockerPush,
  imagetoolsCreateArgs
} from './args.js'
import type {BuildRequest} from './args.js'
import {withEngineBuild} from './engine.js'
import type {Engine} from './engine.js'
import {buildxFailedInPush, classifyPush} from './push-classify.js'
import {engineCredentials} from './push-credentials.js'
import {layoutAttempt} from './push-layout.js'
import {dockerSaveLayout} from './push-save.js'
import type {AttemptResult} from './push-layout.js'
import {PushError, retryPush} from './push-retry.js'
import type {PushRetryPolicy} from './push-retry.js'
import {enginePush, outputTail, pushFirstTag, writeOtherTags} from './push-tags.js'
import type {Connect, EnginePush, PushDeps, TagDeps} from './push-tags.js'
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
  /** Progress worth a line in the job log, such as a push tried again (core.info by default). */
  readonly info?: (message: string) => void
  /**
   * The registry client that writes every tag after the first; by default one per registry with `credentials`,
   * else the credentials of the engine's own auth file (push-credentials.ts).
   */
  readonly connect?: Connect
  readonly credentials?: CredentialStore
  /** How pushes are retried (PUSH_RETRY_POLICY by default), and on which clock: for tests. */
  readonly pushPolicy?: PushRetryPolicy
  readonly clock?: Clock
  /** @actions/cache, for a local cache kept in GitHub's cache (loaded on first use by default): for tests. */
  readonly actionsCache?: () => Promise<ActionsCacheLib>
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

/** The step's login first, then what the engine itself would push with. */
function defaultConnect(engine: Engine, deps: BuildDeps): Connect {
  const own = engineCredentials(engine.kind, deps.env, deps.exec)
  const credentials: CredentialStore = {
    get: async registry => (await deps.credentials?.get(registry)) ?? (await own.get(registry))
  }
  return registry => connectRegistry({registry, credentials})
}

/** What pushes need: the registry client (engine credentials), the retry policy, the step's temp dir. */
function pushDeps(engine: Engine, req: BuildRequest, shell: Shell): PushDeps {
  return {
    exec: shell.exec,
    env: shell.env,
    log: shell.info ?? (message => core.info(message)),
    connect: shell.connect ?? defaultConnect(engine, shell),
    tempDir: path.dirname(req.iidFile),
    ...(shell.pushPolicy ? {policy: shell.pushPolicy} : {}),
    ...(shell.clock ? {clock: shell.clock} : {})
  }
}

function tagDeps(deps: PushDeps, fallback?: TagDeps['fallback']): TagDeps {
  return {
    connect: deps.connect ?? (registry => connectRegistry({registry})),
    log: deps.log,
    ...(fallback ? {fallback} : {})
  }
}

/**
 * Whether the builder can write an OCI layout: not the docker driver on the classic image store (the one
 * that cannot export cache either).
 */
function writesLayout(engine: Engine): boolean {
  return !(engine.builder?.driver === 'docker' && !engine.builder.cacheExport)
}

const LAYOUT_UNSUPPORTED = /OCI exporter is not supported/

function buildxRequest(req: BuildRequest, plan: CachePlan): BuildRequest {
  return {...req, cache: plan, tags: req.push ? buildxPushedTags(req.tags) : req.tags}
}

/** The pushed manifest's media type, from buildx's metadata (`containerimage.descriptor`). */
function pushedMediaType(metadata: Readonly<Record<string, unknown>>): string | undefined {
  const descriptor = metadata['containerimage.descriptor']
  if (!descriptor || typeof descriptor !== 'object') return undefined
  const mediaType = (descriptor as {mediaType?: unknown}).mediaType
  return typeof mediaType === 'string' ? mediaType : undefined
}

/** `repo@digest` of a pushed tag: what imagetools copies from. */
function byDigest(ref: string, digest: string): string {
  const parsed = parseReference(ref)
  return `${parsed.registry}/${parsed.repository}@${digest}`
}

/**
 * `docker buildx build`; a build that failed only because its cache could not be written (buildx refusing
 * cache export on the docker driver, an exporter BuildKit cannot set up, BuildKit < 0.11 ignoring
 * ignore-error) is built again without writing the cache, with a warning: a cache problem never fails a build.
 * With `push`, buildx pushes the first tag only. A push that failed transiently runs the command again, the
 * build being cached: to export the image as an OCI layout that the registry client pushes (push-layout.ts),
 * or, on a builder that cannot write one (the docker driver on the classic store), to push again. Then the
 * registry client writes the other tags from the pushed digest.
 */
async function buildWithBuildx(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  let plan = req.cache ?? NO_CACHE
  const cacheDeps = {
    ...(shell.actionsCache ? {lib: shell.actionsCache} : {}),
    info: shell.info ?? ((line: string) => core.info(line)),
    notice: (line: string) => core.notice(line),
    warn: shell.warn
  }
  const entry = plan.actionsCache
  const restored = entry ? await restoreActionsCache(entry, cacheDeps) : undefined
  const started = performance.now()
  const failedWrites: CacheWrite[] = []
  const deps = pushDeps(engine, req, shell)
  const first = req.push ? req.tags[0] : undefined
  let layout = first !== undefined && writesLayout(engine)
  const args = (layoutDir?: string) =>
    withEngineBuild(engine, buildxBuildArgs(buildxRequest(req, plan), layoutDir))
  const run = (timeoutMs: number | undefined, layoutDir?: string) =>
    shell.exec(engine.command, args(layoutDir), {
      env: shell.env,
      stream: true,
      allowFailure: true,
      timeoutMs: timeoutMs ?? BUILD_TIMEOUT_MS
    })
  /** The build, or its export to a layout; built again without writing the cache when only that failed. */
  const build = async (timeoutMs: number | undefined, layoutDir?: string): Promise<ExecResult> => {
    const out = await run(timeoutMs, layoutDir)
    if (out.exitCode === 0) return out
    const text = `${out.stderr}\n${out.stdout}`
    const cacheFailure = buildFailedOnCache(parseBuildkitProgress(text), buildxMessages(text))
    const asked = buildxCache(req, plan).to
    if (!cacheFailure || asked.length === 0) return out
    shell.warn(cacheFailure.warning)
    for (const entry of asked)
      failedWrites.push({ref: entry.ref, ok: false, seconds: 0, error: cacheFailure.error})
    plan = {...plan, writeRef: undefined, rawTo: []}
    return run(timeoutMs, layoutDir)
  }
  // The first attempt is the build itself (a build's time limit) pushing on its own; a push that failed is tried
  // again by exporting the (cached) image to a layout that the registry client pushes, request by request.
  const attempt = async (n: number, timeoutMs: number | undefined): Promise<AttemptResult> => {
    if (n === 1 || !layout || first === undefined || !deps.connect)
      return build(n > 1 ? timeoutMs : undefined)
    const viaLayout = await layoutAttempt(
      dir => build(timeoutMs, dir),
      first,
      deps.connect,
      deps.log,
      deps.tempDir
    )
    if (viaLayout.exitCode === 0) return viaLayout
    const verdict = viaLayout.verdict ?? classifyPush('buildx', viaLayout)
    if (verdict.transient && !LAYOUT_UNSUPPORTED.test(viaLayout.stderr)) return viaLayout
    // The builder cannot write the layout, or the client cannot push here: buildx pushes again itself.
    layout = false
    deps.log(`${first}: no push through the registry client (${verdict.cause}); buildx pushes again`)
    return build(timeoutMs)
  }
  const tries = await retryPush(attempt, result => result.verdict ?? classifyPush('buildx', result), {
    what: first ? `push of ${first}` : 'buildx build',
    log: deps.log,
    ...(deps.policy ? {policy: deps.policy} : {}),
    ...(deps.clock ? {clock: deps.clock} : {})
  })
  const out = tries.result
  if (!tries.ok) {
    const command = [engine.command, ...args()].join(' ')
    if (first === undefined || (tries.attempts === 1 && !buildxFailedInPush(out))) {
      // Cancelled before the push began: nothing was pushed.
      if (isCancelled()) throw cancellation()
      throw new CommandError(command, out.exitCode, tail(out.stderr || out.stdout))
    }
    throw new PushError({
      ref: first,
      attempts: tries.attempts,
      cause: tries.verdict?.cause ?? `exit code ${out.exitCode}`,
      tags: req.tags,
      pushed: [],
      command,
      exitCode: out.exitCode,
      detail: outputTail(out)
    })
  }
  const total = seconds(started)
  if (plan.mode === 'local' && plan.writeRef && plan.rawTo.length === 0) await swapLocalCache(plan.writeRef)
  // Not when the cache write failed and was dropped: the directory then holds only what was restored.
  const saved =
    entry && (plan.writeRef !== undefined || entry.noSave !== undefined)
      ? await saveActionsCache(entry, cacheDeps)
      : undefined
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
    notes: [...targets.notes, ...outcome.notes, ...actionsCacheNotes(restored, saved)]
  }
  const metadata = JSON.parse((await readText(req.metadataFile)) || '{}') as Record<string, unknown>
  // build-push-action's imageid is the config digest; buildx's iidfile holds the index digest when it
  // pushed an index (several platforms, attestations).
  const configDigest = metadata['containerimage.config.digest']
  const imageId = typeof configDigest === 'string' ? configDigest : await readText(req.iidFile)
  // A push through a layout knows its digest; buildx's metadata says the same (the layout's index).
  const digest = req.push
    ? (out.digest ?? (metadata['containerimage.digest'] as string | undefined))
    : undefined
  const pushed =
    digest && first ? await buildxOtherTags(engine, req, deps, {ref: first, digest}, metadata) : []
  if (digest && first && out.digest !== undefined) {
    // buildx pushed the inline cache tag itself when it pushed; a layout push leaves it to the client.
    await writeCacheTags({ref: first, digest}, targets.tags, deps, shell)
  }
  if (pushed.length > 1) {
    // What buildx would have written had it been given every tag.
    metadata['image.name'] = [...req.tags, ...targets.tags].join(',')
    if (req.load) await tagLoaded(engine, req.tags, shell)
  }
  const size = req.load ? await localSize(engine, shell, imageId) : undefined
  return {imageId, digest, pushed, size, metadata, cache}
}

/**
 * The tags after the first, from its digest. A tag the registry client cannot write is written by
 * `imagetools create` when buildx pushed an index (its bytes, so its digest, are kept); a single manifest
 * would be wrapped in a new index, so that tag fails instead.
 */
function buildxOtherTags(
  engine: Engine,
  req: BuildRequest,
  deps: PushDeps,
  first: {ref: string; digest: string},
  metadata: Readonly<Record<string, unknown>>
): Promise<PushedRef[]> {
  const mediaType = pushedMediaType(metadata)
  const source = byDigest(first.ref, first.digest)
  const imagetools: EnginePush = {
    tool: 'imagetools',
    command: engine.command,
    args: ref => imagetoolsCreateArgs(ref, source, engine.builder?.name),
    digest: async () => first.digest
  }
  const fallback =
    mediaType !== undefined && isIndexMediaType(mediaType)
      ? (ref: string) => enginePush(ref, imagetools, {...deps, connect: undefined})
      : undefined
  return writeOtherTags(first, req.tags, tagDeps(deps, fallback))
}

/** The inline cache's tag on the pushed image; a failure is a warning, as any cache write's. */
async function writeCacheTags(
  first: {ref: string; digest: string},
  tags: readonly string[],
  deps: PushDeps,
  shell: Shell
): Promise<void> {
  if (tags.length === 0) return
  try {
    await writeOtherTags(first, [first.ref, ...tags], tagDeps(deps))
  } catch (error: unknown) {
    shell.warn(`Could not write the inline cache tag (the build itself succeeded): ${toMessage(error)}`)
  }
}

/** A loaded image has only the tag buildx was given: the others, as `docker build` would have named it. */
async function tagLoaded(engine: Engine, tags: readonly string[], shell: Shell): Promise<void> {
  const [first, ...rest] = tags
  if (first === undefined) return
  for (const ref of rest) {
    const out = await shell.exec(engine.command, dockerTagArgs(first, ref), {
      env: shell.env,
      allowFailure: true
    })
    if (out.exitCode !== 0)
      shell.warn(`Could not tag the loaded image ${ref}: ${tail(out.stderr || out.stdout)}`)
  }
}

/** Plain `docker push` attempts before one goes through `docker save` and the registry client. */
const DOCKER_PUSHES_BEFORE_LAYOUT = 3

/**
 * `docker push`: the digest is on its last line. Its later attempts export the image with `docker save` for
 * the registry client to push (push-save.ts).
 */
function dockerPush(engine: Engine, shell: Shell): EnginePush {
  return {
    tool: 'docker',
    command: engine.command,
    args: ref => dockerPushArgs(ref),
    digest: async (_ref, result) => digestFromDockerPush(result.stdout),
    layout: (ref, dir, timeoutMs) =>
      dockerSaveLayout(shell.exec, engine.command, ref, dir, {
        env: shell.env,
        work: path.join(path.dirname(dir), 'save'),
        ...(timeoutMs === undefined ? {} : {timeoutMs})
      }),
    layoutFrom: DOCKER_PUSHES_BEFORE_LAYOUT + 1
  }
}

/** Engine push of the first tag, then the other tags from its digest (the engine again where the client cannot). */
async function pushEveryTag(
  engine: Engine,
  req: BuildRequest,
  shell: Shell,
  push: EnginePush
): Promise<PushedRef[]> {
  if (!req.push || req.tags.length === 0) return []
  const deps = pushDeps(engine, req, shell)
  const first = await pushFirstTag(req.tags, push, deps)
  // The engine's push of a tag the client could not write: the client cannot reach that registry.
  const fallback = (ref: string) => enginePush(ref, push, {...deps, connect: undefined})
  return writeOtherTags(first, req.tags, tagDeps(deps, fallback))
}

async function buildWithDocker(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  const builds = await runDockerBuilds(engine, req, shell)
  const pushed = await pushEveryTag(engine, req, shell, dockerPush(engine, shell))
  // After the image's own push: the cache is worth less than the image, and must never delay or fail it.
  const exportStarted = performance.now()
  const writes = await pushCacheImages(engine, builds.pending, {...shell, ...pushDeps(engine, req, shell)})
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
    allowFailure: true,
    timeoutMs: BUILD_TIMEOUT_MS
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
    stream: true,
    timeoutMs: BUILD_TIMEOUT_MS
  })
  return `${second.stdout}\n${second.stderr}`
}

async function buildWithBuildah(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
  const started = performance.now()
  const output = await buildahBuild(engine, req, shell)
  const buildahStats = parseBuildahOutput(output)
  const imageId = await readText(req.iidFile)
  const digestFile = `${req.iidFile}.digest`
  const pushed = await pushEveryTag(engine, req, shell, {
    tool: 'buildah',
    command: engine.command,
    args: ref => buildahPushArgs(ref, digestFile),
    digest: () => readText(digestFile),
    layout: (_ref, dir, timeoutMs) =>
      shell.exec(engine.command, buildahLayoutArgs(imageId, dir), {
        env: shell.env,
        stream: true,
        allowFailure: true,
        ...(timeoutMs === undefined ? {} : {timeoutMs})
      })
  })
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
        : dockerSaveArgs(output, req.tags.length > 0 ? req.tags : [result.imageId])
    await deps.exec(engine.command, args, {env: deps.env, stream: true, timeoutMs: SLOW_TIMEOUT_MS})
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
