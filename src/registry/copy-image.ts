import {toMessage} from '../shared/errors.js'
import {COSIGN_SUFFIXES, cosignTag, type CosignSuffix} from './attached-tags.js'
import type {RegistryClient} from './client.js'
import {RegistryError} from './errors.js'
import type {FetchedManifest} from './manifests.js'
import {isIndexMediaType} from './manifest-format.js'
import type {Descriptor} from './manifest-format.js'

/** One side of a copy: a repository on a registry, through its client. */
export interface Endpoint {
  readonly client: RegistryClient
  readonly repository: string
}

export interface CopyStats {
  /** Every manifest written: the image, its children, referrers and cosign artifacts. */
  manifests: number
  /** Manifests with a `subject` copied with it, however the source listed them: referrersApi + referrersTagSchema. */
  referrers: number
  /** …listed by the source's referrers API (OCI 1.1). */
  referrersApi: number
  /** …listed by the source's `sha256-<hex>` fallback index (a registry without the API, e.g. distribution 2.8). */
  referrersTagSchema: number
  /** cosign's tags, copied under the same names: `sha256-<hex>.sig` (signatures)… */
  cosignSig: number
  /** …`sha256-<hex>.att` (attestations)… */
  cosignAtt: number
  /** …and `sha256-<hex>.sbom` (attached SBOMs). */
  cosignSbom: number
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

/**
 * An image is copied with cosign's tags (of itself and of each child); an artifact (a referrer, a cosign
 * manifest) only with its own referrers.
 */
type Role = 'image' | 'artifact'

const COSIGN_STAT = {sig: 'cosignSig', att: 'cosignAtt', sbom: 'cosignSbom'} as const satisfies Record<
  CosignSuffix,
  keyof CopyStats
>
const COSIGN_WHAT: Record<CosignSuffix, string> = {
  sig: 'signature',
  att: 'attestation',
  sbom: 'SBOM'
}

/** A signature, attestation or other referrer that could not be copied; the message names it and both ends. */
export class AttachmentCopyError extends RegistryError {
  override name = 'AttachmentCopyError'
}

const endpointName = (endpoint: Endpoint): string => `${endpoint.client.registry}/${endpoint.repository}`

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
    referrersApi: 0,
    referrersTagSchema: 0,
    cosignSig: 0,
    cosignAtt: 0,
    cosignSbom: 0,
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

