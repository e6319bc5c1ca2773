/** The delete guard: which tags it re-reads, what it protects, and when it reads again. */
import {describe, expect, test} from 'vitest'
import {RegistryNotFoundError, type RegistryClient} from '../../../src/registry/index.js'
import {changedTags, DeleteGuard, tagReading, type TagReading} from '../../../src/prune/run/guard.js'
import {StopRepository} from '../../../src/prune/run/steps.js'
import type {RepoPlan, TagDecision} from '../../../src/prune/plan/types.js'
import {d} from '../support.js'

const keep = (tag: string, digest: string): TagDecision => ({tag, digest, action: 'keep', reason: 'r'})
const drop = (tag: string, digest: string, how: 'with-manifest' | 'untag'): TagDecision => ({
  tag,
  digest,
  action: 'delete',
  how,
  reason: 'r'
})
const planOf = (tags: TagDecision[]) => ({tags}) as unknown as RepoPlan

describe('tagReading: the tags a digest delete must respect', () => {
  test('kept and untag-only tags survive; tags deleted with their manifest do not', () => {
    const reading = tagReading(
      planOf([keep('v1', d(1)), drop('pr-1', d(2), 'with-manifest'), drop('sha-a', d(1), 'untag')])
    )
    expect([...reading.surviving]).toEqual([
      ['v1', d(1)],
      ['sha-a', d(1)]
    ])
    expect([...reading.deleting]).toEqual(['pr-1'])
  })
})

describe('changedTags', () => {
  const reading: TagReading = {
    surviving: new Map([
      ['v1', d(1)],
      ['latest', d(1)]
    ]),
    deleting: new Set(['pr-1'])
  }
  const cases: {name: string; now: [string, string | undefined][]; want: string[]}[] = [
    {
      name: 'nothing moved',
      now: [
        ['v1', d(1)],
        ['latest', d(1)]
      ],
      want: []
    },
    {name: 'a kept tag moved', now: [['latest', d(2)]], want: ['tag latest moved to ' + d(2).slice(7, 19)]},
    {name: 'a new tag', now: [['v2', d(3)]], want: ['tag v2 was pushed meanwhile']},
    {name: 'a kept tag removed', now: [['v1', undefined]], want: []},
    {name: 'a deleted tag moved: not its business', now: [['pr-1', d(4)]], want: []}
  ]
  test.each(cases)('$name', ({now, want}) => {
    expect(changedTags(reading, new Map(now)).map(c => c.why)).toEqual(want)
  })
})

/** A registry stub: tags as given, manifests as given, every call counted. */
function stub(
  tags: Record<string, string>,
  manifests: Record<string, {manifests?: string[]; subject?: string}>
) {
  const calls: string[] = []
  const client = {
    async listTags() {
      calls.push('list')
      return Object.keys(tags)
    },
    async headManifest(_path: string, tag: string) {
      calls.push(`head ${tag}`)
      return tags[tag] === undefined ? undefined : {digest: tags[tag], mediaType: 'm', size: 1}
    },
    async getManifest(_path: string, digest: string) {
      calls.push(`get ${digest}`)
      const m = manifests[digest] ?? {}
      return {
        parsed: {
          ...(m.manifests ? {manifests: m.manifests.map(c => ({digest: c, mediaType: 'm', size: 1}))} : {}),
          ...(m.subject ? {subject: {digest: m.subject, mediaType: 'm', size: 1}} : {})
        }
      }
    }
  }
  return {client: client as unknown as RegistryClient, calls, tags}
}

