export {staticCredentials, type CredentialStore, type Credentials} from './auth.js'
export type {BlobDownload, BlobInfo, MountOutcome} from './blobs.js'
export {dockerCertsDirCa, registryCa} from './certs-dir.js'
export {RegistryClient, type PushedManifest, type RegistryClientOptions} from './client.js'
export {connectRegistry} from './connect.js'
export {computeDigest, referrersTag} from './digest.js'
export * from './errors.js'
export {
  MANIFEST_ACCEPT,
  MediaType,
  isIndexMediaType,
  parseManifest,
  type Descriptor,
  type Manifest
} from './manifest-format.js'
export type {FetchedManifest, ManifestDescriptor} from './manifests.js'
export {
  DOCKER_HUB,
  apiHost,
  formatReference,
  isLoopbackRegistry,
  isValidDigest,
  isValidTag,
  manifestRef,
  parseReference,
  type ImageReference
} from './reference.js'
export type {Referrers, ReferrersOptions} from './referrers.js'
export {DEFAULT_RETRY_POLICY, createLimiter, type Clock, type Limiter, type RetryPolicy} from './retry.js'
export type {ListTagsOptions} from './tags.js'
export {fetchTransport, type Transport, type TransportRequest} from './transport.js'
export type {BlobSource, UploadOptions} from './upload.js'
