/**
 * Simulation: GHCR (GitHub Packages REST API + ghcr.io registry) as documented, on a local server
 * (sim-apis.ts). Every manifest is a package version; deleting a version takes all its tags, so a tag shared
 * with a kept one is first moved to a placeholder whose version is then deleted.
 */
import {afterEach, expect, test} from 'vitest'
import {MediaType, referrersTag} from '../../src/registry/index.js'
import {fakeClock} from '../registry/support.js'
import {pushImage, pushIndex, pushMultiArch} from './fixtures.js'
import {startSim, type Sim} from './sim-apis.js'
import {pruneSim, simClient} from './sim-run.js'

let sim: Sim
afterEach(async () => sim?.stop())

const DAY = 86_400_000
const age = (sim: Sim, repo: string, digest: string, days: number) => {
  const version = sim.repo(repo).manifests.get(digest)
  if (version) version.updatedMs = Date.now() - days * DAY
}
const ageAll = (sim: Sim, repo: string, days: number) => {
  for (const digest of sim.repo(repo).manifests.keys()) age(sim, repo, digest, days)
}
const versionDeletes = (sim: Sim, from = 0) =>
  sim.log
    .slice(from)
    .filter(l => l.method === 'DELETE')
    .map(l => l.path)

test('untagged children and attestations of a kept index survive type=untagged', async () => {
  sim = await startSim({flavor: 'ghcr', orgs: ['acme']})
  const client = simClient(sim)
  const {children} = await pushMultiArch(client, 'acme/app', 'v1', 'one')
  const orphan = await pushImage(client, 'acme/app', undefined, 'orphan')
  ageAll(sim, 'acme/app', 30)
  const {results} = await pruneSim(sim, 'acme/app', {rules: 'type=untagged'})
  expect(results.map(r => [r.step.op === 'delete' && r.step.digest, r.status])).toEqual([
    [orphan.digest, 'done']
  ])
  for (const child of children) expect(sim.repo('acme/app').manifests.has(child.digest)).toBe(true)
})

test('a child shared with a kept index survives two runs', async () => {
  sim = await startSim({flavor: 'ghcr', orgs: ['acme']})
  const client = simClient(sim)
  const shared = await pushImage(client, 'acme/app', undefined, 'shared')
  const own = await pushImage(client, 'acme/app', undefined, 'own')
  await pushIndex(client, 'acme/app', 'rc1', [shared, own])
  await pushIndex(client, 'acme/app', 'v1', [shared])
  ageAll(sim, 'acme/app', 30)
  for (let run = 0; run < 2; run++)
    await pruneSim(sim, 'acme/app', {rules: 'type=tags,match=rc.*\ntype=untagged'})
  expect(sim.repo('acme/app').manifests.has(shared.digest)).toBe(true)
  expect(sim.repo('acme/app').manifests.has(own.digest)).toBe(false)
})

test('a version tagged pr-12 and v1.0 loses only pr-12; the version itself is never deleted', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  const image = await pushImage(client, 'octo/app', 'pr-12', 'mixed')
  await client.putManifest(
    'octo/app',
    'v1.0',
    (await client.getManifest('octo/app', 'pr-12')).bytes,
    MediaType.ociManifest
  )
  const id = sim.repo('octo/app').manifests.get(image.digest)?.id
  const before = sim.log.length
  const {results, run} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*'})
  expect(results.map(r => [r.step.op, r.status])).toEqual([['untag', 'done']])
  expect(run.failures).toEqual([])
  expect([...sim.repo('octo/app').tags]).toEqual([['v1.0', image.digest]])
  expect(sim.repo('octo/app').manifests.has(image.digest)).toBe(true)
  const deleted = versionDeletes(sim, before)
  expect(deleted).toHaveLength(1)
  expect(deleted[0]).not.toContain(`/versions/${id}`)
  // ghcr.io refuses registry DELETEs: none is ever sent.
  expect(deleted[0]).toMatch(/^\/gh\/users\/octo\/packages\/container\/app\/versions\/\d+$/)
})

