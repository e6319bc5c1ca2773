/**
 * What keeps a manifest DELETE from taking along something a surviving tag needs (shell).
 *
 * Deleting a digest removes every tag on it. The tags the plan deletes with the manifest make no difference:
 * one still on the digest goes as planned, and one pushed elsewhere meanwhile is not touched by deleting the
 * old digest. The danger is a tag the plan keeps (or a new one) that now points at a doomed digest, or at an
 * index or referrer that needs it: a rollback `crane tag app:sha-old latest` during the prune. Checking the
 * deleted tags would never see that; re-reading the surviving ones does.
 *
 * So a digest delete goes ahead only while the last reading of the surviving tags is at most `maxAgeMs`
 * old. The inventory is the first reading; when it grows older, the tags are listed again, every listed or
 * surviving tag is re-resolved (HEAD), and any tag that is new or moved has its manifests read and all they
 * reach protected for the rest of the run. A reading that fails stops the repository: nothing is deleted
 * blind. So does a listed tag that answers 404 (unless this run just removed it by name), or one whose
 * manifest answers 404 right after its HEAD: where it points is unknown, so any digest delete could take it.
 */
import {RegistryNotFoundError, type RegistryClient} from '../../registry/index.js'
import {toMessage} from '../../shared/errors.js'
import {NOT_FOUND} from './inventory.js'
import {short, unreadableTags} from '../plan/planner.js'
import {StopRepository} from './steps.js'
import type {RepoPlan} from '../plan/types.js'

export interface TagReading {
  /** Tags the plan leaves in place (kept, or untagged off a digest that stays), at the inventory's reading. */
  readonly surviving: ReadonlyMap<string, string>
  /** Tags that go with their manifest: where they point does not matter to a digest delete. */
  readonly deleting: ReadonlySet<string>
}

/** Pure: which tags a re-reading must resolve, from the plan's tag decisions. */
export function tagReading(plan: RepoPlan): TagReading {
  const surviving = new Map<string, string>()
  const deleting = new Set<string>()
  for (const t of plan.tags) {
    if (t.action === 'delete' && t.how === 'with-manifest') deleting.add(t.tag)
    else surviving.set(t.tag, t.digest)
  }
  return {surviving, deleting}
}

/** Pure: what a re-reading found, turned into the tags whose manifests must now be protected. */
export function changedTags(
  reading: TagReading,
  now: ReadonlyMap<string, string | undefined>
): {tag: string; digest: string; why: string}[] {
  const changed: {tag: string; digest: string; why: string}[] = []
  for (const [tag, digest] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
    if (digest === undefined || reading.deleting.has(tag)) continue
    const before = reading.surviving.get(tag)
    if (before === digest) continue
    changed.push({
      tag,
      digest,
      why: before === undefined ? `tag ${tag} was pushed meanwhile` : `tag ${tag} moved to ${short(digest)}`
    })
  }
  return changed
}

export interface DeleteGuardOptions {
  readonly client: RegistryClient
  readonly path: string
  readonly reading: TagReading
  /** When the inventory began resolving tags: the first reading's age counts from there. */
  readonly readAt: number
  readonly maxAgeMs: number
  readonly now: () => number
}

export class DeleteGuard {
  private readAt: number
  private refreshing: Promise<void> | undefined
  /** Digest → why a surviving tag now needs it. Only grows. */
  private readonly protectedDigests = new Map<string, string>()
  /** Tags the backend removes by name → whether it did (never rejects). */
  private readonly removals = new Map<string, Promise<boolean>>()
  /** Re-readings done: how often the surviving tags were read again (what its tests check). */
  rereads = 0

  constructor(private readonly options: DeleteGuardOptions) {
    this.readAt = options.readAt
  }

  /** Why `digest` must not be deleted now, or undefined; re-reads the tags first when the reading is stale. */
  async blocks(digest: string): Promise<string | undefined> {
    // A reading that began before this call's deadline does not count, even one already under way.
    const oldestUsable = this.options.now() - this.options.maxAgeMs
    while (this.readAt < oldestUsable) {
      this.refreshing ??= this.reread().finally(() => (this.refreshing = undefined))
      await this.refreshing
    }
    return this.protectedDigests.get(digest)
  }

  /**
   * The backend removes `tag` by name; `done` says whether it did. A 404 for that tag is then this run's own
   * doing, not a surprise. Called when the removal starts: a re-reading waits for its outcome.
   */
  removing(tag: string, done: Promise<boolean>): void {
    this.removals.set(tag, done)
  }

  private async reread(): Promise<void> {
    const {client, path, reading} = this.options
    const startedAt = this.options.now()
    const unreadable = new Map<string, string>()
    try {
      const listed = new Set(await client.listTags(path))
      // The surviving tags are resolved even when not listed: a listing that lags must not hide a move.
      const toResolve = [...new Set([...listed, ...reading.surviving.keys()])].filter(
        tag => !reading.deleting.has(tag)
      )
      const now = new Map<string, string | undefined>()
      await Promise.all(
        toResolve.map(async tag => {
          const digest = (await client.headManifest(path, tag))?.digest
          now.set(tag, digest)
          // Listed, yet not there: not "gone", unless this run just removed it by name.
          if (digest === undefined && listed.has(tag) && !(await this.removedHere(tag)))
            unreadable.set(tag, NOT_FOUND)
        })
      )
      if (unreadable.size === 0) {
        await Promise.all(
          changedTags(reading, now).map(c =>
            this.protectFrom(c.digest, c.why, () =>
              unreadable.set(c.tag, `${NOT_FOUND} for ${short(c.digest)}`)
            )
          )
        )
      }
    } catch (error: unknown) {
      throw new StopRepository(`could not re-read the tags before deleting: ${toMessage(error)}`)
    }
    if (unreadable.size > 0) throw new StopRepository(`before deleting, ${unreadableTags(unreadable)}`)
    this.rereads++
    this.readAt = startedAt
  }

  private async removedHere(tag: string): Promise<boolean> {
    return (await this.removals.get(tag)) ?? false
  }

  /**
   * Protects a digest and everything its manifest reaches (index entries, the subject of a referrer). Content
   * addressing rules out cycles, and a digest already protected is not read again, so this ends. A digest a
   * tag was just resolved to that then answers 404 calls `unreadable`; a missing index entry is only missing.
   */
  private async protectFrom(digest: string, why: string, unreadable?: () => void): Promise<void> {
    if (this.protectedDigests.has(digest)) return
    this.protectedDigests.set(digest, why)
    let parsed
    try {
      parsed = (await this.options.client.getManifest(this.options.path, digest)).parsed
    } catch (error: unknown) {
      if (!(error instanceof RegistryNotFoundError)) throw error
      unreadable?.()
      return
    }
    const next = [
      ...(parsed.manifests ?? []).map(m => m.digest),
      ...(parsed.subject ? [parsed.subject.digest] : [])
    ]
    await Promise.all(next.map(d => this.protectFrom(d, `${why}, which needs ${short(d)}`)))
  }
}
