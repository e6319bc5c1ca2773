/**
 * The untag trick for registries that cannot delete a single tag (distribution 2.8, GHCR): point the tag
 * at a tiny manifest of its own, then delete that manifest — which takes the tag with it and leaves the
 * siblings on the old digest alone. Guarded on both sides: the tag must still be where the plan saw it
 * right before the PUT, and must hold the placeholder right after it, or a newer push is never touched.
 */
import {randomBytes} from 'node:crypto'
import {computeDigest, MediaType, type RegistryClient} from '../../registry/index.js'
import {toMessage} from '../../shared/errors.js'
import type {Outcome} from '../plan/types.js'

const EMPTY = new TextEncoder().encode('{}')
const EMPTY_DIGEST = computeDigest(EMPTY)
export const PLACEHOLDER_TYPE = 'application/vnd.image-action.untagged.v1'

/** An empty OCI artifact, unique per call (so two untags never share a digest that one of them deletes). */
export function placeholderManifest(tag: string, digest: string): Uint8Array {
  const empty = {mediaType: MediaType.ociEmpty, digest: EMPTY_DIGEST, size: EMPTY.byteLength}
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: PLACEHOLDER_TYPE,
    config: empty,
    layers: [empty],
    annotations: {
      'org.opencontainers.image.description': `image-action removed tag ${tag} from ${digest}`,
      'io.github.image-action.nonce': `${new Date().toISOString()}-${randomBytes(8).toString('hex')}`
    }
  }
  return new TextEncoder().encode(JSON.stringify(manifest))
}

/** Uploads the 2-byte empty blob the placeholder refers to, once per repository. */
export function emptyBlobOnce(client: RegistryClient, path: string): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= (async () => {
      if ((await client.headBlob(path, EMPTY_DIGEST)) === undefined) await client.uploadBlob(path, EMPTY)
    })()
    return done
  }
}

export interface PlaceholderDeps {
  readonly client: RegistryClient
  readonly path: string
  readonly ensureEmptyBlob: () => Promise<void>
  /** Deletes the placeholder (by digest on OCI, by package version on GHCR). */
  readonly deletePlaceholder: (digest: string) => Promise<void>
  readonly attempts?: number
  readonly sleep?: (ms: number) => Promise<void>
}

/** Moves `tag` off `digest` onto a placeholder and deletes the placeholder; loud when that half-fails. */
export async function untagWithPlaceholder(
  deps: PlaceholderDeps,
  tag: string,
  digest: string
): Promise<Outcome> {
  const {client, path} = deps
  await deps.ensureEmptyBlob()
  const bytes = placeholderManifest(tag, digest)
  const placeholder = computeDigest(bytes)
  const before = await client.headManifest(path, tag)
  if (before === undefined) return {status: 'gone', detail: 'the tag was removed meanwhile'}
  if (before.digest !== digest) {
    return {status: 'skipped', detail: `the tag now points at ${before.digest}; a newer push is left alone`}
  }
  await client.putManifest(path, tag, bytes, MediaType.ociManifest)
  const after = await client.headManifest(path, tag)
  const moved = after?.digest !== placeholder
  let lastError: unknown
  const attempts = deps.attempts ?? 3
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await deps.deletePlaceholder(placeholder)
      return moved
        ? {
            status: 'skipped',
            detail: `the tag was re-pushed during the untag (now ${after?.digest ?? 'gone'}); left alone`
          }
        : {status: 'done', detail: `via placeholder ${placeholder}`}
    } catch (error: unknown) {
      lastError = error
      if (attempt < attempts)
        await (deps.sleep ?? (ms => new Promise(r => setTimeout(r, ms))))(1000 * attempt)
    }
  }
  return {
    status: 'failed',
    detail:
      `HALF-FINISHED UNTAG: ${tag} now points at placeholder ${placeholder} (it was ${digest}), and deleting the ` +
      `placeholder failed ${attempts} times (${toMessage(lastError)}); delete ${placeholder} by hand`
  }
}
