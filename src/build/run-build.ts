import {readFile} from 'node:fs/promises'
import type {Exec} from '../exec.js'
import {buildahBuildArgs, buildahPushArgs, buildxBuildArgs, dockerBuildArgs, dockerPushArgs, digestFromDockerPush} from './args.js'
import type {BuildRequest} from './args.js'
import type {Engine} from './engine.js'

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
}

export interface BuildDeps {
  readonly exec: Exec
  /** Environment for engine commands (the process environment plus the engine's own). */
  readonly env: Record<string, string>
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

async function buildWithBuildx(engine: Engine, req: BuildRequest, deps: BuildDeps): Promise<BuildResult> {
  await deps.exec(engine.command, buildxBuildArgs(req), {env: deps.env, stream: true})
  const metadata = JSON.parse((await readText(req.metadataFile)) || '{}') as Record<string, unknown>
  const imageId = await readText(req.iidFile)
  const digest = req.push ? (metadata['containerimage.digest'] as string | undefined) : undefined
  const pushed = digest ? req.tags.map(ref => ({ref, digest})) : []
  const size = req.load ? await localSize(engine, deps, imageId) : undefined
  return {imageId, digest, pushed, size, metadata}
}

async function buildWithDocker(engine: Engine, req: BuildRequest, deps: BuildDeps): Promise<BuildResult> {
  await deps.exec(engine.command, dockerBuildArgs(req), {env: deps.env, stream: true})
  const imageId = await readText(req.iidFile)
  const pushed: PushedRef[] = []
  if (req.push) {
    for (const ref of req.tags) {
      const out = await deps.exec(engine.command, dockerPushArgs(ref), {env: deps.env, stream: true})
      const digest = digestFromDockerPush(out.stdout)
      if (!digest) throw new Error(`docker push ${ref} did not report a digest`)
      pushed.push({ref, digest})
    }
  }
  return finish(engine, deps, imageId, pushed)
}

async function buildWithBuildah(engine: Engine, req: BuildRequest, deps: BuildDeps): Promise<BuildResult> {
  await deps.exec(engine.command, buildahBuildArgs(req), {env: deps.env, stream: true})
  const imageId = await readText(req.iidFile)
  const pushed: PushedRef[] = []
  if (req.push) {
    const digestFile = `${req.iidFile}.digest`
    for (const ref of req.tags) {
      await deps.exec(engine.command, buildahPushArgs(ref, digestFile), {env: deps.env, stream: true})
      pushed.push({ref, digest: await readText(digestFile)})
    }
  }
  return finish(engine, deps, imageId, pushed)
}

async function finish(engine: Engine, deps: BuildDeps, imageId: string, pushed: PushedRef[]): Promise<BuildResult> {
  const digest = firstDigest(pushed)
  const metadata: Record<string, unknown> = {
    'containerimage.config.digest': imageId,
    ...(digest ? {'containerimage.digest': digest} : {}),
    'image.name': pushed.map(p => p.ref).join(',')
  }
  return {imageId, digest, pushed, size: await localSize(engine, deps, imageId), metadata}
}

const builders = {buildx: buildWithBuildx, docker: buildWithDocker, buildah: buildWithBuildah}

/** Builds, then pushes every tag when asked; each engine reports the registry's manifest digest. */
export function runBuild(engine: Engine, req: BuildRequest, deps: BuildDeps): Promise<BuildResult> {
  return builders[engine.kind](engine, req, deps)
}
