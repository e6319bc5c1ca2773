export const MediaType = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json'
} as const

/**
 * All four kinds, always: a registry that is not offered the type it stores may convert it (distribution
 * serves a schema-1 linux/amd64 manifest to a bare Accept), and the converted bytes have another digest.
 */
export const MANIFEST_ACCEPT = [
  MediaType.ociIndex,
  MediaType.ociManifest,
  MediaType.dockerManifestList,
  MediaType.dockerManifest
].join(', ')

export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly artifactType?: string
  readonly annotations?: Readonly<Record<string, string>>
  readonly platform?: Readonly<{architecture: string; os: string; variant?: string}>
}

/** The fields of image manifests and indexes that this action reads; anything else stays in the bytes. */
export interface Manifest {
  readonly schemaVersion?: number
  readonly mediaType?: string
  readonly artifactType?: string
  readonly config?: Descriptor
  readonly layers?: readonly Descriptor[]
  readonly manifests?: readonly Descriptor[]
  readonly subject?: Descriptor
  readonly annotations?: Readonly<Record<string, string>>
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList
}

/** Parses manifest bytes; throws a plain Error (callers add the registry context) when they are not a JSON object. */
export function parseManifest(bytes: Uint8Array): Manifest {
  const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'))
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('manifest is not a JSON object')
  }
  return value as Manifest
}

/** The Content-Type's media type unless it is missing or generic (`application/json`, `text/plain`). */
export function specificMediaType(contentType: string | null): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type && type !== 'application/json' && type !== 'text/plain' && type !== 'application/octet-stream'
    ? type
    : undefined
}

/**
 * The media type to label a manifest with: the Content-Type the registry sent unless it is generic, else the
 * `mediaType` field, else a guess from the shape (OCI manifests may omit the field).
 */
export function manifestMediaType(contentType: string | null, manifest: Manifest): string {
  const header = specificMediaType(contentType)
  if (header !== undefined) return header
  if (manifest.mediaType) return manifest.mediaType
  return manifest.manifests === undefined ? MediaType.ociManifest : MediaType.ociIndex
}

/** A descriptor of a pushed manifest, as the referrers index lists it. */
export function referrerDescriptor(
  manifest: Manifest,
  mediaType: string,
  digest: string,
  size: number
): Descriptor {
  const artifactType = manifest.artifactType ?? manifest.config?.mediaType
  return {
    mediaType,
    digest,
    size,
    ...(artifactType === undefined ? {} : {artifactType}),
    ...(manifest.annotations === undefined ? {} : {annotations: manifest.annotations})
  }
}
