/** The build on docker without buildx (shell): a build per stage for the cache, then docker push. */
import path from 'node:path'
import {pushCacheImages, runDockerBuilds} from './docker-run.js'
import type {CacheReport} from '../cache/report.js'
import {dockerPushArgs, digestFromDockerPush} from './args.js'
import type {BuildRequest} from './args.js'
import type {Engine} from './engine.js'
import {dockerSaveLayout} from './push-save.js'
import type {EnginePush} from './push-tags.js'
import {
  baseReport,
  finish,
  pushDeps,
  pushEveryTag,
  seconds,
  type BuildResult,
  type Shell
} from './build-shell.js'

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

export async function buildWithDocker(engine: Engine, req: BuildRequest, shell: Shell): Promise<BuildResult> {
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
