/**
 * How each registry kind untags and deletes (shells). Per kind, what is possible:
 *
 * | | one tag | a manifest |
 * |---|---|---|
 * | OCI | DELETE by tag where supported, else the placeholder trick (needs digest deletes) | DELETE by digest |
 * | Docker Hub | Hub API tag delete (the placeholder's last step is refused on Hub: 403) | DELETE by digest, only once untagged and unreferenced; 403 = still referenced |
 * | GHCR | placeholder, then delete its package version | delete the package version (registry DELETE is 405) |
 */
import {randomBytes} from 'node:crypto'
import {
  RegistryAuthError,
  RegistryDeniedError,
  RegistryNotFoundError,
  RegistryUnsupportedError,
  type RegistryClient
} from '../../registry/index.js'
import {toMessage} from '../../shared/errors.js'
import {GhcrPermissionError, type GhcrApi} from '../../registry/apis/ghcr.js'
import {HubPermissionError, type HubApi} from '../../registry/apis/hub.js'
import type {DeleteGuard} from './guard.js'
import {emptyBlobOnce, untagWithPlaceholder} from './placeholder.js'
import {StopRepository, type Backend} from './steps.js'
import type {DeleteStep, Outcome, RegistryKind, UntagStep} from '../plan/types.js'

export interface BackendContext {
  readonly client: RegistryClient
  /** Repository inside the registry (`o/app`). */
  readonly path: string
  readonly sleep?: (ms: number) => Promise<void>
}

function stopOnPermission(error: unknown): never {
  if (
    error instanceof RegistryAuthError ||
    error instanceof RegistryDeniedError ||
    error instanceof HubPermissionError ||
    error instanceof GhcrPermissionError
  ) {
    throw new StopRepository(toMessage(error))
  }
  throw error
}

/** Tags deleted by name (Hub) must still point at the digest right before, or a newer push would go. */
async function recheckTags(ctx: BackendContext, step: DeleteStep): Promise<Outcome | undefined> {
  for (const tag of step.tags) {
    const now = await ctx.client.headManifest(ctx.path, tag)
    if (now !== undefined && now.digest !== step.digest) {
      return {status: 'skipped', detail: `tag ${tag} now points at ${now.digest}; nothing deleted`}
    }
  }
  return undefined
}

async function tagStillThere(ctx: BackendContext, tag: string, digest: string): Promise<Outcome | undefined> {
  const now = await ctx.client.headManifest(ctx.path, tag)
  if (now === undefined) return {status: 'gone', detail: 'the tag was removed meanwhile'}
  if (now.digest !== digest)
    return {status: 'skipped', detail: `the tag now points at ${now.digest}; left alone`}
  return undefined
}

/**
 * A digest delete is guarded by the surviving tags (guard.ts), not by the deleted ones: a tag deleted by name
 * (here or on Hub) is re-checked itself, because deleting it by name would take whatever it points at now.
 */
export function ociBackend(ctx: BackendContext, guard: DeleteGuard): Backend {
  const {client, path} = ctx
  let tagDelete = true
  let digestDelete = true
  const ensureEmptyBlob = emptyBlobOnce(client, path)
  const untagOne = async (step: UntagStep): Promise<Outcome> => {
    if (tagDelete) {
      const moved = await tagStillThere(ctx, step.tag, step.digest)
      if (moved) return moved
      try {
        await client.deleteTag(path, step.tag)
        return {status: 'done', detail: 'tag deleted'}
      } catch (error: unknown) {
        if (error instanceof RegistryNotFoundError)
          return {status: 'gone', detail: 'the tag was removed meanwhile'}
        if (!(error instanceof RegistryUnsupportedError)) stopOnPermission(error)
        // Never fall back to deleting the digest: that would take the sibling tags along.
        tagDelete = false
      }
    }
    if (!digestDelete) return {status: 'refused', detail: 'the registry deletes neither tags nor digests'}
    return untagWithPlaceholder(
      {
        client,
        path,
        ensureEmptyBlob,
        deletePlaceholder: digest => client.deleteManifest(path, digest),
        ...(ctx.sleep ? {sleep: ctx.sleep} : {})
      },
      step.tag,
      step.digest
    ).catch(stopOnPermission)
  }
  return {
    // A DELETE of a digest that cannot exist: 404 says deletes are on, 405/400 that they are off (spec end-9).
    async prepare() {
      const probe = `sha256:${randomBytes(32).toString('hex')}`
      try {
        await client.deleteManifest(path, probe)
      } catch (error: unknown) {
        if (error instanceof RegistryNotFoundError) return undefined
        if (error instanceof RegistryUnsupportedError) {
          digestDelete = false
          return `the registry does not allow deletes (${error.message}); enable them (distribution: storage.delete.enabled)`
        }
        stopOnPermission(error)
      }
      return undefined
    },
    untag(step) {
      const outcome = untagOne(step)
      // The guard's re-reading then knows a 404 for this tag is this run's doing, once it is done.
      guard.removing(
        step.tag,
        outcome.then(
          o => o.status === 'done',
          () => false
        )
      )
      return outcome
    },
    async remove(step) {
      const needed = await guard.blocks(step.digest)
      if (needed) return {status: 'skipped', detail: `${needed}; nothing deleted`}
      try {
        await client.deleteManifest(
          path,
          step.digest,
          step.subject === undefined ? {} : {subject: step.subject}
        )
        return {status: 'done', detail: ''}
      } catch (error: unknown) {
        if (error instanceof RegistryNotFoundError) return {status: 'gone', detail: 'already deleted'}
        if (error instanceof RegistryUnsupportedError) return {status: 'refused', detail: error.message}
        return stopOnPermission(error)
      }
    }
  }
}

