import type {BuilderFacts} from './builder-facts.js'

/**
 * - `buildx`: `docker buildx build` on a builder that can do what the plan needs (builder.ts picks or
 *   creates it); it pushes itself and exports the layer cache.
 * - `docker`: BuildKit on the docker daemon without cache export — through the buildx docker driver
 *   (clients ≥ 23) or `DOCKER_BUILDKIT=1 docker build` (older clients); every stage is cached as an
 *   inline-cache image and `docker push` pushes.
 * - `buildah`: daemonless.
 */
export type EngineKind = 'buildx' | 'docker' | 'buildah'

/** The `engine` input's values: a kind, or `auto` (the first usable of buildx, docker, buildah). */
export const ENGINES = ['auto', 'buildx', 'docker', 'buildah'] as const
export type EngineChoice = (typeof ENGINES)[number]

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
  /**
   * The arguments that start a build: `buildx build --builder <name>`, `build` (docker < 23, built-in
   * BuildKit) or `bud` (buildah). For buildx the builder is settled later (builder.ts).
   */
  readonly build: readonly string[]
  /** The buildx builder the build runs on, once settled (buildx, and docker through a buildx client). */
  readonly builder?: BuilderFacts
  /** The docker daemon's version, for the BuildKit it embeds. */
  readonly daemonVersion?: string
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

/** The buildx builder is named once it is settled (builder.ts): until then, buildx's current one. */
export const BUILDX_BUILD = ['buildx', 'build'] as const

function asBuildx(client: DockerClientProbe): Engine {
  return {
    kind: 'buildx',
    command: client.path,
    version: client.buildxVersion ?? '',
    env: {},
    build: BUILDX_BUILD,
    ...(client.serverVersion ? {daemonVersion: client.serverVersion} : {})
  }
}

/** docker's own BuildKit: through buildx's docker driver when the client delegates builds to buildx. */
function asDocker(client: DockerClientProbe): Engine {
  const daemon = client.serverVersion ? {daemonVersion: client.serverVersion} : {}
  if (hasBuiltinBuildkit(client)) {
    return {
      kind: 'docker',
      command: client.path,
      version: client.serverVersion ?? '',
      env: {DOCKER_BUILDKIT: '1'},
      build: ['build'],
      ...daemon
    }
  }
  return {
    kind: 'docker',
    command: client.path,
    version: client.serverVersion ?? '',
    env: {},
    build: BUILDX_BUILD,
    ...daemon
  }
}

function buildxWithDaemon(client: DockerClientProbe): boolean {
  return client.buildxVersion !== undefined && client.serverVersion !== undefined
}

const finders: Record<EngineKind, (probe: EngineProbe) => Engine | undefined> = {
  buildx: probe => {
    const client = probe.dockerClients.find(buildxWithDaemon)
    return client && asBuildx(client)
  },
  // The first client on PATH that can drive the daemon's BuildKit, as a shell would pick it.
  docker: probe => {
    const client = probe.dockerClients.find(c => hasBuiltinBuildkit(c) || buildxWithDaemon(c))
    return client && asDocker(client)
  },
  buildah: probe =>
    probe.buildah && {
      kind: 'buildah',
      command: probe.buildah.path,
      version: probe.buildah.version,
      env: {},
      build: ['bud']
    }
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
    'start a Docker daemon (18.09 or later) and install the buildx plugin (or put a docker client older than 23.0 on PATH)',
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

/**
 * True once probing more can no longer change the choice: the preferred kind (buildx for `auto`) was found in
 * the clients probed so far, which come first on PATH. A cold runner then asks one docker client, not all of
 * them and buildah too.
 */
export function engineSettled(requested: EngineChoice, probe: EngineProbe): boolean {
  if (requested === 'buildah') return probe.buildah !== undefined
  const choice = chooseEngine(requested, probe)
  return 'engine' in choice && choice.engine.kind === (requested === 'auto' ? 'buildx' : requested)
}

/**
 * Puts the engine's own build command (`buildx build --builder <name>`, `build`, `bud`) in front of arguments
 * written for `buildx build`, `build` or `bud` by the pure argument builders.
 */
export function withEngineBuild(engine: Engine, args: readonly string[]): string[] {
  const lead =
    args[0] === 'buildx' && args[1] === 'build' ? 2 : ['build', 'bud'].includes(args[0] ?? '') ? 1 : 0
  return [...engine.build, ...args.slice(lead)]
}
