import {computeDigest, matchesDigest} from './digest.js'
import {DigestMismatchError, RegistryError, RegistryUnsupportedError} from './errors.js'
import {
  MANIFEST_ACCEPT,
  manifestMediaType,
  parseManifest,
  specificMediaType,
  type Manifest
} from './manifest-format.js'
import {isValidDigest, validateDigest, validateRepository, validateTag} from './reference.js'
import {scopes, v2} from './scopes.js'
import type {RegistrySession} from './session.js'

export interface ManifestDescriptor {
  readonly digest: string
  readonly mediaType: string
  readonly size: number
}

export interface FetchedManifest extends ManifestDescriptor {
  readonly bytes: Uint8Array
  readonly parsed: Manifest
}

export interface PutManifestResult {
  readonly digest: string
  /** The registry answered `OCI-Subject`: it indexes referrers itself, no fallback tag is needed. */
  readonly subjectIndexed: boolean
}

function validateRef(ref: string): void {
  if (ref.includes(':')) validateDigest(ref)
  else validateTag(ref)
}

/** Digest and media type of a manifest, or undefined when there is none under `ref`. Costs no pull on Docker Hub. */
export async function headManifest(
  session: RegistrySession,
  repository: string,
  ref: string
): Promise<ManifestDescriptor | undefined> {
  validateRepository(repository)
  validateRef(ref)
  const request = {
    method: 'HEAD',
    path: v2(repository, `manifests/${ref}`),
    repository,
    operation: `check manifest ${ref}`,
    scopes: scopes.pull(repository),
    headers: {accept: MANIFEST_ACCEPT}
  }
  const response = await session.expect(request, [200, 404])
  if (response.status === 404) return undefined
  const digest = response.headers.get('docker-content-digest')
  const mediaType = specificMediaType(response.headers.get('content-type'))
  // Some registries omit the digest or the type on HEAD; the body then has to be fetched and read.
  if (digest === null || !isValidDigest(digest) || mediaType === undefined) {
    const {bytes: _bytes, parsed: _parsed, ...descriptor} = await getManifest(session, repository, ref)
    return descriptor
  }
  if (isValidDigest(ref) && ref !== digest) {
    throw new DigestMismatchError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: manifest ${ref} was announced with digest ${digest}`
    )
  }
  return {
    digest,
    mediaType,
    size: Number(response.headers.get('content-length') ?? 0)
  }
}

/**
 * The manifest under `ref`, checked against the requested digest (or, for tags, against Docker-Content-Digest)
 * so that nothing altered in transit is ever used.
 */
export async function getManifest(
  session: RegistrySession,
  repository: string,
  ref: string
): Promise<FetchedManifest> {
  validateRepository(repository)
  validateRef(ref)
  const what = {repository, operation: `get manifest ${ref}`}
  const response = await session.expect(
    {
      ...what,
      method: 'GET',
      path: v2(repository, `manifests/${ref}`),
      scopes: scopes.pull(repository),
      headers: {accept: MANIFEST_ACCEPT}
    },
    [200]
  )
  const bytes = response.body
  const announced = response.headers.get('docker-content-digest')
  const expected = isValidDigest(ref)
    ? ref
    : announced !== null && isValidDigest(announced)
      ? announced
      : undefined
  if (expected !== undefined && !matchesDigest(bytes, expected)) {
    throw new DigestMismatchError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: manifest ${ref} does not match digest ${expected}; refusing to use it`
    )
  }
  let parsed: Manifest
  try {
    parsed = parseManifest(bytes)
  } catch (error: unknown) {
    throw new RegistryError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: manifest ${ref} is not valid JSON`,
      {
        cause: error
      }
    )
  }
  return {
    digest: expected ?? computeDigest(bytes),
    mediaType: manifestMediaType(response.headers.get('content-type'), parsed),
    size: bytes.byteLength,
    bytes,
    parsed
  }
}

/** Pushes manifest bytes exactly as given (their digest is what gets signed and referenced). */
export async function putManifest(
  session: RegistrySession,
  repository: string,
  ref: string,
  bytes: Uint8Array,
  mediaType: string
): Promise<PutManifestResult> {
  validateRepository(repository)
  validateRef(ref)
  const digest = computeDigest(bytes)
  if (isValidDigest(ref) && !matchesDigest(bytes, ref)) {
    throw new DigestMismatchError(
      {host: session.registry, repository},
      `cannot push to ${session.registry}/${repository}@${ref}: the manifest's digest is ${digest}`
    )
  }
  const response = await session.expect(
    {
      method: 'PUT',
      path: v2(repository, `manifests/${ref}`),
      repository,
      operation: `push manifest ${ref}`,
      scopes: scopes.push(repository),
      headers: {'content-type': mediaType},
      body: bytes
    },
    [200, 201, 202, 204]
  )
  const announced = response.headers.get('docker-content-digest')
  if (announced !== null && announced.startsWith('sha256:') && announced !== digest) {
    throw new DigestMismatchError(
      {host: session.registry, repository},
      `${session.registry}/${repository} stored manifest ${ref} as ${announced}, not ${digest}`
    )
  }
  return {digest, subjectIndexed: response.headers.get('oci-subject') !== null}
}

/** Deletes a manifest by digest; on most registries every tag pointing at it goes too. */
export async function deleteManifest(
  session: RegistrySession,
  repository: string,
  digest: string
): Promise<void> {
  validateRepository(repository)
  validateDigest(digest)
  await session.expect(
    {
      method: 'DELETE',
      path: v2(repository, `manifests/${digest}`),
      repository,
      operation: `delete manifest ${digest}`,
      scopes: scopes.delete(repository)
    },
    [200, 202, 204]
  )
}

/**
 * Removes one tag and nothing else. Registries may refuse (400/405): that is a RegistryUnsupportedError, and
 * the caller must not fall back to deleting the digest, which would take sibling tags with it.
 */
export async function deleteTag(session: RegistrySession, repository: string, tag: string): Promise<void> {
  validateRepository(repository)
  validateTag(tag)
  const what = {repository, operation: `delete tag ${tag}`}
  const response = await session.send({
    ...what,
    method: 'DELETE',
    path: v2(repository, `manifests/${tag}`),
    scopes: scopes.delete(repository)
  })
  if (response.status === 202 || response.status === 200 || response.status === 204) return
  const error = await session.failure(what, response)
  if (response.status === 400 && !(error instanceof RegistryUnsupportedError)) {
    throw new RegistryUnsupportedError(
      {
        host: session.registry,
        repository,
        status: 400,
        ...(error.code === undefined ? {} : {code: error.code})
      },
      `${session.registry} does not support deleting tags (${error.message})`
    )
  }
  throw error
}
