/**
 * Tags that belong to another manifest rather than name an image: the referrers fallback index
 * `sha256-<hex>` (distribution-spec "Referrers Tag Schema") and cosign's legacy scheme
 * `sha256-<hex>.sig`, `.att`, `.sbom` — manifests without a `subject`, found only by their tag's name.
 * Prune keeps and deletes them with their subject; promote copies them with it.
 */
import {referrersTag} from './digest.js'

/** cosign's tag suffixes: signatures, attestations (in-toto/DSSE), attached SBOMs. */
export const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const
export type CosignSuffix = (typeof COSIGN_SUFFIXES)[number]

const ATTACHED_TAG = /^sha256-([a-f0-9]{64})(?:\.([A-Za-z0-9_-]+))?$/

/** The subject of a referrers-index or cosign tag (`sha256-<hex>`, `sha256-<hex>.sig`), else undefined. */
export function attachedSubject(tag: string): string | undefined {
  const match = ATTACHED_TAG.exec(tag)
  return match ? `sha256:${match[1]}` : undefined
}

/**
 * cosign's tag for `suffix` of the manifest `digest`: `sha256-<hex>.sig`. Undefined for digests of other
 * algorithms, whose names would not fit a tag (cosign uses sha256 only).
 */
export function cosignTag(digest: string, suffix: CosignSuffix): string | undefined {
  return digest.startsWith('sha256:') ? `${referrersTag(digest)}.${suffix}` : undefined
}
