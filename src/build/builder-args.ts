/**
 * Argument builders for the builders this step creates (pure), as docker/setup-buildx-action creates them:
 * `docker buildx create --driver docker-container`, `docker buildx inspect --bootstrap`, `docker buildx rm`.
 */
import {isLoopbackRegistry} from '../registry/reference.js'

/** setup-buildx-action's default image and flags (action.yml defaults @ v4). */
export const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1'
export const DEFAULT_BUILDKITD_FLAGS =
  '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host'

export interface CreateBuilderOptions {
  readonly name: string
  /** `driver-opts` lines (`image=…`, `network=…`, `env.X=…`), as setup-buildx-action takes them. */
  readonly driverOpts: readonly string[]
  readonly buildkitdFlags?: string
  /** A buildkitd.toml file to pass with `--config`. */
  readonly configFile?: string
  /** Registries the build talks to: loopback ones need the host network (the container has its own). */
  readonly registries: readonly string[]
}

function optKey(opt: string): string {
  return opt.slice(0, Math.max(0, opt.indexOf('='))).trim()
}

/** The driver options: the user's, plus the defaults they do not set. */
export function builderDriverOpts(options: CreateBuilderOptions): string[] {
  const opts = [...options.driverOpts]
  const keys = new Set(opts.map(optKey))
  if (!keys.has('image')) opts.push(`image=${DEFAULT_BUILDKIT_IMAGE}`)
  // 127.0.0.1 inside the builder's container is the container itself: loopback registries need the host's.
  if (!keys.has('network') && options.registries.some(isLoopbackRegistry)) opts.push('network=host')
  return opts
}

export function createBuilderArgs(options: CreateBuilderOptions): string[] {
  const args = ['buildx', 'create', '--name', options.name, '--driver', 'docker-container']
  for (const opt of builderDriverOpts(options)) args.push('--driver-opt', opt)
  args.push('--buildkitd-flags', options.buildkitdFlags || DEFAULT_BUILDKITD_FLAGS)
  if (options.configFile) args.push('--config', options.configFile)
  return args
}

export function bootstrapBuilderArgs(name: string): string[] {
  return ['buildx', 'inspect', '--bootstrap', '--builder', name]
}

export function inspectBuilderArgs(name?: string): string[] {
  return name ? ['buildx', 'inspect', name] : ['buildx', 'inspect']
}

export function removeBuilderArgs(name: string): string[] {
  return ['buildx', 'rm', name]
}

export interface RegistryTrust {
  readonly host: string
  /** A CA the docker daemon trusts for it (`/etc/docker/certs.d/<host>/ca.crt`). */
  readonly caFile?: string
}

function tomlString(value: string): string {
  return JSON.stringify(value)
}

/**
 * buildkitd.toml `[registry."host"]` sections, so the container builder reaches what the docker daemon
 * reaches: a private CA from certs.d (buildx copies the file into the builder), and plain HTTP for
 * loopback registries without one (dockerd treats 127.0.0.0/8 as insecure by itself; BuildKit does not).
 * The user's own config (`buildkitd-config`) comes first; hosts it already configures are left alone.
 */
export function buildkitdConfig(userConfig: string, registries: readonly RegistryTrust[]): string {
  const sections: string[] = []
  for (const {host, caFile} of registries) {
    if (userConfig.includes(`[registry."${host}"]`)) continue
    if (caFile) sections.push(`[registry.${tomlString(host)}]\n  ca = [${tomlString(caFile)}]`)
    else if (isLoopbackRegistry(host))
      sections.push(`[registry.${tomlString(host)}]\n  http = true\n  insecure = true`)
  }
  return [userConfig.trimEnd(), ...sections].filter(Boolean).join('\n\n') + '\n'
}