test('untagged versions: kept inside the grace window, deleted past it', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  await pushImage(client, 'octo/app', 'v1', 'kept')
  const young = await pushImage(client, 'octo/app', undefined, 'young')
  const old = await pushImage(client, 'octo/app', undefined, 'old')
  age(sim, 'octo/app', young.digest, 0.5)
  age(sim, 'octo/app', old.digest, 3)
  const {results, plan} = await pruneSim(sim, 'octo/app', {rules: 'type=untagged,older-than=1d'})
  expect(results.map(r => r.step.op === 'delete' && r.step.digest)).toEqual([old.digest])
  expect(plan?.manifests.find(m => m.digest === young.digest)?.reason).toMatch(/less than 1d/)
})

test('signatures of a kept image stay: a cosign .sig tag and an untagged OCI referrer', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  const kept = await pushImage(client, 'octo/app', 'v1', 'kept')
  const sig = await pushImage(client, 'octo/app', `${referrersTag(kept.digest)}.sig`, 'cosign-sig')
  const referrer = await pushImage(client, 'octo/app', undefined, 'oci-ref', {
    subject: kept,
    artifactType: 'application/sbom'
  })
  const dropped = await pushImage(client, 'octo/app', 'old', 'dropped')
  const droppedSig = await pushImage(client, 'octo/app', `${referrersTag(dropped.digest)}.sig`, 'dropped-sig')
  ageAll(sim, 'octo/app', 30)
  const {results} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=.*\ntype=untagged'})
  const versions = sim.repo('octo/app').manifests
  for (const digest of [kept.digest, sig.digest, referrer.digest]) expect(versions.has(digest)).toBe(true)
  expect(versions.has(dropped.digest)).toBe(false)
  expect(versions.has(droppedSig.digest)).toBe(false)
  expect(results.map(r => r.step.op === 'delete' && r.step.digest)).toEqual([
    dropped.digest,
    droppedSig.digest
  ])
})

test('GitHub refusals are reported per version and never abort the other deletions', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  const popular = await pushImage(client, 'octo/app', 'pr-1', 'popular')
  await pushImage(client, 'octo/app', 'pr-2', 'plain')
  await pushImage(client, 'octo/app', 'v1', 'kept')
  const manifest = sim.repo('octo/app').manifests.get(popular.digest)
  if (manifest) manifest.downloads = 6000
  const {results, run, lines} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*'})
  expect(results.map(r => r.status).sort()).toEqual(['done', 'refused'])
  expect(results.find(r => r.status === 'refused')?.detail).toMatch(/5000 downloads/)
  expect(run.failures).toEqual([])
  expect(lines.warning.join('\n')).toMatch(/5000 downloads/)
  // The last version of a package: GitHub will not delete it; reported the same way.
  await pushImage(client, 'octo/solo', 'pr-9', 'solo')
  const last = await pruneSim(sim, 'octo/solo', {rules: 'type=tags,match=pr-.*'})
  expect(last.results.map(r => [r.status, r.detail])).toEqual([
    ['refused', expect.stringMatching(/last version/)]
  ])
  expect(last.run.failures).toEqual([])
})

test('a package name with a slash is one encoded segment; a 404 never sends us to another name', async () => {
  sim = await startSim({flavor: 'ghcr', orgs: ['acme'], noAdmin: true})
  const client = simClient(sim)
  await pushImage(client, 'acme/app/sub', 'pr-1', 'a')
  await pushImage(client, 'acme/app/sub', 'v1', 'b')
  const before = sim.log.length
  const {results, run} = await pruneSim(sim, 'acme/app/sub', {rules: 'type=tags,match=pr-.*'})
  const api = sim.log.slice(before).filter(l => l.path.startsWith('/gh/'))
  expect(
    api
      .filter(l => l.path.includes('/packages/'))
      .every(l => l.path.startsWith('/gh/orgs/acme/packages/container/app%2Fsub/'))
  ).toBe(true)
  // "Package not found" on the delete is a permission problem (stop and fail), not "already gone".
  expect(results.map(r => r.status)).toEqual(['failed'])
  expect(run.failures[0]).toMatch(/Package not found.*Admin role/)
  expect(api.filter(l => l.method === 'DELETE')).toHaveLength(1)
})

