/** Registry refusals that a real distribution registry cannot be made to show: an in-process fake. */
import {afterEach, expect, test} from 'vitest'
import {startFake, type FakeRegistry} from '../registry/fake-registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {pruneRegistry} from './fixtures.js'

let fake: FakeRegistry | undefined
afterEach(async () => fake?.stop())

function manifest(name: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {digest: name}
    })
  )
}

async function seeded(options: Parameters<typeof startFake>[0]) {
  fake = await startFake(options)
  const type = 'application/vnd.oci.image.manifest.v1+json'
  const shared = manifest('shared')
  fake.putManifest('app', 'sha-x', shared, type)
  fake.putManifest('app', 'v1', shared, type)
  fake.putManifest('app', 'pr-1', manifest('pr'), type)
  return {host: fake.host} as TestRegistry
}

const writes = (f: FakeRegistry) => f.log.filter(l => l.method === 'PUT' || l.method === 'DELETE')

test('a registry that refuses deletes gets no placeholder PUT and nothing deleted, said once', async () => {
  const registry = await seeded({deleteEnabled: false})
  const {results, lines, run} = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*|pr-.*'})
  expect(results.map(r => r.status)).toEqual(['refused', 'refused'])
  expect(writes(fake as FakeRegistry).map(l => l.method)).toEqual(['DELETE'])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'sha-x', 'v1'])
  expect(lines.warning).toEqual([expect.stringMatching(/does not allow deletes/)])
  expect(run.failures).toEqual([])
})

test('tag deletes where the registry has them: no placeholder needed', async () => {
  const registry = await seeded({deleteEnabled: true, tagDelete: true})
  const {results} = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*'})
  expect(results.map(r => [r.status, r.detail])).toEqual([['done', 'tag deleted']])
  expect(writes(fake as FakeRegistry).filter(l => l.method === 'PUT')).toEqual([])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'v1'])
})

test('a permission error on the first mutation stops the repository and fails the run', async () => {
  const registry = await seeded({deleteEnabled: true})
  fake?.faults.push({
    when: req => req.method === 'DELETE',
    times: 99,
    action: {
      status: 403,
      body: '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}'
    }
  })
  const {results, run} = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*|pr-.*'})
  expect(results.every(r => r.status === 'skipped' && /^stopped: .*denied/.test(r.detail))).toBe(true)
  expect(run.failures).toEqual([expect.stringMatching(/stopped: .*denied/)])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'sha-x', 'v1'])
})

test("issue 11.4: v1, kept and on sha-x's digest, answers 404 once while listed: nothing deleted, the run fails naming it", async () => {
  const registry = await seeded({deleteEnabled: true})
  fake?.faults.push({
    when: req => req.method === 'GET' && req.url === '/v2/app/manifests/v1',
    times: 1,
    action: {status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}'}
  })
  const {plan, results, run, lines} = await pruneRegistry(registry, 'app', {
    rules: 'type=tags,match=sha-.*|pr-.*'
  })
  const why =
    'tag v1 (404 Not Found) was listed but could not be read: it may point at any image here, and deleting ' +
    'a manifest deletes every tag on it. Run the prune again: this is transient (a registry not yet ' +
    'consistent) or a tag changed while it was read'
  expect(plan?.blocked).toBe(why)
  expect(plan?.unreadable).toEqual(['v1'])
  expect(results).toEqual([])
  expect(run.failures).toEqual([`${registry.host}/app: nothing deleted: ${why}`])
  expect(lines.error).toEqual(run.failures)
  expect(lines.warning).toEqual([])
  expect(writes(fake as FakeRegistry)).toEqual([])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'sha-x', 'v1'])
  // Read again with nothing in the way, only the tag goes.
  const again = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*'})
  expect(again.run.failures).toEqual([])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'v1'])
})