export function hubBackend(ctx: BackendContext, hub: HubApi): Backend {
  const {client, path} = ctx
  const removeTag = async (tag: string): Promise<Outcome> => {
    const answer = await hub.deleteTag(path, tag).catch(stopOnPermission)
    if (answer === 'deleted') return {status: 'done', detail: 'tag deleted through the Hub API'}
    // Hub's API and registry disagreeing must not pass for success.
    if ((await client.headManifest(path, tag)) === undefined)
      return {status: 'gone', detail: 'already removed'}
    return {status: 'failed', detail: `the Hub API does not know tag ${tag}, which the registry still serves`}
  }
  return {
    prepare: async () => undefined,
    async untag(step) {
      return (await tagStillThere(ctx, step.tag, step.digest)) ?? removeTag(step.tag)
    },
    async remove(step) {
      const moved = await recheckTags(ctx, step)
      if (moved) return moved
      for (const tag of step.tags) {
        const outcome = await removeTag(tag)
        if (outcome.status === 'failed') return outcome
      }
      try {
        await client.deleteManifest(path, step.digest)
        return {status: 'done', detail: step.tags.length > 0 ? 'tags deleted, then the manifest' : ''}
      } catch (error: unknown) {
        if (error instanceof RegistryNotFoundError) return {status: 'gone', detail: 'already deleted'}
        // Hub refuses a digest something still references: keep it, no retry, no other route.
        if (error instanceof RegistryDeniedError || error instanceof RegistryUnsupportedError) {
          return {
            status: 'kept',
            detail: `Docker Hub keeps the manifest: still referenced (${error.message})`
          }
        }
        return stopOnPermission(error)
      }
    }
  }
}

export function ghcrBackend(ctx: BackendContext, ghcr: GhcrApi): Backend {
  const {client, path} = ctx
  const ensureEmptyBlob = emptyBlobOnce(client, path)
  const deleteVersionOf = async (digest: string): Promise<void> => {
    // A just-pushed version can take a moment to show up in the listing.
    for (let attempt = 1; ; attempt++) {
      const version = await ghcr.findVersion(path, digest)
      if (version) {
        const answer = await ghcr.deleteVersion(path, version.id)
        if (answer !== 'deleted') throw new Error(`GitHub refused: ${answer.refused}`)
        return
      }
      if (attempt >= 3) throw new Error(`no package version found for ${digest}`)
      await (ctx.sleep ?? (ms => new Promise(r => setTimeout(r, ms))))(2000 * attempt)
    }
  }
  return {
    prepare: async () => undefined,
    async untag(step) {
      return untagWithPlaceholder(
        {
          client,
          path,
          ensureEmptyBlob,
          deletePlaceholder: deleteVersionOf,
          ...(ctx.sleep ? {sleep: ctx.sleep} : {})
        },
        step.tag,
        step.digest
      ).catch(stopOnPermission)
    },
    async remove(step) {
      if (step.versionId === undefined)
        return {status: 'refused', detail: 'no package version is known for it'}
      const current = await ghcr.getVersion(path, step.versionId).catch(stopOnPermission)
      if (current === undefined) return {status: 'gone', detail: 'the version was deleted meanwhile'}
      const extra = current.tags.filter(tag => !step.tags.includes(tag))
      if (current.digest !== step.digest || extra.length > 0) {
        return {
          status: 'skipped',
          detail: `the version now also carries ${extra.join(', ')}; nothing deleted`
        }
      }
      const answer = await ghcr.deleteVersion(path, step.versionId).catch(stopOnPermission)
      if (answer === 'deleted')
        return {status: 'done', detail: `version ${step.versionId} deleted (restorable for 30 days)`}
      return {
        status: 'refused',
        detail: `GitHub will not delete version ${step.versionId}: ${answer.refused}`
      }
    }
  }
}

/** The backend for a registry kind; Hub and GHCR need their API client, OCI its delete guard. */
export function backendFor(
  kind: RegistryKind,
  ctx: BackendContext,
  apis: {hub?: HubApi; ghcr?: GhcrApi},
  guard: DeleteGuard
): Backend {
  if (kind === 'hub' && apis.hub) return hubBackend(ctx, apis.hub)
  if (kind === 'ghcr' && apis.ghcr) return ghcrBackend(ctx, apis.ghcr)
  return ociBackend(ctx, guard)
}
