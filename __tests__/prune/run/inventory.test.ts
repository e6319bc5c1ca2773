/**
 * The first listing (sources.ts, inventory.ts) with a stub client: a tag the listing named that then cannot
 * be read, a 404 included, is kept as unreadable, never dropped as "deleted meanwhile" (issue 11.4).
 */
import {describe, expect, test} from 'vitest'
import {RegistryNotFoundError, RegistryError, type RegistryClient} from '../../../src/registry/index.js'
import type {HubApi} from '../../../src/registry/apis/hub.js'
import {planPrune} from '../../../src/prune/plan/planner.js'
import {hubSource, ociSource} from '../../../src/prune/run/sources.js'
import {UNKNOWN_DIGEST} from '../../../src/prune/plan/types.js'
import {ctx, d, OCI_MANIFEST, rules} from '../support.js'

const TARGET = {name: 'r.example/app', registry: 'r.example', path: 'app'}
const WHY_V1 =
  'tag v1 (404 Not Found) was listed but could not be read: it may point at any image here, and deleting ' +
  'a manifest deletes every tag on it. Run the prune again: this is transient (a registry not yet ' +
  'consistent) or a tag changed while it was read'

const notFound = (ref: string) =>
  new RegistryNotFoundError({host: 'r.example', repository: 'app', status: 404}, `manifest ${ref} unknown`)

/**
 * Tags as given; `fail` answers a tag's first read(s) with an error instead (then the truth), as an
 * eventually consistent registry or a re-push during the listing does.
 */
function stubClient(tags: Record<string, string>, fail: Record<string, Error> = {}) {
  const reads: string[] = []
  const failOnce = new Map(Object.entries(fail))
  const take = (ref: string) => {
    reads.push(ref)
    const error = failOnce.get(ref)
    if (error) {
      failOnce.delete(ref)
      throw error
    }
    return tags[ref] ?? (Object.values(tags).includes(ref) ? ref : undefined)
  }
  const client = {
    async listTags() {
      return Object.keys(tags)
    },
    async getManifest(_path: string, ref: string) {
      const digest = take(ref)
      if (digest === undefined) throw notFound(ref)
      return {digest, mediaType: OCI_MANIFEST, size: 2, bytes: new Uint8Array(), parsed: {schemaVersion: 2}}
    },
    // As the real client: a 404 on HEAD is `undefined`, not an error.
    async headManifest(_path: string, ref: string) {
      let digest: string | undefined
      try {
        digest = take(ref)
      } catch (error: unknown) {
        if (error instanceof RegistryNotFoundError) return undefined
        throw error
      }
      return digest === undefined ? undefined : {digest, mediaType: OCI_MANIFEST, size: 2}
    },
    async referrers() {
      return {descriptors: [], source: 'tag-schema'}
    }
  }
  return {client: client as unknown as RegistryClient, reads}
}

describe('OCI listing', () => {
  test('sha-a selected and v1 kept share a digest; v1 answers 404 once: kept as unreadable, nothing deleted', async () => {
    const {client, reads} = stubClient({'sha-a': d('x'), v1: d('x')}, {v1: notFound('v1')})
    const builder = await ociSource(TARGET, client)
    expect(reads.sort()).toEqual(['sha-a', 'v1'])
    expect([...builder.tags]).toEqual([['sha-a', d('x')]])
    expect([...builder.unreadable]).toEqual([['v1', '404 Not Found']])
    expect(builder.problems).toEqual([])
    const plan = planPrune(builder.snapshot(), rules('type=tags,match=sha-.*'), ctx())
    expect(plan.steps).toEqual([])
    expect(plan.blocked).toBe(WHY_V1)
    expect(plan.unreadable).toEqual(['v1'])
    expect(plan.tags.find(t => t.tag === 'v1')?.digest).toBe(UNKNOWN_DIGEST)
  })

  test('any other failure to read a listed tag is unreadable too, with what the registry said', async () => {
    const error = new RegistryError(
      {host: 'r.example', repository: 'app', status: 503},
      'r.example/app: get manifest v1: 503 Service Unavailable'
    )
    const {client} = stubClient({'sha-a': d('x'), v1: d('x')}, {v1: error})
    const builder = await ociSource(TARGET, client)
    expect([...builder.unreadable]).toEqual([
      ['v1', 'r.example/app: get manifest v1: 503 Service Unavailable']
    ])
  })

  test('tags that read fine are not unreadable', async () => {
    const {client} = stubClient({'sha-a': d('x'), v1: d('x')})
    const builder = await ociSource(TARGET, client)
    expect(builder.unreadable.size).toBe(0)
    expect(untagOnly(planPrune(builder.snapshot(), rules('type=tags,match=sha-.*'), ctx()))).toEqual([
      'sha-a'
    ])
  })
})

const untagOnly = (plan: ReturnType<typeof planPrune>) =>
  plan.steps.flatMap(s => (s.op === 'untag' ? [s.tag] : []))

describe('Docker Hub listing', () => {
  const hub = (names: string[]) =>
    ({listTags: async () => names.map(name => ({name, pushedMs: Date.UTC(2025, 0, 1)}))}) as unknown as HubApi

  test('a tag the Hub API lists and the registry answers 404 for is unreadable, not "deleted meanwhile"', async () => {
    const {client} = stubClient({'sha-a': d('x'), v1: d('x')}, {v1: notFound('v1')})
    const builder = await hubSource({...TARGET, name: 'docker.io/o/app'}, client, hub(['sha-a', 'v1']))
    expect([...builder.tags]).toEqual([['sha-a', d('x')]])
    expect([...builder.unreadable]).toEqual([['v1', '404 Not Found']])
    const plan = planPrune(builder.snapshot(), rules('type=tags,match=sha-.*'), ctx())
    expect(plan.steps).toEqual([])
    expect(plan.blocked).toBe(WHY_V1)
  })
})
