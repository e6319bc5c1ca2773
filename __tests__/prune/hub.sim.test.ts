/**
 * Simulation: Docker Hub (hub.docker.com API + registry) as documented, on a local server (sim-apis.ts).
 * Tags go through the Hub API, digests through the registry only once untagged and unreferenced.
 */
import {afterEach, expect, test} from 'vitest'
import {MediaType} from '../../src/registry/index.js'
import {fakeClock} from '../registry/support.js'
import {pushImage, pushIndex, pushMultiArch} from './fixtures.js'
import {startSim, type Sim} from './sim-apis.js'
import {pruneSim, simClient} from './sim-run.js'

let sim: Sim
afterEach(async () => sim?.stop())

const retag = async (sim: Sim, repo: string, from: string, to: string) => {
  const client = simClient(sim)
  await client.putManifest(repo, to, (await client.getManifest(repo, from)).bytes, MediaType.ociManifest)
}

test('a tag shared with a kept one goes through the Hub tag delete, never a placeholder PUT', async () => {
  sim = await startSim({flavor: 'hub'})
  const image = await pushImage(simClient(sim), 'octo/app', 'sha-abc', 'x')
  await retag(sim, 'octo/app', 'sha-abc', 'v1.2.3')
  const before = sim.log.length
  const {results, run} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=sha-.*'})
  expect(results.map(r => [r.step.op, r.status, r.detail])).toEqual([
    ['untag', 'done', 'tag deleted through the Hub API']
  ])
  expect(sim.log.slice(before).filter(l => l.method === 'PUT')).toEqual([])
  expect(sim.log.slice(before).filter(l => l.method === 'DELETE')).toEqual([
    {method: 'DELETE', path: '/hub/v2/namespaces/octo/repositories/app/tags/sha-abc'}
  ])
  expect(sim.repo('octo/app').tags.get('v1.2.3')).toBe(image.digest)
  expect(run.failures).toEqual([])
})

test('an index goes tags first (Hub API), then its digest, then its children', async () => {
  sim = await startSim({flavor: 'hub'})
  const client = simClient(sim)
  const {index, children} = await pushMultiArch(client, 'octo/app', 'pr-7', 'seven')
  await pushImage(client, 'octo/app', 'v1', 'kept')
  sim.registry.pulls = 0
  const before = sim.log.length
  const {results} = await pruneSim(sim, 'octo/app', {rules: 'type=pr-closed', closedPr: 7})
  expect(results.map(r => r.status)).toEqual(['done', 'done', 'done', 'done'])
  const deletes = sim.log
    .slice(before)
    .filter(l => l.method === 'DELETE')
    .map(l => l.path)
  expect(deletes[0]).toBe('/hub/v2/namespaces/octo/repositories/app/tags/pr-7')
  expect(deletes[1]).toBe(`/v2/octo/app/manifests/${index.digest}`)
  expect(new Set(deletes.slice(2))).toEqual(new Set(children.map(c => `/v2/octo/app/manifests/${c.digest}`)))
  // One pull for the index, one per child: a child about to be deleted is read in case it is a referrer.
  expect(sim.registry.pulls).toBe(1 + children.length)
  expect([...sim.repo('octo/app').tags.keys()]).toEqual(['v1'])
})

test('a 403 on a digest delete means "still referenced": kept, asked once, no other route', async () => {
  sim = await startSim({flavor: 'hub'})
  const client = simClient(sim)
  const image = await pushImage(client, 'octo/app', 'pr-1', 'shared-by-untagged-index')
  // An index Hub knows about and no listing can show: untagged.
  await pushIndex(client, 'octo/app', undefined, [image])
  const before = sim.log.length
  const {results, run} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*'})
  expect(results.map(r => [r.status, r.detail])).toEqual([
    ['kept', expect.stringMatching(/Docker Hub keeps the manifest: still referenced/)]
  ])
  const writes = sim.log
    .slice(before)
    .filter(l => l.method !== 'GET' && l.method !== 'HEAD' && !l.path.includes('/auth/'))
  expect(writes).toEqual([
    {method: 'DELETE', path: '/hub/v2/namespaces/octo/repositories/app/tags/pr-1'},
    {method: 'DELETE', path: `/v2/octo/app/manifests/${image.digest}`}
  ])
  expect(sim.repo('octo/app').manifests.has(image.digest)).toBe(true)
  expect(run.failures).toEqual([])
})

