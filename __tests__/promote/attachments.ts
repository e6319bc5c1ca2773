/**
 * Small manifests for promote tests, pushed with the client: images, an index over them, cosign's legacy
 * `sha256-<hex>.sig` / `.att` / `.sbom` manifests (no `subject`, found by tag name only) and OCI 1.1
 * referrers (with a `subject`; on a registry without the referrers API the client adds them to the
 * subject's `sha256-<hex>` fallback index).
 */
import {cosignTag, type CosignSuffix} from '../../src/registry/attached-tags.js'
import type {RegistryClient} from '../../src/registry/client.js'
import {computeDigest} from '../../src/registry/digest.js'
import {MediaType} from '../../src/registry/manifest-format.js'

export interface Pushed {
  readonly digest: string
  readonly size: number
  readonly mediaType: string
}

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

async function blob(
  client: RegistryClient,
  repo: string,
  mediaType: string,
  data: Uint8Array,
  annotations?: Record<string, string>
) {
  await client.uploadBlob(repo, data)
  return {
    mediaType,
    digest: computeDigest(data),
    size: data.byteLength,
    ...(annotations ? {annotations} : {})
  }
}

async function put(
  client: RegistryClient,
  repo: string,
  ref: string | undefined,
  value: unknown,
  mediaType: string
) {
  const bytes = encode(value)
  const pushed = await client.putManifest(repo, ref ?? computeDigest(bytes), bytes, mediaType)
  return {digest: pushed.digest, size: bytes.byteLength, mediaType}
}

/** A one-layer image named `name` (its config and layer say so, so every name has its own digests). */
export async function pushImage(
  client: RegistryClient,
  repo: string,
  tag: string | undefined,
  name: string,
  platform = {architecture: 'amd64', os: 'linux'}
): Promise<Pushed> {
  const config = await blob(
    client,
    repo,
    'application/vnd.oci.image.config.v1+json',
    encode({...platform, rootfs: {type: 'layers', diff_ids: []}, config: {Labels: {name}}})
  )
  const layer = await blob(
    client,
    repo,
    'application/vnd.oci.image.layer.v1.tar+gzip',
    new TextEncoder().encode(`layer of ${name}`)
  )
  return put(
    client,
    repo,
    tag,
    {schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [layer]},
    MediaType.ociManifest
  )
}

/** An OCI index over `children`, each with the platform given. */
export async function pushIndex(
  client: RegistryClient,
  repo: string,
  tag: string,
  children: readonly (Pushed & {platform: {architecture: string; os: string}})[]
): Promise<Pushed> {
  return put(
    client,
    repo,
    tag,
    {schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: children},
    MediaType.ociIndex
  )
}

const COSIGN_LAYER: Record<CosignSuffix, {mediaType: string; annotation: Record<string, string>}> = {
  sig: {
    mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
    annotation: {'dev.cosignproject.cosign/signature': 'MEUCIQDtest'}
  },
  att: {
    mediaType: 'application/vnd.dsse.envelope.v1+json',
    annotation: {predicateType: 'https://slsa.dev/provenance/v1'}
  },
  sbom: {mediaType: 'text/spdx+json', annotation: {}}
}

/**
 * What cosign pushes under `sha256-<hex>.<suffix>`: an OCI manifest with an image config and one layer per
 * signature or attestation, annotated — and no `subject`: only the tag's name ties it to `subject`.
 */
export async function pushCosign(
  client: RegistryClient,
  repo: string,
  subject: string,
  suffix: CosignSuffix
): Promise<{tag: string; digest: string}> {
  const tag = cosignTag(subject, suffix)
  if (tag === undefined) throw new Error(`no cosign tag for ${subject}`)
  const payload = encode({
    critical: {
      identity: {'docker-reference': `example/${repo}`},
      image: {'docker-manifest-digest': subject},
      type: `cosign container image ${suffix}`
    },
    optional: null
  })
  const layer = await blob(
    client,
    repo,
    COSIGN_LAYER[suffix].mediaType,
    payload,
    COSIGN_LAYER[suffix].annotation
  )
  const config = await blob(
    client,
    repo,
    'application/vnd.oci.image.config.v1+json',
    encode({
      architecture: '',
      os: '',
      created: '0001-01-01T00:00:00Z',
      rootfs: {type: 'layers', diff_ids: [layer.digest]},
      config: {}
    })
  )
  const pushed = await put(
    client,
    repo,
    tag,
    {schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [layer]},
    MediaType.ociManifest
  )
  return {tag, digest: pushed.digest}
}

/** An OCI 1.1 artifact whose `subject` is `subject`, pushed by digest. */
export async function pushReferrer(
  client: RegistryClient,
  repo: string,
  subject: Pushed,
  artifactType: string,
  note: string
): Promise<string> {
  const empty = await blob(client, repo, MediaType.ociEmpty, new TextEncoder().encode('{}'))
  const layer = await blob(client, repo, 'application/octet-stream', new TextEncoder().encode(note))
  const pushed = await put(
    client,
    repo,
    undefined,
    {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType,
      config: empty,
      layers: [layer],
      subject: {mediaType: subject.mediaType, digest: subject.digest, size: subject.size}
    },
    MediaType.ociManifest
  )
  return pushed.digest
}
