/** The build on buildah (shell): its registry layer cache, then buildah push. */
import {CommandError} from '../shared/errors.js'
import {BUILD_TIMEOUT_MS, tail} from '../shell/exec.js'
import {parseBuildahOutput} from '../cache/progress.js'
import type {CacheReport} from '../cache/report.js'
import {buildahBuildArgs, buildahLayoutArgs, buildahPushArgs} from './args.js'
import type {BuildRequest} from './args.js'
import type {Engine} from './engine.js'
import {
  baseReport,
  finish,
  pushEveryTag,
  readText,
  seconds,
  type BuildResult,
  type Shell
} from './build-shell.js'

const CACHE_PUSH_FAILED = /failed pushing cache/

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

export async function buildWithBuildah(
  engine: Engine,
  req: BuildRequest,
  shell: Shell
): Promise<BuildResult> {
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
