import type {RegistryClient} from '../registry/client.js'
import {RegistryError} from '../registry/errors.js'
import type {FetchedManifest} from '../registry/manifests.js'
import {isIndexMediaType} from '../registry/manifest.js'
import type {Descriptor} from '../registry/manifest.js'

/** One side of a copy: a repository on a registry, through its client. */
export interface Endpoint {
  readonly client: RegistryClient
  readonly repository: string
}

export interface CopyStats {
  manifests: number
  referrers: number
  blobsPresent: number
  blobsMounted: number
  blobsCopied: number
  bytesCopied: number
}

export interface CopyResult {
  readonly digest: string
  readonly mediaType: string
  readonly stats: CopyStats
}

type Limit = <T>(task: () => Promise<T>) => Promise<T>

/** Transfers of one blob, from a fresh download into a fresh upload session. */
const BLOB_ATTEMPTS = 3

/**
 * The upload session was lost mid-way (distribution 2.8 cancels it when a retried chunk had already landed):
 * the client cannot go on with it, but the blob can be fetched again into a new one.
 */
function uploadSessionLost(error: unknown): boolean {
  return error instanceof RegistryError && error.status === 404 && /^BLOB_UPLOAD_/.test(error.code ?? '')
}

/**
 * Copies what the destination lacks, registry to registry, without an engine: blobs are skipped when present,
 * mounted within a registry, streamed across registries; children before their index, subjects before their
 * referrers, so the destination never points at something it does not hold.
 */
class ImageCopier {
  readonly stats: CopyStats = {
    manifests: 0,
    referrers: 0,
    blobsPresent: 0,
    blobsMounted: 0,
    blobsCopied: 0,
    bytesCopied: 0
  }
  private readonly copied = new Map<string, Promise<void>>()
  private readonly sameRegistry: boolean
  readonly sameRepository: boolean

  constructor(
    private readonly src: Endpoint,
    private readonly dst: Endpoint,
    private readonly limit: Limit
  ) {
    this.sameRegistry = src.client.registry === dst.client.registry
    this.sameRepository = this.sameRegistry && src.repository === dst.repository
  }

  private async copyBlob(blob: Descriptor): Promise<void> {
    if (this.sameRepository) return
    await this.limit(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.transferBlob(blob)
        } catch (error: unknown) {
          if (attempt >= BLOB_ATTEMPTS || !uploadSessionLost(error)) throw error
        }
      }
    })
  }

  private async transferBlob(blob: Descriptor): Promise<void> {
    if (await this.dst.client.headBlob(this.dst.repository, blob.digest)) {
      this.stats.blobsPresent++
      return
    }
    const stream = async () => {
      const download = await this.src.client.getBlob(this.src.repository, blob.digest)
      return {stream: download.stream, digest: blob.digest}
    }
    if (this.sameRegistry) {
      const outcome = await this.dst.client.mountBlob(
        this.dst.repository,
        blob.digest,
        this.src.repository,
        stream
      )
      if (outcome === 'mounted') {
        this.stats.blobsMounted++
        return
      }
    } else {
      await this.dst.client.uploadBlob(this.dst.repository, await stream())
    }
    this.stats.blobsCopied++
    this.stats.bytesCopied += blob.size
  }

  /** Everything a manifest needs in the destination, then the manifest itself under `refs` (its digest by default). */
  async copyTree(manifest: FetchedManifest, refs: readonly string[] = [manifest.digest]): Promise<void> {
    const {parsed} = manifest
    if (isIndexMediaType(manifest.mediaType) || parsed.manifests) {
      await Promise.all((parsed.manifests ?? []).map(child => this.copyByDigest(child.digest)))
    }
    const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])]
    await Promise.all(blobs.map(blob => this.copyBlob(blob)))
    for (const ref of refs) {
      await this.limit(() =>
        this.dst.client.putManifest(this.dst.repository, ref, manifest.bytes, manifest.mediaType)
      )
    }
    this.stats.manifests++
    await this.copyReferrers(manifest.digest)
  }

  private copyByDigest(digest: string): Promise<void> {
    let pending = this.copied.get(digest)
    if (!pending) {
      pending = this.limit(() => this.src.client.getManifest(this.src.repository, digest)).then(m =>
        this.copyTree(m)
      )
      this.copied.set(digest, pending)
    }
    return pending
  }

  /** Signatures, SBOMs and attestations travel with their subject. */
  private async copyReferrers(subject: string): Promise<void> {
    const {descriptors} = await this.limit(() => this.src.client.referrers(this.src.repository, subject))
    this.stats.referrers += descriptors.length
    await Promise.all(descriptors.map(d => this.copyByDigest(d.digest)))
  }
}

/** Copies `ref` (a tag or digest in `src`) to every tag in `tags` of `dst`; returns the top manifest's digest. */
export async function copyImage(
  src: Endpoint,
  ref: string,
  dst: Endpoint,
  tags: readonly string[],
  limit: Limit
): Promise<CopyResult> {
  const copier = new ImageCopier(src, dst, limit)
  const top = await limit(() => src.client.getManifest(src.repository, ref))
  const refs = tags.length > 0 ? tags : [top.digest]
  if (copier.sameRepository) {
    // Children, blobs and referrers are already there: retagging is a manifest PUT per tag.
    for (const tag of refs)
      await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType))
    copier.stats.manifests++
  } else {
    await copier.copyTree(top, refs)
  }
  return {digest: top.digest, mediaType: top.mediaType, stats: copier.stats}
}
