import type {EngineChoice} from '../inputs.js'

export type EngineKind = 'buildx' | 'docker' | 'buildah'

/** What one docker client on PATH can do, as probed. */
export interface DockerClientProbe {
  readonly path: string
  readonly clientVersion?: string
  /** Set when a daemon answered this client. */
  readonly serverVersion?: string
  /** Set when `docker buildx version` works with this client. */
  readonly buildxVersion?: string
}

export interface EngineProbe {
  readonly dockerClients: readonly DockerClientProbe[]
  readonly buildah?: {readonly path: string; readonly version: string}
}

export interface Engine {
  readonly kind: EngineKind
  /** Absolute path of the program to run. */
  readonly command: string
  readonly version: string
  /** Extra environment the engine needs (docker's built-in BuildKit is opt-in on 20.10). */
  readonly env: Readonly<Record<string, string>>
}

function major(version: string | undefined): number {
  const match = /^(\d+)\./.exec(version ?? '')
  return match ? Number(match[1]) : NaN
}

/**
 * Docker clients from 23.0 on hand BuildKit builds to the buildx plugin and fail without it, while
 * older clients drive the daemon's built-in BuildKit themselves when DOCKER_BUILDKIT=1.
 */
function hasBuiltinBuildkit(client: DockerClientProbe): boolean {
  const clientMajor = major(client.clientVersion)
  const serverMajor = major(client.serverVersion)
  return client.serverVersion !== undefined && clientMajor < 23 && serverMajor >= 18
}

function asBuildx(client: DockerClientProbe): Engine {
  return {kind: 'buildx', command: client.path, version: client.buildxVersion ?? '', env: {}}
}

function asDocker(client: DockerClientProbe): Engine {
  return {
    kind: 'docker',
    command: client.path,
    version: client.serverVersion ?? '',
    env: {DOCKER_BUILDKIT: '1'}
  }
}

const finders: Record<EngineKind, (probe: EngineProbe) => Engine | undefined> = {
  buildx: probe => {
    const client = probe.dockerClients.find(
      c => c.buildxVersion !== undefined && c.serverVersion !== undefined
    )
    return client && asBuildx(client)
  },
  docker: probe => {
    const client = probe.dockerClients.find(hasBuiltinBuildkit)
    return client && asDocker(client)
  },
  buildah: probe =>
    probe.buildah && {kind: 'buildah', command: probe.buildah.path, version: probe.buildah.version, env: {}}
}

/** One line per thing found, for error messages that say what is there. */
export function describeProbe(probe: EngineProbe): string[] {
  const lines = probe.dockerClients.map(client => {
    const parts = [`docker ${client.clientVersion ?? '(unknown version)'} at ${client.path}`]
    parts.push(client.buildxVersion ? `buildx ${client.buildxVersion}` : 'no buildx plugin')
    parts.push(client.serverVersion ? `daemon ${client.serverVersion} answering` : 'no daemon answering')
    return parts.join(', ')
  })
  lines.push(
    probe.buildah ? `buildah ${probe.buildah.version} at ${probe.buildah.path}` : 'buildah not found'
  )
  if (probe.dockerClients.length === 0) lines.unshift('docker not found')
  return lines
}

const INSTALL_HINT: Record<EngineKind, string> = {
  buildx:
    'install the buildx plugin (docker/setup-buildx-action, or the docker-buildx package) and start the Docker daemon',
  docker:
    'start a Docker daemon (18.09 or later) and put a docker client older than 23.0 on PATH, or install buildx',
  buildah: 'install buildah (apt-get install buildah)'
}

export type EngineChoiceResult = {readonly engine: Engine} | {readonly error: string}

/** Picks the engine from what was probed; never assumes. */
export function chooseEngine(requested: EngineChoice, probe: EngineProbe): EngineChoiceResult {
  const order: EngineKind[] = requested === 'auto' ? ['buildx', 'docker', 'buildah'] : [requested]
  for (const kind of order) {
    const engine = finders[kind](probe)
    if (engine) return {engine}
  }
  const found = describeProbe(probe)
    .map(line => `  - ${line}`)
    .join('\n')
  const hint =
    requested === 'auto'
      ? `Install one: ${order.map(kind => `${kind}: ${INSTALL_HINT[kind]}`).join('; ')}.`
      : `To use it, ${INSTALL_HINT[requested]}; or set engine: auto.`
  const what =
    requested === 'auto'
      ? 'No build engine is usable'
      : `engine '${requested}' was requested but is not usable`
  return {error: `${what}. Found:\n${found}\n${hint}`}
}
