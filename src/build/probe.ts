import {access, constants, realpath} from 'node:fs/promises'
import path from 'node:path'
import type {Exec} from '../shell/exec.js'
import {engineSettled, type DockerClientProbe, type EngineChoice, type EngineProbe} from './engine.js'

/** Every executable called `name` on PATH, in PATH order, without duplicates through symlinks. */
export async function findOnPath(name: string, pathEnv: string): Promise<string[]> {
  const found: string[] = []
  const seen = new Set<string>()
  for (const dir of pathEnv.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      const real = await realpath(candidate)
      if (!seen.has(real)) {
        seen.add(real)
        found.push(candidate)
      }
    } catch {
      // not here
    }
  }
  return found
}

async function probeDocker(exec: Exec, command: string): Promise<DockerClientProbe> {
  const quiet = {allowFailure: true} as const
  const [version, buildx] = await Promise.all([
    exec(command, ['version', '--format', '{{json .}}'], quiet),
    exec(command, ['buildx', 'version'], quiet)
  ])
  let clientVersion: string | undefined
  let serverVersion: string | undefined
  // `docker version` prints the client part and exits 1 when no daemon answers; both cases are JSON.
  try {
    const parsed = JSON.parse(version.stdout.trim().split('\n')[0] ?? '') as {
      Client?: {Version?: string}
      Server?: {Version?: string} | null
    }
    clientVersion = parsed.Client?.Version
    serverVersion = version.exitCode === 0 ? (parsed.Server?.Version ?? undefined) : undefined
  } catch {
    // an old or odd client: leave versions unknown
  }
  const buildxVersion = buildx.exitCode === 0 ? /v?\d+\.\d+\.\d+\S*/.exec(buildx.stdout)?.[0] : undefined
  return {path: command, clientVersion, serverVersion, buildxVersion}
}

/**
 * Asks the docker clients on PATH, in PATH order, and buildah what they can do, for the `requested` engine:
 * until more answers cannot change the choice (engineSettled), no docker client when buildah is asked for;
 * without `requested`, everything is asked.
 */
export async function probeEngines(
  exec: Exec,
  pathEnv: string,
  requested?: EngineChoice
): Promise<EngineProbe> {
  const settled = (probe: EngineProbe): boolean => requested !== undefined && engineSettled(requested, probe)
  const [dockers, buildahs] = await Promise.all([
    requested === 'buildah' ? [] : findOnPath('docker', pathEnv),
    findOnPath('buildah', pathEnv)
  ])
  const dockerClients: DockerClientProbe[] = []
  for (const command of dockers) {
    dockerClients.push(await probeDocker(exec, command))
    if (settled({dockerClients})) return {dockerClients}
  }
  const buildahPath = buildahs[0]
  if (!buildahPath) return {dockerClients}
  const version = await exec(buildahPath, ['--version'], {allowFailure: true})
  const buildahVersion = /\d+\.\d+\.\d+/.exec(version.stdout)?.[0]
  return {dockerClients, buildah: buildahVersion ? {path: buildahPath, version: buildahVersion} : undefined}
}