test('a Hub tag page that fails deletes nothing', async () => {
  sim = await startSim({flavor: 'hub', pageSize: 2})
  const client = simClient(sim)
  for (let i = 0; i < 5; i++) await pushImage(client, 'octo/app', `pr-${i}`, `p${i}`)
  sim.faults.push({
    when: (m, p) => m === 'GET' && p.includes('page=2'),
    times: 1,
    answer: {status: 404, body: {message: 'gone'}}
  })
  const before = sim.writes().length
  const {plan} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*'})
  expect(plan?.blocked).toMatch(/could not list tags through the Hub API/)
  expect(sim.writes()).toHaveLength(before)
})

test('issue 11.4: a tag the Hub API lists but the registry answers 404 for once blocks the repository', async () => {
  sim = await startSim({flavor: 'hub'})
  await pushImage(simClient(sim), 'octo/app', 'sha-abc', 'x')
  await retag(sim, 'octo/app', 'sha-abc', 'v1')
  sim.faults.push({
    when: (m, p) => m === 'HEAD' && p === '/v2/octo/app/manifests/v1',
    times: 1,
    answer: {status: 404, body: {errors: [{code: 'MANIFEST_UNKNOWN', message: 'manifest unknown'}]}}
  })
  const before = sim.writes().length
  const {plan, run} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=sha-.*'})
  const why =
    'tag v1 (404 Not Found) was listed but could not be read: it may point at any image here, and deleting ' +
    'a manifest deletes every tag on it. Run the prune again: this is transient (a registry not yet ' +
    'consistent) or a tag changed while it was read'
  expect(plan?.blocked).toBe(why)
  expect(run.failures).toEqual([`${sim.host}/octo/app: nothing deleted: ${why}`])
  expect(sim.writes()).toHaveLength(before)
  expect([...sim.repo('octo/app').tags.keys()].sort()).toEqual(['sha-abc', 'v1'])
})

test('rate limits: a 429 with X-Retry-After is waited out, then the run goes on', async () => {
  sim = await startSim({flavor: 'hub'})
  await pushImage(simClient(sim), 'octo/app', 'pr-1', 'rl')
  const clock = fakeClock(Date.now())
  sim.faults.push({
    when: (m, p) => m === 'DELETE' && p.startsWith('/hub/'),
    times: 1,
    answer: {
      status: 429,
      headers: {'x-retry-after': String(Math.floor(Date.now() / 1000) + 30)},
      body: {message: 'slow down'}
    }
  })
  const {results} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*', clock})
  expect(results.map(r => r.status)).toEqual(['done'])
  expect(clock.sleeps.some(ms => ms > 20_000 && ms <= 31_000)).toBe(true)
})

test('credentials without delete rights stop the repository and fail the run', async () => {
  sim = await startSim({flavor: 'hub'})
  await pushImage(simClient(sim), 'octo/app', 'pr-1', 'a')
  await pushImage(simClient(sim), 'octo/app', 'pr-2', 'b')
  sim.faults.push({
    when: (m, p) => m === 'DELETE' && p.startsWith('/hub/'),
    times: 9,
    answer: {status: 403, body: {detail: 'insufficient scope'}}
  })
  const {results, run} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*'})
  expect(results.map(r => r.status)).toEqual(['failed', 'skipped'])
  expect(sim.log.filter(l => l.method === 'DELETE')).toHaveLength(1)
  expect(run.failures[0]).toMatch(/Read, Write, Delete/)
  expect([...sim.repo('octo/app').tags.keys()].sort()).toEqual(['pr-1', 'pr-2'])
})

test('the deprecated login route is used only when the token route is missing; dry runs write nothing', async () => {
  sim = await startSim({flavor: 'hub', legacyLoginOnly: true})
  await pushImage(simClient(sim), 'octo/app', 'pr-1', 'a')
  const before = sim.log.length
  const {plan, results} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*', dryRun: true})
  expect(plan?.steps).toHaveLength(1)
  expect(results).toEqual([])
  const calls = sim.log.slice(before)
  expect(calls.filter(l => l.method === 'POST').map(l => l.path)).toEqual([
    '/hub/v2/auth/token',
    '/hub/v2/users/login'
  ])
  expect(calls.filter(l => l.method === 'PUT' || l.method === 'DELETE')).toEqual([])
})
