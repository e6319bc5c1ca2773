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

test('§4.13 a registry that refuses deletes gets no placeholder PUT and nothing deleted, said once', async () => {
  const registry = await seeded({deleteEnabled: false})
  const {results, lines, run} = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*|pr-.*'})
  expect(results.map(r => r.status)).toEqual(['refused', 'refused'])
  expect(writes(fake as FakeRegistry).map(l => l.method)).toEqual(['DELETE'])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'sha-x', 'v1'])
  expect(lines.warning).toEqual([expect.stringMatching(/does not allow deletes/)])
  expect(run.failures).toEqual([])
})

test('§4.13 tag deletes where the registry has them: no placeholder needed', async () => {
  const registry = await seeded({deleteEnabled: true, tagDelete: true})
  const {results} = await pruneRegistry(registry, 'app', {rules: 'type=tags,match=sha-.*'})
  expect(results.map(r => [r.status, r.detail])).toEqual([['done', 'tag deleted']])
  expect(writes(fake as FakeRegistry).filter(l => l.method === 'PUT')).toEqual([])
  expect(fake?.tagsOf('app')).toEqual(['pr-1', 'v1'])
})

test('§4.20 a permission error on the first mutation stops the repository and fails the run', async () => {
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
