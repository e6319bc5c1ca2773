/** The delete guard: which tags it re-reads, what it protects, and when it reads again. */
import {describe, expect, test} from 'vitest'
import type {RegistryClient} from '../../src/registry/index.js'
import {changedTags, DeleteGuard, tagReading, type TagReading} from '../../src/prune/guard.js'
import {StopRepository} from '../../src/prune/steps.js'
import type {RepoPlan, TagDecision} from '../../src/prune/types.js'
import {d} from './support.js'

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