  /**
   * Everything a manifest needs in the destination, then the manifest itself under `refs` (its digest by
   * default), then what is attached to it: its referrers and, for an image, cosign's tags.
   */
  async copyTree(
    manifest: FetchedManifest,
    role: Role,
    refs: readonly string[] = [manifest.digest]
  ): Promise<void> {
    const {parsed} = manifest
    if (isIndexMediaType(manifest.mediaType) || parsed.manifests) {
      await Promise.all((parsed.manifests ?? []).map(child => this.copyByDigest(child.digest, role)))
    }
    const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])]
    await Promise.all(blobs.map(blob => this.copyBlob(blob)))
    for (const ref of refs) {
      await this.limit(() =>
        this.dst.client.putManifest(this.dst.repository, ref, manifest.bytes, manifest.mediaType)
      )
    }
    this.stats.manifests++
    // One after the other: a referrer and a cosign manifest with the same subject would both rewrite its
    // `sha256-<hex>` index on a target without the referrers API, and concurrent rewrites lose entries.
    await this.copyReferrers(manifest.digest)
    if (role === 'image') await this.copyCosignTags(manifest.digest)
  }

  private copyByDigest(digest: string, role: Role): Promise<void> {
    let pending = this.copied.get(digest)
    if (!pending) {
      pending = this.limit(() => this.src.client.getManifest(this.src.repository, digest)).then(m =>
        this.copyTree(m, role)
      )
      this.copied.set(digest, pending)
    }
    return pending
  }

  /** Runs one step of copying an attachment; a failure becomes an AttachmentCopyError naming `what`. */
  private async attachment<T>(what: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step()
    } catch (error: unknown) {
      if (error instanceof AttachmentCopyError) throw error
      const registryError = error instanceof RegistryError ? error : undefined
      throw new AttachmentCopyError(
        {
          host: registryError?.host ?? this.dst.client.registry,
          repository: registryError?.repository ?? this.dst.repository,
          ...(registryError?.status === undefined ? {} : {status: registryError.status}),
          ...(registryError?.code === undefined ? {} : {code: registryError.code})
        },
        `could not copy ${what} from ${endpointName(this.src)} to ${endpointName(this.dst)}: ${toMessage(error)}`,
        {cause: error}
      )
    }
  }

  /**
   * Signatures, SBOMs and attestations travel with their subject: the manifests the source lists as its
   * referrers, from the referrers API or the `sha256-<hex>` fallback index. Pushing them is enough: on a
   * target without the API the client adds each to the subject's fallback index there (merging with what the
   * target already lists), and one at a time, since each push rewrites that index.
   */
  private async copyReferrers(subject: string): Promise<void> {
    const {descriptors, source} = await this.attachment(`the referrers of ${subject}`, () =>
      this.limit(() => this.src.client.referrers(this.src.repository, subject))
    )
    for (const referrer of descriptors) {
      const kind = referrer.artifactType === undefined ? '' : ` (${referrer.artifactType})`
      await this.attachment(`referrer ${referrer.digest}${kind} of ${subject}`, () =>
        this.copyByDigest(referrer.digest, 'artifact')
      )
      this.stats.referrers++
      if (source === 'api') this.stats.referrersApi++
      else this.stats.referrersTagSchema++
    }
  }

  /**
   * cosign's legacy tags (`sha256-<hex>.sig`, `.att`, `.sbom`): manifests without a `subject`, found only
   * by name, copied under the same name (a copy keeps the digest, so the name stays true). One HEAD each;
   * an absent tag is simply not there.
   */
  private async copyCosignTags(digest: string): Promise<void> {
    const found = await Promise.all(
      COSIGN_SUFFIXES.map(async suffix => {
        const tag = cosignTag(digest, suffix)
        if (tag === undefined) return undefined
        const head = await this.attachment(`the cosign ${COSIGN_WHAT[suffix]} tag ${tag}`, () =>
          this.limit(() => this.src.client.headManifest(this.src.repository, tag))
        )
        return head && {suffix, tag}
      })
    )
    for (const entry of found) {
      if (entry === undefined) continue
      await this.attachment(`the cosign ${COSIGN_WHAT[entry.suffix]} tag ${entry.tag}`, async () => {
        const manifest = await this.limit(() => this.src.client.getManifest(this.src.repository, entry.tag))
        await this.copyTree(manifest, 'artifact', [entry.tag])
      })
      this.stats[COSIGN_STAT[entry.suffix]]++
    }
  }
}

/**
 * Copies `ref` (a tag or digest in `src`) to every tag in `tags` of `dst`; returns the top manifest's digest.
 * The tags are written last, once the image and everything attached to it is in `dst`: a copy that fails
 * half-way leaves no tag on an image without its signatures.
 */
export async function copyImage(
  src: Endpoint,
  ref: string,
  dst: Endpoint,
  tags: readonly string[],
  limit: Limit
): Promise<CopyResult> {
  const copier = new ImageCopier(src, dst, limit)
  const top = await limit(() => src.client.getManifest(src.repository, ref))
  if (copier.sameRepository) {
    // Children, blobs, referrers and cosign tags are already there: retagging is a manifest PUT per tag.
    for (const tag of tags.length > 0 ? tags : [top.digest])
      await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType))
    copier.stats.manifests++
  } else {
    try {
      await copier.copyTree(top, 'image')
    } catch (error: unknown) {
      if (!(error instanceof AttachmentCopyError) || tags.length === 0) throw error
      throw new AttachmentCopyError(
        {
          host: error.host,
          ...(error.repository === undefined ? {} : {repository: error.repository}),
          ...(error.status === undefined ? {} : {status: error.status}),
          ...(error.code === undefined ? {} : {code: error.code})
        },
        `${error.message}; so ${endpointName(dst)} was not tagged ${tags.join(', ')}`,
        {cause: error}
      )
    }
    for (const tag of tags) {
      await limit(() => dst.client.putManifest(dst.repository, tag, top.bytes, top.mediaType))
    }
  }
  return {digest: top.digest, mediaType: top.mediaType, stats: copier.stats}
}
