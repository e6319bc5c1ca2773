import {referrersTag} from './digest.js'
import {IncompleteListError, RegistryError, RegistryNotFoundError} from './errors.js'
import {nextLink} from './link.js'
import {MediaType, type Descriptor, type Manifest} from './manifest-format.js'
import {getManifest, putManifest} from './manifests.js'
import {validateDigest, validateRepository} from './reference.js'
import {scopes, v2} from './scopes.js'
import type {RegistryResponse, RegistrySession} from './session.js'

export interface ReferrersOptions {
  /** Only referrers of this artifact type (filtered here when the registry does not). */
  readonly artifactType?: string
}

export interface Referrers {
  readonly descriptors: readonly Descriptor[]
  /** `api`: the registry's referrers endpoint; `tag-schema`: the `sha256-<hex>` index tag clients maintain. */
  readonly source: 'api' | 'tag-schema'
}

function indexEntries(
  session: RegistrySession,
  repository: string,
  response: RegistryResponse
): Descriptor[] {
  try {
    const index = JSON.parse(Buffer.from(response.body).toString('utf8')) as Manifest
    return [...(index.manifests ?? [])]
  } catch (error: unknown) {
    throw new RegistryError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: the referrers answer is not an image index`,
      {
        cause: error
      }
    )
  }
}

/**
 * The manifests whose `subject` is `digest`. Uses the referrers API; a 404 there means the registry has none
 * (distribution 2.8, GHCR), and the spec's fallback is the index kept under the tag `sha256-<hex>`.
 */
export async function listReferrers(
  session: RegistrySession,
  repository: string,
  digest: string,
  options: ReferrersOptions = {}
): Promise<Referrers> {
  validateRepository(repository)
  validateDigest(digest)
  const query =
    options.artifactType === undefined
      ? ''
      : `?${new URLSearchParams({artifactType: options.artifactType}).toString()}`
  const what = {repository, operation: `list referrers of ${digest}`}
  const request = {
    ...what,
    method: 'GET',
    scopes: scopes.pull(repository),
    headers: {accept: MediaType.ociIndex}
  }
  const first = await session.send({...request, path: `${v2(repository, `referrers/${digest}`)}${query}`})
  const wanted = (list: Descriptor[]): Descriptor[] =>
    options.artifactType === undefined ? list : list.filter(d => d.artifactType === options.artifactType)

  if (first.status === 404) {
    return {descriptors: wanted(await fallbackIndex(session, repository, digest)), source: 'tag-schema'}
  }
  if (first.status !== 200) throw await session.failure(what, first)
  const descriptors = indexEntries(session, repository, first)
  const visited = new Set<string>()
  for (let link = nextLink(first.headers.get('link'), first.url); link !== undefined;) {
    if (visited.has(link)) break
    visited.add(link)
    let page: RegistryResponse
    try {
      page = await session.expect({...request, path: link}, [200])
    } catch (error: unknown) {
      throw new IncompleteListError(
        {host: session.registry, repository},
        `could not list all referrers of ${digest} in ${session.registry}/${repository}: ${error instanceof Error ? error.message : String(error)}`,
        descriptors.map(d => d.digest),
        {cause: error}
      )
    }
    descriptors.push(...indexEntries(session, repository, page))
    link = nextLink(page.headers.get('link'), page.url)
  }
  return {descriptors: wanted(descriptors), source: 'api'}
}

async function fallbackIndex(
  session: RegistrySession,
  repository: string,
  subject: string
): Promise<Descriptor[]> {
  try {
    const index = await getManifest(session, repository, referrersTag(subject))
    return [...(index.parsed.manifests ?? [])]
  } catch (error: unknown) {
    if (error instanceof RegistryNotFoundError) return []
    throw error
  }
}

async function writeFallbackIndex(
  session: RegistrySession,
  repository: string,
  subject: string,
  manifests: readonly Descriptor[]
): Promise<void> {
  const index = {schemaVersion: 2, mediaType: MediaType.ociIndex, manifests}
  const bytes = new TextEncoder().encode(JSON.stringify(index))
  await putManifest(session, repository, referrersTag(subject), bytes, MediaType.ociIndex)
}

/**
 * Adds a referrer to the `sha256-<hex>` index of its subject: what a client must do after pushing a manifest
 * with a `subject` to a registry that did not answer `OCI-Subject`. Read-modify-write: two writers racing on
 * one subject can lose an entry, so concurrent pushes of referrers to one subject should be serialized.
 */
export async function addReferrerToFallback(
  session: RegistrySession,
  repository: string,
  subject: string,
  referrer: Descriptor
): Promise<void> {
  const current = await fallbackIndex(session, repository, subject)
  if (current.some(d => d.digest === referrer.digest)) return
  await writeFallbackIndex(session, repository, subject, [...current, referrer])
}

/** Removes a deleted referrer from its subject's fallback index; false when it was not listed there. */
export async function removeReferrerFromFallback(
  session: RegistrySession,
  repository: string,
  subject: string,
  referrerDigest: string
): Promise<boolean> {
  const current = await fallbackIndex(session, repository, subject)
  const kept = current.filter(d => d.digest !== referrerDigest)
  if (kept.length === current.length) return false
  await writeFallbackIndex(session, repository, subject, kept)
  return true
}
