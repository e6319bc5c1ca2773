/**
 * The first listing of a repository, per registry kind (shell). What each can know:
 * - OCI: every tag (tags/list, never truncated), each tag's manifest (one GET), referrers from the API or the
 *   `sha256-<hex>` tags. Not untagged manifests: the distribution API cannot list them. Times: annotation or
 *   config `created`, read only for tags a time rule judges.
 * - Docker Hub: tags with push times from the Hub API, digests by registry HEAD (a HEAD is not a pull).
 * - GHCR: every version (tagged or not) with its tags and `updated_at` from the Packages API; manifests are
 *   read from ghcr.io only where the plan needs them.
 * A tag listed (OCI, Hub) that then cannot be read, a 404 included, is unreadable: it blocks the repository.
 */
import {IncompleteListError, RegistryNotFoundError, type RegistryClient} from '../../registry/index.js'
import {toMessage} from '../../shared/errors.js'
import {InventoryBuilder, NOT_FOUND, probeReferrers, readTag, unreadableWhy} from './inventory.js'
import type {GhcrApi} from '../../registry/apis/ghcr.js'
import type {HubApi} from '../../registry/apis/hub.js'

export interface Target {
  /** `ghcr.io/o/app`: for messages and reports. */
  readonly name: string
  readonly registry: string
  /** The repository inside the registry: `o/app`. */
  readonly path: string
}

function listFailure(error: unknown): string {
  return error instanceof IncompleteListError
    ? `the tag list is incomplete (${error.message})`
    : `could not list tags: ${toMessage(error)}`
}

export async function ociSource(target: Target, client: RegistryClient): Promise<InventoryBuilder> {
  const builder = new InventoryBuilder(target.name, 'oci', false)
  let tags: string[]
  try {
    tags = await client.listTags(target.path)
  } catch (error: unknown) {
    // A repository that does not exist has nothing to prune; anything else is an unknown listing.
    if (!(error instanceof RegistryNotFoundError)) builder.problems.push(listFailure(error))
    return builder
  }
  // A tag that answers 404 here is not "deleted meanwhile": it is unreadable, and blocks the repository.
  await Promise.all(tags.map(tag => readTag(builder, client, target.path, tag)))
  await probeReferrers(builder, client, target.path)
  return builder
}

export async function hubSource(
  target: Target,
  client: RegistryClient,
  hub: HubApi
): Promise<InventoryBuilder> {
  const builder = new InventoryBuilder(target.name, 'hub', false)
  let listed: Awaited<ReturnType<HubApi['listTags']>>
  try {
    listed = await hub.listTags(target.path)
  } catch (error: unknown) {
    builder.problems.push(`could not list tags through the Hub API: ${toMessage(error)}`)
    return builder
  }
  const pushed = new Map<string, number>()
  await Promise.all(
    listed.map(async tag => {
      try {
        const found = await client.headManifest(target.path, tag.name)
        // Listed by the Hub API, unknown to the registry: unreadable, never "deleted meanwhile".
        if (found === undefined) {
          builder.unreadable.set(tag.name, NOT_FOUND)
          return
        }
        builder.tags.set(tag.name, found.digest)
        builder.note(found.digest, {mediaType: found.mediaType})
        if (tag.pushedMs !== undefined) {
          pushed.set(found.digest, Math.max(pushed.get(found.digest) ?? 0, tag.pushedMs))
        }
      } catch (error: unknown) {
        builder.unreadable.set(tag.name, unreadableWhy(error))
      }
    })
  )
  // Hub's time is per tag; a manifest is as recent as its most recently pushed tag.
  for (const digest of new Set(builder.tags.values())) {
    const ms = pushed.get(digest)
    builder.note(
      digest,
      ms === undefined
        ? {timeUnknown: 'Docker Hub reports no push time'}
        : {time: {ms, source: 'Hub tag_last_pushed'}}
    )
  }
  await probeReferrers(builder, client, target.path)
  return builder
}

export async function ghcrSource(target: Target, ghcr: GhcrApi): Promise<InventoryBuilder> {
  const builder = new InventoryBuilder(target.name, 'ghcr', true)
  try {
    for (const version of await ghcr.listVersions(target.path)) {
      for (const tag of version.tags) builder.tags.set(tag, version.digest)
      builder.note(version.digest, {
        versionId: version.id,
        listedUntagged: version.tags.length === 0,
        ...(version.updatedMs === undefined
          ? {timeUnknown: 'GHCR reports no update time'}
          : {time: {ms: version.updatedMs, source: 'GHCR updated_at'}})
      })
    }
  } catch (error: unknown) {
    builder.problems.push(`could not list the package versions: ${toMessage(error)}`)
  }
  // GHCR has no referrers API (the `sha256-<hex>` tags and `subject` fields are what there is).
  builder.referrers = 'tag-schema'
  return builder
}
