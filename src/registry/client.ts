import {
  getBlob,
  headBlob,
  mountBlob,
  uploadBlob,
  type BlobDownload,
  type BlobInfo,
  type MountOutcome
} from './blobs.js'
import {parseManifest, referrerDescriptor, type Manifest} from './manifest-format.js'
import {
  deleteManifest,
  deleteTag,
  getManifest,
  headManifest,
  putManifest,
  type FetchedManifest,
  type ManifestDescriptor,
  type PutManifestResult
} from './manifests.js'
import {
  addReferrerToFallback,
  listReferrers,
  removeReferrerFromFallback,
  type Referrers,
  type ReferrersOptions
} from './referrers.js'
import {RegistrySession, type SessionOptions} from './session.js'
import {listTags, type ListTagsOptions} from './tags.js'
import {fetchTransport} from './transport.js'
import type {BlobSource, UploadOptions} from './upload.js'

export interface RegistryClientOptions extends SessionOptions {
  /** Extra CA certificates (PEM) to trust; ignored when a transport is given. */
  readonly ca?: string
}

export interface PushedManifest extends PutManifestResult {
  /** Whether this push added the manifest to its subject's `sha256-<hex>` fallback index. */
  readonly fallbackIndexUpdated: boolean
}

/**
 * The one OCI distribution client, for one registry. Repositories are paths inside it (`library/busybox`);
 * `ref` is a tag or a digest. Transient failures are retried inside; what comes out is a typed RegistryError.
 */
export class RegistryClient {
  readonly registry: string
  private readonly session: RegistrySession

  constructor(options: RegistryClientOptions) {
    const {ca, ...rest} = options
    this.registry = options.registry
    this.session = new RegistrySession({
      ...rest,
      transport: options.transport ?? fetchTransport(ca === undefined ? {} : {ca})
    })
  }

  /** Checks the registry answers `/v2/` and, if it asks for them, that the credentials are accepted. */
  async ping(): Promise<void> {
    await this.session.expect({method: 'GET', path: '/v2/', operation: 'check the API', scopes: []}, [200])
  }

  headManifest(repository: string, ref: string): Promise<ManifestDescriptor | undefined> {
    return headManifest(this.session, repository, ref)
  }

  getManifest(repository: string, ref: string): Promise<FetchedManifest> {
    return getManifest(this.session, repository, ref)
  }

  /**
   * Pushes a manifest. One with a `subject` is also added to the subject's fallback referrers index when the
   * registry did not acknowledge the subject with `OCI-Subject`, as the distribution spec requires of clients.
   */
  async putManifest(
    repository: string,
    ref: string,
    bytes: Uint8Array,
    mediaType: string
  ): Promise<PushedManifest> {
    const result = await putManifest(this.session, repository, ref, bytes, mediaType)
    const parsed = parseOptional(bytes)
    if (parsed?.subject === undefined || result.subjectIndexed)
      return {...result, fallbackIndexUpdated: false}
    const descriptor = referrerDescriptor(parsed, mediaType, result.digest, bytes.byteLength)
    await addReferrerToFallback(this.session, repository, parsed.subject.digest, descriptor)
    return {...result, fallbackIndexUpdated: true}
  }

  /**
   * Deletes a manifest by digest (and, on most registries, every tag on it). Pass `subject` when the manifest
   * is a referrer, so it also leaves the subject's fallback index.
   */
  async deleteManifest(repository: string, digest: string, options: {subject?: string} = {}): Promise<void> {
    await deleteManifest(this.session, repository, digest)
    if (options.subject !== undefined) {
      await removeReferrerFromFallback(this.session, repository, options.subject, digest)
    }
  }

  /** Removes only this tag; RegistryUnsupportedError when the registry cannot (never falls back to a digest). */
  deleteTag(repository: string, tag: string): Promise<void> {
    return deleteTag(this.session, repository, tag)
  }

  /** All tags, or IncompleteListError: never a silently truncated list. */
  listTags(repository: string, options?: ListTagsOptions): Promise<string[]> {
    return listTags(this.session, repository, options)
  }

  headBlob(repository: string, digest: string): Promise<BlobInfo | undefined> {
    return headBlob(this.session, repository, digest)
  }

  getBlob(repository: string, digest: string): Promise<BlobDownload> {
    return getBlob(this.session, repository, digest)
  }

  uploadBlob(repository: string, source: BlobSource, options?: UploadOptions): Promise<BlobInfo> {
    return uploadBlob(this.session, repository, source, options)
  }

  /** Cross-repository mount; on a 202 uploads `source()` instead (or returns 'not-mounted' without one). */
  mountBlob(
    repository: string,
    digest: string,
    fromRepository: string,
    source?: () => BlobSource | Promise<BlobSource>,
    options?: UploadOptions
  ): Promise<MountOutcome> {
    return mountBlob(this.session, repository, digest, fromRepository, source, options)
  }

  referrers(repository: string, digest: string, options?: ReferrersOptions): Promise<Referrers> {
    return listReferrers(this.session, repository, digest, options)
  }
}

function parseOptional(bytes: Uint8Array): Manifest | undefined {
  try {
    return parseManifest(bytes)
  } catch {
    return undefined
  }
}