describe('DeleteGuard', () => {
  const reading: TagReading = {surviving: new Map([['latest', d(1)]]), deleting: new Set(['old'])}

  test('a fresh reading answers without a request', async () => {
    const {client, calls} = stub({latest: d(1), old: d(9)}, {})
    const guard = new DeleteGuard({client, path: 'app', reading, readAt: 1000, maxAgeMs: 10, now: () => 1005})
    expect(await guard.blocks(d(9))).toBeUndefined()
    expect(calls).toEqual([])
  })

  test('a stale one is read again once for callers at once, and what moved tags reach is protected', async () => {
    // latest now points at an index whose child is a referrer of d(9): all three are protected.
    const {client, calls} = stub(
      {latest: d(5), old: d(9)},
      {[d(5)]: {manifests: [d(6)]}, [d(6)]: {subject: d(9)}}
    )
    let clock = 2000
    const guard = new DeleteGuard({
      client,
      path: 'app',
      reading,
      readAt: 1000,
      maxAgeMs: 10,
      now: () => clock
    })
    const answers = await Promise.all([guard.blocks(d(9)), guard.blocks(d(6)), guard.blocks(d(7))])
    expect(answers[0]).toMatch(/^tag latest moved to .*, which needs .*, which needs/)
    expect(answers[1]).toMatch(/^tag latest moved to/)
    expect(answers[2]).toBeUndefined()
    expect(guard.rereads).toBe(1)
    expect(calls.filter(c => c === 'list')).toHaveLength(1)
    // The deleted tag is never resolved: where it points does not matter to a digest delete.
    expect(calls).not.toContain('head old')
    clock += 5
    await guard.blocks(d(9))
    expect(guard.rereads).toBe(1)
    clock += 20
    await guard.blocks(d(9))
    expect(guard.rereads).toBe(2)
  })

  test('with no age allowed it terminates: each call waits for one reading begun after it', async () => {
    const {client} = stub({latest: d(1)}, {})
    let clock = 0
    const now = () => ++clock
    const guard = new DeleteGuard({client, path: 'app', reading, readAt: 0, maxAgeMs: 0, now})
    await Promise.all([guard.blocks(d(9)), guard.blocks(d(8))])
    expect(guard.rereads).toBeGreaterThanOrEqual(1)
    expect(guard.rereads).toBeLessThanOrEqual(2)
  })

  test('a reading that fails stops the repository', async () => {
    const {client} = stub({}, {})
    ;(client as unknown as {listTags: () => Promise<never>}).listTags = async () => {
      throw new Error('502 Bad Gateway')
    }
    const guard = new DeleteGuard({client, path: 'app', reading, readAt: 0, maxAgeMs: 10, now: () => 100})
    await expect(guard.blocks(d(9))).rejects.toThrow(StopRepository)
    await expect(guard.blocks(d(9))).rejects.toThrow(/could not re-read the tags before deleting: 502/)
  })
})

/**
 * A registry stub whose listing and tag resolution may disagree, as an eventually consistent registry's do:
 * `listed` is what tags/list says, `heads` what HEAD resolves (absent: 404), `gone` digests whose GET is 404.
 */
function splitStub(listed: string[], heads: Record<string, string>, gone: string[] = []) {
  const calls: string[] = []
  const client = {
    async listTags() {
      calls.push('list')
      return listed
    },
    async headManifest(_path: string, tag: string) {
      calls.push(`head ${tag}`)
      return heads[tag] === undefined ? undefined : {digest: heads[tag], mediaType: 'm', size: 1}
    },
    async getManifest(_path: string, digest: string) {
      calls.push(`get ${digest}`)
      if (gone.includes(digest)) {
        throw new RegistryNotFoundError(
          {host: 'r', repository: 'app', status: 404},
          `manifest ${digest} unknown`
        )
      }
      return {parsed: {}}
    }
  }
  return {client: client as unknown as RegistryClient, calls}
}

