import {createHash, type Hash} from 'node:crypto'

const ALGORITHMS: Record<string, string> = {sha256: 'sha256', sha384: 'sha384', sha512: 'sha512'}

export function digestAlgorithm(digest: string): string {
  return digest.slice(0, digest.indexOf(':'))
}

/** A hasher for a digest's algorithm, or undefined when node cannot compute it (then the digest is trusted as is). */
export function hasherFor(algorithm: string): Hash | undefined {
  const name = ALGORITHMS[algorithm]
  return name === undefined ? undefined : createHash(name)
}

export function computeDigest(bytes: Uint8Array, algorithm = 'sha256'): string {
  const hash = hasherFor(algorithm)
  if (hash === undefined) throw new Error(`unsupported digest algorithm "${algorithm}"`)
  return `${algorithm}:${hash.update(bytes).digest('hex')}`
}

/** True when `bytes` hash to `digest`; digests of algorithms node lacks are accepted unchecked. */
export function matchesDigest(bytes: Uint8Array, digest: string): boolean {
  const algorithm = digestAlgorithm(digest)
  if (hasherFor(algorithm) === undefined) return true
  return computeDigest(bytes, algorithm) === digest
}

/**
 * The tag under which the referrers of `digest` are kept on registries without the referrers API
 * (distribution-spec "Referrers Tag Schema": `<alg>-<ref>`, truncated to 32 and 64 characters).
 */
export function referrersTag(digest: string): string {
  const colon = digest.indexOf(':')
  return `${digest.slice(0, colon).slice(0, 32)}-${digest.slice(colon + 1).slice(0, 64)}`
}
