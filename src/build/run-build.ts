/** Runs the build on the engine found (shell): the engine's own runner, then the tarballs asked for. */
import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {SLOW_TIMEOUT_MS} from '../shell/exec.js'
import {cacheForEngine} from './cache-support.js'
import {NO_CACHE} from '../cache/policy.js'
import type {BuildRequest} from './args.js'
import type {Engine} from './engine.js'
import {buildahArchiveArgs, dockerSaveArgs} from './outputs.js'
import {platformArgs} from './platforms.js'
import {buildWithBuildx} from './buildx-build.js'
import {buildWithDocker} from './docker-build.js'
import {buildWithBuildah} from './buildah-build.js'
import type {BuildDeps, BuildResult} from './build-shell.js'

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
