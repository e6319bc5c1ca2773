/** The build on buildx (shell): the cache, the push (through the registry client or buildx), the other tags. */
import {cancellation, isCancelled} from '../shell/cancel.js'
import {access, rename, rm} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import {CommandError, toMessage} from '../shared/errors.js'
import {BUILD_TIMEOUT_MS, tail} from '../shell/exec.js'
import type {ExecResult} from '../shell/exec.js'
import {localCacheStaging} from '../cache/args.js'
import {actionsCacheNotes, restoreActionsCache, saveActionsCache} from './actions-cache.js'
import {NO_CACHE} from '../cache/policy.js'
import {buildxCacheArgs} from '../cache/args.js'
import {buildxMessages, parseBuildkitProgress, stageStats} from '../cache/progress.js'
import {buildFailedOnCache, cacheOutcome, type CacheWrite} from '../cache/outcome.js'
import type {CachePlan} from '../cache/policy.js'
import type {CacheReport} from '../cache/report.js'
import {isIndexMediaType} from '../registry/manifest-format.js'
import {parseReference} from '../registry/reference.js'
import {buildxBuildArgs, buildxPushedTags, dockerTagArgs, imagetoolsCreateArgs} from './args.js'
import type {BuildRequest} from './args.js'
import {withEngineBuild} from './engine.js'
import type {Engine} from './engine.js'
import {buildxFailedInPush, classifyPush} from './push-classify.js'
import {layoutAttempt} from './push-layout.js'
import type {AttemptResult} from './push-layout.js'
import {PushError, retryPush} from './push-retry.js'
import {enginePush, outputTail, writeOtherTags} from './push-tags.js'
import type {EnginePush, PushDeps} from './push-tags.js'
import {
  baseReport,
  localSize,
  pushDeps,
  readText,
  seconds,
  tagDeps,
  type BuildResult,
  type PushedRef,
  type Shell
} from './build-shell.js'

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
export async function buildWithBuildx(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
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