describe('DeleteGuard: a tag that cannot be read is never "gone" (issue 11.4)', () => {
  // v1 stays on d(1) (as sha-a's sibling, or on its own); old goes with its manifest d(9).
  const reading: TagReading = {
    surviving: new Map([
      ['v1', d(1)],
      ['sha-a', d(1)]
    ]),
    deleting: new Set(['old'])
  }
  const rest =
    ' was listed but could not be read: it may point at any image here, and deleting a manifest deletes ' +
    'every tag on it. Run the prune again: this is transient (a registry not yet consistent) or a tag ' +
    'changed while it was read'
  /** Exactly this message, from a StopRepository. */
  const stopped = (message: string) => new StopRepository(message)
  const guardOf = (client: RegistryClient) =>
    new DeleteGuard({client, path: 'app', reading, readAt: 0, maxAgeMs: 10, now: () => 100})

  test('a kept tag that is listed and answers 404 stops the repository, whatever digest is asked about', async () => {
    const {client} = splitStub(['v1', 'sha-a', 'old'], {'sha-a': d(1), old: d(9)})
    const guard = guardOf(client)
    for (const digest of [d(9), d(7)]) {
      await expect(guard.blocks(digest)).rejects.toThrow(StopRepository)
      await expect(guard.blocks(digest)).rejects.toThrow(
        stopped(`before deleting, tag v1 (404 Not Found)${rest}`)
      )
    }
    expect(guard.rereads).toBe(0)
  })

  test('so does a new tag that is listed and answers 404', async () => {
    const {client} = splitStub(['v1', 'sha-a', 'new'], {v1: d(1), 'sha-a': d(1)})
    await expect(guardOf(client).blocks(d(9))).rejects.toThrow(
      stopped(`before deleting, tag new (404 Not Found)${rest}`)
    )
  })

  test('and a tag resolved to a digest whose manifest then answers 404', async () => {
    const {client} = splitStub(['v1', 'sha-a'], {v1: d(9), 'sha-a': d(1)}, [d(9)])
    await expect(guardOf(client).blocks(d(9))).rejects.toThrow(
      stopped(`before deleting, tag v1 (404 Not Found for ${d(9).slice(7, 19)})${rest}`)
    )
  })

  test('a tag deleted with its manifest is never resolved, listed or not', async () => {
    const {client, calls} = splitStub(['v1', 'sha-a', 'old'], {v1: d(1), 'sha-a': d(1)})
    expect(await guardOf(client).blocks(d(9))).toBeUndefined()
    expect(calls.sort()).toEqual(['head sha-a', 'head v1', 'list'])
  })

  test('a surviving tag missing from a lagging listing is still resolved: moved, it protects', async () => {
    const {client, calls} = splitStub(['sha-a'], {v1: d(9), 'sha-a': d(1)})
    expect(await guardOf(client).blocks(d(9))).toBe(`tag v1 moved to ${d(9).slice(7, 19)}`)
    expect(calls).toContain('head v1')
  })

  test('a surviving tag neither listed nor resolvable is gone', async () => {
    const {client} = splitStub(['sha-a'], {'sha-a': d(1)})
    expect(await guardOf(client).blocks(d(9))).toBeUndefined()
  })

  test('a 404 for a tag this run removed by name is expected; for one it did not remove, it stops', async () => {
    const removed = splitStub(['v1', 'sha-a'], {v1: d(1)})
    const guard = guardOf(removed.client)
    guard.removing('sha-a', Promise.resolve(true))
    expect(await guard.blocks(d(9))).toBeUndefined()
    expect(guard.rereads).toBe(1)

    const skipped = splitStub(['v1', 'sha-a'], {v1: d(1)})
    const other = guardOf(skipped.client)
    other.removing('sha-a', Promise.resolve(false))
    await expect(other.blocks(d(9))).rejects.toThrow(
      stopped(`before deleting, tag sha-a (404 Not Found)${rest}`)
    )
  })

  test('a removal still under way is waited for before its 404 is judged', async () => {
    const {client} = splitStub(['v1', 'sha-a'], {v1: d(1)})
    const guard = guardOf(client)
    let finish: (done: boolean) => void = () => undefined
    guard.removing('sha-a', new Promise<boolean>(resolve => (finish = resolve)))
    const answer = guard.blocks(d(9))
    let settled = false
    void answer.finally(() => (settled = true))
    await new Promise(resolve => setTimeout(resolve, 10))
    expect(settled).toBe(false)
    finish(true)
    expect(await answer).toBeUndefined()
  })
})