test('a failed page of versions deletes nothing', async () => {
  sim = await startSim({flavor: 'ghcr', pageSize: 2})
  const client = simClient(sim)
  for (let i = 0; i < 5; i++) await pushImage(client, 'octo/app', `pr-${i}`, `p${i}`)
  sim.faults.push({
    when: (m, p) => m === 'GET' && p.includes('page=2'),
    times: 99,
    answer: {status: 502, body: {message: 'bad gateway'}}
  })
  const clock = fakeClock(Date.now())
  const before = sim.log.length
  const {plan} = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*', clock})
  expect(plan?.blocked).toMatch(/could not list the package versions/)
  expect(sim.log.slice(before).filter(l => l.method !== 'GET' && l.method !== 'HEAD')).toEqual([])
})

test('a dry run sends no PUT or DELETE, not even the placeholder', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  await pushImage(client, 'octo/app', 'pr-1', 'a')
  await client.putManifest(
    'octo/app',
    'v1',
    (await client.getManifest('octo/app', 'pr-1')).bytes,
    MediaType.ociManifest
  )
  await pushImage(client, 'octo/app', 'pr-2', 'b')
  const before = sim.log.length
  const dry = await pruneSim(sim, 'octo/app', {rules: 'type=tags,match=pr-.*', dryRun: true})
  expect(dry.plan?.steps.map(s => s.op)).toEqual(['untag', 'delete'])
  expect(sim.log.slice(before).filter(l => l.method !== 'GET' && l.method !== 'HEAD')).toEqual([])
})

test('rate limits: a secondary limit and a spent budget are waited out; mutations are a second apart', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const client = simClient(sim)
  for (let i = 0; i < 3; i++) await pushImage(client, 'octo/app', `pr-${i}`, `p${i}`)
  await pushImage(client, 'octo/app', 'v1', 'keep')
  const clock = fakeClock(Date.now())
  sim.faults.push(
    {
      when: (m, p) => m === 'GET' && p.includes('/versions?'),
      times: 1,
      answer: {
        status: 403,
        body: {message: 'You have exceeded a secondary rate limit. Please wait a few minutes.'}
      }
    },
    {
      when: (m, p) => m === 'GET' && p.includes('/versions/'),
      times: 1,
      answer: {
        status: 403,
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120)
        },
        body: {message: 'API rate limit exceeded'}
      }
    }
  )
  const {results} = await pruneSim(sim, 'octo/app', {
    rules: 'type=tags,match=pr-.*',
    clock,
    mutationIntervalMs: 1000
  })
  expect(results.map(r => r.status)).toEqual(['done', 'done', 'done'])
  // A minute for the secondary limit, then what is left until the reset the spent budget named.
  expect(clock.sleeps[0]).toBe(60_000)
  expect((clock.sleeps[0] as number) + (clock.sleeps[1] as number)).toBeGreaterThan(115_000)
  expect(clock.sleeps.filter(ms => ms > 0 && ms <= 1000).length).toBeGreaterThanOrEqual(2)
})

test('every deleted version is logged with its id, for a restore within 30 days', async () => {
  sim = await startSim({flavor: 'ghcr'})
  const image = await pushImage(simClient(sim), 'octo/app', 'pr-3', 'x')
  await pushImage(simClient(sim), 'octo/app', 'v1', 'y')
  const id = sim.repo('octo/app').manifests.get(image.digest)?.id
  const {lines} = await pruneSim(sim, 'octo/app', {rules: 'type=pr-closed', closedPr: 3})
  expect(lines.info).toContain(
    `done: ${sim.host}/octo/app@${image.digest} tags pr-3 version ${id} — version ${id} deleted (restorable for 30 days)`
  )
})
