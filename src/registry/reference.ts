import {InvalidReferenceError} from './errors.js'

/** The name Docker Hub goes by in references, credentials and messages. */
export const DOCKER_HUB = 'docker.io'
/** Where Docker Hub actually serves the distribution API: `docker.io` itself does not answer `/v2/`. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io'

export interface ImageReference {
  /** Registry as written or implied: `docker.io`, `ghcr.io`, `127.0.0.1:5000`, `localhost`. */
  readonly registry: string
  /** Repository path inside the registry; Docker Hub official images get `library/`. */
  readonly repository: string
  /** Absent only when a digest was given without a tag. */
  readonly tag?: string
  readonly digest?: string
}

// The grammar of distribution/reference, which docker, buildx and skopeo all share.
const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`
)
const TAG_RE = /^[\w][\w.-]{0,127}$/
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
const SHA256_RE = /^sha256:[a-f0-9]{64}$/
const IMAGE_ID_RE = /^[a-f0-9]{64}$/
const MAX_NAME_LENGTH = 255

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag)
}

/** A digest the registry can address: sha256 must be 64 lowercase hex digits, other algorithms are passed through. */
export function isValidDigest(digest: string): boolean {
  if (!DIGEST_RE.test(digest)) return false
  return !digest.startsWith('sha256:') || SHA256_RE.test(digest)
}

export function validateRepository(repository: string): void {
  if (repository.toLowerCase() !== repository) {
    throw new InvalidReferenceError(repository, 'repository names must be lowercase')
  }
  if (!PATH_RE.test(repository)) {
    throw new InvalidReferenceError(
      repository,
      'repository names are lowercase letters, digits and the separators ".", "_", "__", "-" between path components joined by "/"'
    )
  }
}

export function validateTag(tag: string): void {
  if (!isValidTag(tag)) {
    throw new InvalidReferenceError(
      tag,
      'tags are 1-128 characters of letters, digits, "_", "." and "-", and must not start with "." or "-"'
    )
  }
}

export function validateDigest(digest: string): void {
  if (!isValidDigest(digest)) {
    throw new InvalidReferenceError(digest, 'digests look like sha256:<64 lowercase hex digits>')
  }
}

/** The port of `host:port` (IPv6 literals in brackets), if one is written. */
function portOf(registry: string): number | undefined {
  const port = /(?:^[^:]*|\]):(\d+)$/.exec(registry)?.[1]
  return port === undefined ? undefined : Number(port)
}

/** Why `registry` (`host`, `host:port`, `[v6]:port`) is not a registry host, or undefined when it is one. */
export function registryHostProblem(registry: string): string | undefined {
  if (!DOMAIN_RE.test(registry)) return `"${registry}" is not a valid registry host`
  const port = portOf(registry)
  if (port !== undefined && (port < 1 || port > 65535)) {
    return `port ${port} of "${registry}" is not between 1 and 65535`
  }
  return undefined
}

/** Docker's rule: the first path component is a registry only if it looks like a host name. */
function splitRegistry(name: string): [string, string] {
  const slash = name.indexOf('/')
  const first = slash === -1 ? '' : name.slice(0, slash)
  const isHost =
    slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  let registry = isHost ? first : DOCKER_HUB
  let remainder = isHost ? name.slice(slash + 1) : name
  if (registry === 'index.docker.io') registry = DOCKER_HUB
  if (registry === DOCKER_HUB && !remainder.includes('/')) remainder = `library/${remainder}`
  return [registry, remainder]
}

/**
 * Parses a reference the way docker does: `busybox` is `docker.io/library/busybox:latest`, a first component
 * containing `.` or `:` (or `localhost`) is a registry, `:tag` and `@digest` may both be present.
 */
export function parseReference(input: string): ImageReference {
  const text = input.trim()
  if (text === '') throw new InvalidReferenceError(input, 'the image reference is empty')
  if (IMAGE_ID_RE.test(text)) {
    throw new InvalidReferenceError(input, 'a bare 64-character hex string is an image ID, not a reference')
  }
  const at = text.indexOf('@')
  const digest = at === -1 ? undefined : text.slice(at + 1)
  const nameAndTag = at === -1 ? text : text.slice(0, at)
  const [registry, remainder] = splitRegistry(nameAndTag)
  const colon = remainder.lastIndexOf(':')
  const hasTag = colon !== -1 && !remainder.slice(colon).includes('/')
  const repository = hasTag ? remainder.slice(0, colon) : remainder
  const tag = hasTag ? remainder.slice(colon + 1) : undefined

  const hostProblem = registryHostProblem(registry)
  if (hostProblem) throw new InvalidReferenceError(input, hostProblem)
  try {
    validateRepository(repository)
    if (tag !== undefined) validateTag(tag)
    if (digest !== undefined) validateDigest(digest)
  } catch (error: unknown) {
    if (error instanceof InvalidReferenceError) throw new InvalidReferenceError(input, error.detail)
    throw error
  }
  if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
    throw new InvalidReferenceError(input, `the name is longer than ${MAX_NAME_LENGTH} characters`)
  }
  if (digest !== undefined)
    return tag === undefined ? {registry, repository, digest} : {registry, repository, tag, digest}
  return {registry, repository, tag: tag ?? 'latest'}
}

/** The fully qualified form, e.g. `docker.io/library/busybox:latest` or `ghcr.io/o/r@sha256:…`. */
export function formatReference(ref: ImageReference): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`
  const digest = ref.digest === undefined ? '' : `@${ref.digest}`
  return `${ref.registry}/${ref.repository}${tag}${digest}`
}

/** What the manifest endpoints are addressed by: the digest when pinned, the tag otherwise. */
export function manifestRef(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest'
}

/** Host[:port] that serves `/v2/` for a registry name. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry
}

/** The host without its port; IPv6 literals keep their brackets. */
export function hostName(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(0, registry.indexOf(']') + 1)
  const colon = registry.lastIndexOf(':')
  return colon === -1 ? registry : registry.slice(0, colon)
}

/**
 * Loopback registries: docker treats 127.0.0.0/8 as insecure by default, so plain http is allowed there
 * (after trying https first). Nothing else is ever spoken to over http unless the caller says so.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostName(registry).toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true
  const octets = host.split('.')
  return (
    octets.length === 4 && octets[0] === '127' && octets.every(o => /^\d{1,3}$/.test(o) && Number(o) <= 255)
  )
}
