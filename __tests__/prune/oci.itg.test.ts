/**
 * Data-loss scenarios (a digest that a kept tag, a kept index or a kept subject still needs is never deleted;
 * a run that cannot see everything deletes nothing) on a real CNCF distribution 2.8 registry
 * with deletes enabled: it cannot delete a single tag, so untagging goes through the placeholder trick.
 * skopeo checks the end state independently where it matters.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {referrersTag, fetchTransport, MediaType, type Transport} from '../../src/registry/index.js'
import {ociBackend} from '../../src/prune/run/backends.js'
import {DeleteGuard, tagReading} from '../../src/prune/run/guard.js'
import {runSteps} from '../../src/prune/run/steps.js'
import type {RepoPlan} from '../../src/prune/plan/types.js'
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.js'
import {startRegistry, type TestRegistry} from '../helpers/registry.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'
import {
  clientFor,
  exists,
  mutations,
  pruneRegistry,
  pushImage,
  pushIndex,
  pushMultiArch,
  recordingTransport
} from './fixtures.js'

const describeOci = await requireTools('docker-registry', 'skopeo')
const DAY = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

describeOci('pruning a distribution 2.8 registry', () => {
  let registry: TestRegistry
  beforeAll(async () => {
    registry = await startRegistry({auth: 'anonymous'})
  })
  afterAll(async () => registry?.stop())

  test('children of a kept index stay, whatever the rules say about untagged manifests', async () => {
    const client = clientFor(registry)
    const {children} = await pushMultiArch(client, 'c1', 'v1', 'c1')
    await pushImage(client, 'c1', 'old', 'c1-old', {created: daysAgo(90)})
    const {plan, results} = await pruneRegistry(registry, 'c1', {
      rules: 'type=untagged\ntype=tags,match=old|v1'
    })
    expect(plan?.notes.join()).toMatch(/cannot list untagged manifests/)
    expect(results.map(r => r.status)).toEqual(['done'])
    for (const child of children) expect(await exists(client, 'c1', child.digest)).toBe(true)
    expect(await skopeoListTags(registry, 'c1')).toEqual(['v1'])
  })

  test('a child shared with a kept index survives two runs', async () => {
    const client = clientFor(registry)
    const shared = await pushImage(client, 'c2', undefined, 'shared')
    const own = await pushImage(client, 'c2', undefined, 'own')
    await pushIndex(client, 'c2', 'rc1', [shared, own])
    const kept = await pushIndex(client, 'c2', 'v1', [shared])
    for (let run = 0; run < 2; run++) await pruneRegistry(registry, 'c2', {rules: 'type=tags,match=rc.*'})
    expect(await exists(client, 'c2', shared.digest)).toBe(true)
    expect(await exists(client, 'c2', own.digest)).toBe(false)
    expect((await skopeoInspect(registry, 'c2:v1')).digest).toBe(kept.digest)
  })

  test('a nested index keeps all its descendants; one the walker cannot read blocks the repository', async () => {
    const client = clientFor(registry)
    const leaf = await pushImage(client, 'c3', undefined, 'leaf')
    const inner = await pushIndex(client, 'c3', undefined, [leaf])
    await pushIndex(client, 'c3', 'top', [inner])
    const oldLeaf = await pushImage(client, 'c3', undefined, 'old-leaf')
    const oldInner = await pushIndex(client, 'c3', undefined, [oldLeaf, leaf])
    const oldTop = await pushIndex(client, 'c3', 'old', [oldInner])

    const failing = recordingTransport(fetchTransport(), (method, url) =>
      method === 'GET' && url.pathname.endsWith(oldInner.digest) ? new Response('', {status: 418}) : undefined
    )
    const blocked = await pruneRegistry(registry, 'c3', {rules: 'type=tags,match=old', transport: failing})
    expect(blocked.plan?.blocked).toMatch(/could not read manifest/)
    expect(mutations(failing.log)).toEqual([])

    const {results} = await pruneRegistry(registry, 'c3', {rules: 'type=tags,match=old'})
    expect(results.map(r => [r.step.op === 'delete' && r.step.digest, r.status])).toEqual([
      [oldTop.digest, 'done'],
      [oldInner.digest, 'done'],
      [oldLeaf.digest, 'done']
    ])
    expect(await exists(client, 'c3', leaf.digest)).toBe(true)
    expect(await exists(client, 'c3', inner.digest)).toBe(true)
  })

  test('a sibling tag on a shared digest keeps resolving; only the selected tag goes', async () => {
    const client = clientFor(registry)
    const image = await pushImage(client, 'c4', 'sha-abc', 'shared')
    const bytes = (await client.getManifest('c4', 'sha-abc')).bytes
    for (const tag of ['v1.2.3', 'pr-12', 'v1.0'])
      await client.putManifest('c4', tag, bytes, MediaType.ociManifest)
    const {results, run} = await pruneRegistry(registry, 'c4', {rules: 'type=tags,match=sha-.*|pr-.*'})
    expect(results.map(r => [r.step.op, r.status])).toEqual([
      ['untag', 'done'],
      ['untag', 'done']
    ])
    expect(results[0]?.detail).toMatch(/via placeholder sha256:/)
    expect(run.failures).toEqual([])
    expect(await skopeoListTags(registry, 'c4')).toEqual(['v1.0', 'v1.2.3'])
    expect((await skopeoInspect(registry, 'c4:v1.2.3')).digest).toBe(image.digest)
  })

  test('filters look at tag names: a keep rule protects v1.0 whatever the digest looks like', async () => {
    const client = clientFor(registry)
    const image = await pushImage(client, 'c6', 'v1.0', 'six')
    const hex = image.digest.slice(7, 19)
    await pushImage(client, 'c6', hex, 'hexnamed')
    await pruneRegistry(registry, 'c6', {
      rules: `type=keep,match=v\\d+.*\ntype=keep,semver=false\ntype=tags,match=.*${hex.slice(0, 6)}.*`
    })
    expect(await skopeoListTags(registry, 'c6')).toEqual(['v1.0'])
  })

  test('a failed tag page, manifest read or referrers listing deletes nothing', async () => {
    const client = clientFor(registry)
    for (let i = 0; i < 5; i++) await pushImage(client, 'c7', `pr-${i}`, `c7-${i}`)
    const faults: ((method: string, url: URL) => boolean)[] = [
      (m, u) => m === 'GET' && u.pathname.endsWith('/tags/list') && u.searchParams.has('last'),
      (m, u) => m === 'GET' && u.pathname.endsWith('/manifests/pr-1'),
      (_m, u) => u.pathname.includes('/referrers/')
    ]
    for (const fault of faults) {
      // distribution 2.8 ignores `n`: a first page of two tags with a next link is made up here, so that
      // a fault can hit the second page.
      const transport = recordingTransport(fetchTransport(), (method, url) => {
        if (fault(method, url)) return new Response('{"errors":[{"code":"TOOMANYREQUESTS"}]}', {status: 418})
        if (method !== 'GET' || !url.pathname.endsWith('/tags/list') || url.searchParams.has('last'))
          return undefined
        return new Response(JSON.stringify({name: 'c7', tags: ['pr-0', 'pr-1']}), {
          status: 200,
          headers: {'content-type': 'application/json', link: '</v2/c7/tags/list?last=pr-1&n=2>; rel="next"'}
        })
      })
      const {plan} = await pruneRegistry(registry, 'c7', {rules: 'type=tags,match=pr-.*', transport})
      expect(plan?.blocked).toBeDefined()
      expect(mutations(transport.log)).toEqual([])
    }
    expect(await skopeoListTags(registry, 'c7')).toHaveLength(5)
  })

  /** The OCI backend as the prune stage builds it, its guard re-reading the tags before every deletion. */
  async function strictBackend(repo: string, plan: RepoPlan, transport?: Transport) {
    const client = clientFor(registry, transport)
    const reading = tagReading(plan)
    const guard = new DeleteGuard({client, path: repo, reading, readAt: 0, maxAgeMs: 0, now: Date.now})
    return {guard, backend: ociBackend({client, path: repo, sleep: async () => undefined}, guard)}
  }

  test('drift: a tag re-pushed after planning keeps its new image, and the placeholder never overwrites a push', async () => {
    const client = clientFor(registry)
    const old = await pushImage(client, 'c9', 'pr-1', 'nine-old')
    const shared = await pushImage(client, 'c9', 'pr-2', 'nine-shared')
    await client.putManifest(
      'c9',
      'v2',
      (await client.getManifest('c9', 'pr-2')).bytes,
      MediaType.ociManifest
    )
    const dry = await pruneRegistry(registry, 'c9', {rules: 'type=tags,match=pr-.*', dryRun: true})
    const fresh = await pushImage(client, 'c9', 'pr-1', 'nine-new')
    let pushedDuringUntag: string | undefined
    // Between the placeholder PUT and the check after it, someone pushes pr-2 again.
    const racing = recordingTransport(fetchTransport(), async (method, url, forward) => {
      if (method !== 'PUT' || !url.pathname.endsWith('/manifests/pr-2') || pushedDuringUntag) return undefined
      const response = await forward()
      pushedDuringUntag = (await pushImage(client, 'c9', 'pr-2', 'nine-racer')).digest
      return response
    })
    const {backend} = await strictBackend('c9', dry.plan!, racing)
    const results = await runSteps(dry.plan!, backend, {log: () => undefined})
    const byDigest = (digest: string) => results.find(r => r.step.digest === digest)
    // The old image goes as planned; deleting it cannot touch pr-1, which now points elsewhere.
    expect(byDigest(old.digest)?.status).toBe('done')
    expect(await exists(client, 'c9', old.digest)).toBe(false)
    expect(byDigest(shared.digest)?.status).toBe('skipped')
    expect((await client.headManifest('c9', 'pr-1'))?.digest).toBe(fresh.digest)
    expect((await client.headManifest('c9', 'pr-2'))?.digest).toBe(pushedDuringUntag)
    expect((await client.headManifest('c9', 'v2'))?.digest).toBe(shared.digest)
  })

  test('drift: a kept tag moved onto a doomed image, or a new index reusing a doomed child, keeps them', async () => {
    const client = clientFor(registry)
    const old = await pushImage(client, 'g1', 'sha-old', 'g1-old')
    await pushImage(client, 'g1', 'latest', 'g1-current')
    const multi = await pushMultiArch(client, 'g1', 'sha-multi', 'g1-multi')
    const dry = await pruneRegistry(registry, 'g1', {rules: 'type=tags,match=sha-.*', dryRun: true})
    const doomed = dry.plan!.steps.flatMap(s => (s.op === 'delete' ? [s.digest] : []))
    expect(doomed.sort()).toEqual(
      [old.digest, multi.index.digest, ...multi.children.map(c => c.digest)].sort()
    )
    // Meanwhile a rollback points latest at the old image, and a release index reuses the amd64 image.
    const oldBytes = (await client.getManifest('g1', old.digest)).bytes
    await client.putManifest('g1', 'latest', oldBytes, MediaType.ociManifest)
    const amd64 = multi.children[0]!
    await pushIndex(client, 'g1', 'v2.0.0', [{...amd64, platform: {architecture: 'amd64', os: 'linux'}}])
    const {guard, backend} = await strictBackend('g1', dry.plan!)
    const results = await runSteps(dry.plan!, backend, {log: () => undefined})
    const outcome = (digest: string) => results.find(r => r.step.digest === digest)
    expect(outcome(old.digest)).toMatchObject({
      status: 'skipped',
      detail: expect.stringMatching(/tag latest moved/)
    })
    expect(outcome(amd64.digest)).toMatchObject({
      status: 'skipped',
      detail: expect.stringMatching(/tag v2.0.0 was pushed meanwhile, which needs/)
    })
    expect(outcome(multi.index.digest)?.status).toBe('done')
    for (const child of multi.children.slice(1)) expect(outcome(child.digest)?.status).toBe('done')
    expect(guard.rereads).toBeGreaterThanOrEqual(1)
    expect((await skopeoInspect(registry, 'g1:latest')).digest).toBe(old.digest)
    expect(await exists(client, 'g1', amd64.digest)).toBe(true)
    expect(await exists(client, 'g1', 'v2.0.0')).toBe(true)
  })

  test('a fresh reading costs no request per deleted tag; a stale one is re-read, a failed one stops', async () => {
    const client = clientFor(registry)
    for (let i = 0; i < 12; i++) await pushImage(client, 'g2', `keep-${i}`, `g2-keep-${i}`)
    const pr = await pushImage(client, 'g2', 'pr-7', 'g2-pr')
    const fresh = recordingTransport(fetchTransport())
    const run = await pruneRegistry(registry, 'g2', {rules: 'type=pr-closed', closedPr: 7, transport: fresh})
    expect(run.results.map(r => r.status)).toEqual(['done'])
    expect(await exists(client, 'g2', pr.digest)).toBe(false)
    // The tag list, 12 manifests, the referrers probe, the delete-capability probe and the one DELETE.
    expect(fresh.log.filter(l => l.method === 'HEAD')).toEqual([])
    expect(mutations(fresh.log).map(l => l.method)).toEqual(['DELETE', 'DELETE'])

    for (let i = 0; i < 3; i++) await pushImage(client, 'g2', `pr-8-${i}`, `g2-pr8-${i}`)
    const stale = recordingTransport(fetchTransport())
    const again = await pruneRegistry(registry, 'g2', {
      rules: 'type=pr-closed',
      closedPr: 8,
      transport: stale,
      guardMaxAgeMs: 0
    })
    expect(again.results.map(r => r.status)).toEqual(['done', 'done', 'done'])
    // With no age allowed, each deletion waits for a reading begun after it asked: the list again and a HEAD
    // per surviving tag (12 each time), never one for the three tags deleted.
    const heads = stale.log.filter(l => l.method === 'HEAD').map(l => l.path.split('/').pop())
    expect(heads.length).toBeGreaterThanOrEqual(12)
    expect(heads.length % 12).toBe(0)
    expect(new Set(heads)).toEqual(new Set(Array.from({length: 12}, (_, i) => `keep-${i}`)))

    for (let i = 0; i < 2; i++) await pushImage(client, 'g2', `pr-9-${i}`, `g2-pr9-${i}`)
    let lists = 0
    const denied = recordingTransport(fetchTransport(), (method, url) => {
      // The first listing (over http: the client's https attempt fails first) is the inventory's.
      if (method !== 'GET' || url.protocol !== 'http:' || !url.pathname.endsWith('/tags/list'))
        return undefined
      if (++lists === 1) return undefined
      return new Response(
        '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}',
        {
          status: 403,
          headers: {'content-type': 'application/json'}
        }
      )
    })
    const stopped = await pruneRegistry(registry, 'g2', {
      rules: 'type=pr-closed',
      closedPr: 9,
      transport: denied,
      guardMaxAgeMs: 0
    })
    expect(stopped.results.map(r => r.status)).toEqual(['failed', 'skipped'])
    expect(stopped.run.failures.length).toBeGreaterThan(0)
    for (const failure of stopped.run.failures)
      expect(failure).toMatch(/could not re-read the tags before deleting/)
    expect(mutations(denied.log).map(l => l.method)).toEqual(['DELETE'])
    expect(await skopeoListTags(registry, 'g2')).toEqual(expect.arrayContaining(['pr-9-0', 'pr-9-1']))
  })

  describe('issue 11.4: one 404 for a listed tag never deletes a kept tag', () => {
    let proxy: FaultProxy
    /** The same registry behind the fault proxy: prune runs go through it, checks go straight. */
    let proxied: TestRegistry
    const NOT_FOUND_BODY = '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}'
    const why = (tag: string) =>
      `tag ${tag} (404 Not Found) was listed but could not be read: it may point at any image here, and ` +
      'deleting a manifest deletes every tag on it. Run the prune again: this is transient (a registry not ' +
      'yet consistent) or a tag changed while it was read'
    beforeAll(async () => {
      proxy = await startFaultProxy(registry.url)
      proxied = {...registry, host: proxy.host, url: proxy.url}
    })
    afterAll(async () => proxy?.close())

    test('while listing: sha-a and the kept v1 share a digest, v1 answers 404 once: both stay, the run fails', async () => {
      const client = clientFor(registry)
      const image = await pushImage(client, 'u1', 'sha-a', 'u1')
      await client.putManifest(
        'u1',
        'v1',
        (await client.getManifest('u1', 'sha-a')).bytes,
        MediaType.ociManifest
      )
      proxy.reset()
      proxy.inject({
        method: 'GET',
        path: /^\/v2\/u1\/manifests\/v1$/,
        fault: {kind: 'status', status: 404, body: NOT_FOUND_BODY}
      })
      const {plan, results, run, lines} = await pruneRegistry(proxied, 'u1', {
        rules: 'type=tags,match=sha-.*'
      })
      expect(
        proxy.requests.filter(r => r.fault !== undefined).map(r => [r.method, r.path, r.status])
      ).toEqual([['GET', '/v2/u1/manifests/v1', 404]])
      expect(plan?.blocked).toBe(why('v1'))
      expect(results).toEqual([])
      expect(run.failures).toEqual([`${proxy.host}/u1: nothing deleted: ${why('v1')}`])
      expect(lines.error).toEqual(run.failures)
      expect(proxy.requests.filter(r => r.method === 'PUT' || r.method === 'DELETE')).toEqual([])
      expect(await skopeoListTags(registry, 'u1')).toEqual(['sha-a', 'v1'])
      expect((await skopeoInspect(registry, 'u1:v1')).digest).toBe(image.digest)

      // The next run reads v1 and only untags sha-a.
      const again = await pruneRegistry(proxied, 'u1', {rules: 'type=tags,match=sha-.*'})
      expect(again.run.failures).toEqual([])
      expect(again.results.map(r => [r.step.op, r.status])).toEqual([['untag', 'done']])
      expect(await skopeoListTags(registry, 'u1')).toEqual(['v1'])
      expect((await skopeoInspect(registry, 'u1:v1')).digest).toBe(image.digest)
    })

    test('before deleting: the kept v1 answers 404 once to the guard: nothing deleted, the run fails', async () => {
      const client = clientFor(registry)
      const kept = await pushImage(client, 'u2', 'v1', 'u2-kept')
      const old = await pushImage(client, 'u2', 'pr-1', 'u2-old')
      proxy.reset()
      // The inventory reads tags with GET; the guard re-resolves them with HEAD.
      proxy.inject({
        method: 'HEAD',
        path: /^\/v2\/u2\/manifests\/v1$/,
        fault: {kind: 'status', status: 404, body: NOT_FOUND_BODY}
      })
      const {results, run} = await pruneRegistry(proxied, 'u2', {
        rules: 'type=tags,match=pr-.*',
        guardMaxAgeMs: 0
      })
      const detail = `before deleting, ${why('v1')}`
      expect(results.map(r => [r.step.op === 'delete' && r.step.digest, r.status, r.detail])).toEqual([
        [old.digest, 'failed', detail]
      ])
      expect(run.failures).toEqual([`${proxy.host}/u2: ${old.digest}: ${detail}`])
      // Only the delete-capability probe (a random digest) was sent.
      const deletes = proxy.requests.filter(r => r.method === 'DELETE' || r.method === 'PUT')
      expect(deletes).toHaveLength(1)
      expect(deletes[0]?.path).not.toContain(old.digest)
      expect(await skopeoListTags(registry, 'u2')).toEqual(['pr-1', 'v1'])
      expect(await exists(client, 'u2', kept.digest)).toBe(true)
    })
  })

  test('referrers stay with a kept subject and go after a deleted one', async () => {
    const client = clientFor(registry)
    const kept = await pushImage(client, 'c10', 'v1', 'kept')
    const dropped = await pushImage(client, 'c10', 'old', 'dropped')
    const keptSig = await pushImage(client, 'c10', undefined, 'sig-kept', {
      subject: kept,
      artifactType: 'application/vnd.example.sig'
    })
    const dropSig = await pushImage(client, 'c10', undefined, 'sig-drop', {
      subject: dropped,
      artifactType: 'application/vnd.example.sig'
    })
    const transport = recordingTransport(fetchTransport())
    const {results} = await pruneRegistry(registry, 'c10', {
      rules: 'type=tags,match=.*\ntype=keep,match=v1',
      transport
    })
    const deletes = mutations(transport.log)
      .filter(m => m.method === 'DELETE')
      .map(m => m.path.split('/').pop())
    const fallback = (await client.getManifest('c10', referrersTag(kept.digest))).digest
    expect(deletes.slice(1)).toEqual([dropped.digest, expect.stringMatching(/^sha256:/), dropSig.digest])
    expect(results.every(r => r.status === 'done')).toBe(true)
    expect(await skopeoListTags(registry, 'c10')).toEqual([referrersTag(kept.digest), 'v1'].sort())
    expect(await exists(client, 'c10', keptSig.digest)).toBe(true)
    expect(await exists(client, 'c10', fallback)).toBe(true)
    expect(await exists(client, 'c10', dropSig.digest)).toBe(false)
  })

  test('an image with a 1970 or 1980 creation date is not old: kept, with a warning', async () => {
    const client = clientFor(registry)
    await pushImage(client, 'c11', 'sha-epoch', 'epoch', {created: '1970-01-01T00:00:00Z'})
    await pushImage(client, 'c11', 'sha-pack', 'pack', {created: '1980-01-01T00:00:01Z'})
    await pushImage(client, 'c11', 'sha-none', 'none', {created: null})
    await pushImage(client, 'c11', 'sha-old', 'old', {created: daysAgo(60)})
    const {lines} = await pruneRegistry(registry, 'c11', {rules: 'type=tags,match=sha-.*,older-than=30d'})
    expect(await skopeoListTags(registry, 'c11')).toEqual(['sha-epoch', 'sha-none', 'sha-pack'])
    expect(lines.warning.join('\n')).toMatch(/kept sha-epoch: config created says 1970-01-01/)
  })

  test('keep-N is a floor counting digests: 5 of 8 old images remain, aliases count once', async () => {
    const client = clientFor(registry)
    for (let i = 0; i < 8; i++)
      await pushImage(client, 'c12', `build-${i}`, `c12-${i}`, {annotationCreated: daysAgo(100 - i)})
    const newest = await client.getManifest('c12', 'build-7')
    for (let j = 0; j < 10; j++)
      await client.putManifest('c12', `alias-${j}`, newest.bytes, MediaType.ociManifest)
    await pruneRegistry(registry, 'c12', {rules: 'type=tags,match=.*,older-than=30d,keep=5'})
    const tags = await skopeoListTags(registry, 'c12')
    expect(tags.filter(t => t.startsWith('build-'))).toEqual([
      'build-3',
      'build-4',
      'build-5',
      'build-6',
      'build-7'
    ])
    expect(tags.filter(t => t.startsWith('alias-'))).toHaveLength(10)
  })

  test('a half-finished untag is retried, reported with the placeholder digest, and fails the run', async () => {
    const client = clientFor(registry)
    const image = await pushImage(client, 'c14', 'sha-x', 'fourteen')
    await client.putManifest(
      'c14',
      'v1',
      (await client.getManifest('c14', 'sha-x')).bytes,
      MediaType.ociManifest
    )
    let placeholderDeletes = 0
    const transport = recordingTransport(fetchTransport(), async (method, url) => {
      if (method !== 'DELETE' || !url.pathname.includes('/manifests/sha256:')) return undefined
      const digest = url.pathname.split('/').pop() as string
      const manifest = await client.getManifest('c14', digest).catch(() => undefined)
      if (manifest?.parsed.artifactType !== 'application/vnd.image-action.untagged.v1') return undefined
      placeholderDeletes++
      return new Response('{"errors":[{"code":"CONFLICT","message":"busy"}]}', {status: 409})
    })
    const {run} = await pruneRegistry(registry, 'c14', {rules: 'type=tags,match=sha-.*', transport})
    expect(placeholderDeletes).toBe(3)
    expect(run.failures).toEqual([
      expect.stringMatching(/HALF-FINISHED UNTAG: sha-x now points at placeholder sha256:[0-9a-f]{64}/)
    ])
    expect((await client.headManifest('c14', 'v1'))?.digest).toBe(image.digest)
  })

  test('a dry run sends no PUT or DELETE, and plans exactly what the real run then does', async () => {
    const client = clientFor(registry)
    await pushMultiArch(client, 'c18', 'pr-1', 'c18a')
    await pushImage(client, 'c18', 'pr-2', 'c18b')
    await client.putManifest(
      'c18',
      'v1',
      (await client.getManifest('c18', 'pr-2')).bytes,
      MediaType.ociManifest
    )
    const transport = recordingTransport(fetchTransport())
    const dry = await pruneRegistry(registry, 'c18', {
      rules: 'type=pr-closed',
      closedPr: 1,
      dryRun: true,
      transport
    })
    expect(mutations(transport.log)).toEqual([])
    expect(dry.results).toEqual([])
    const real = await pruneRegistry(registry, 'c18', {rules: 'type=pr-closed', closedPr: 1})
    expect(real.plan?.steps).toEqual(dry.plan?.steps)
    expect(real.results.map(r => r.status)).toEqual(['done', 'done', 'done', 'done'])
  })

  test('an index is deleted before its children, and every deletion is logged for the audit', async () => {
    const client = clientFor(registry)
    const {index, children} = await pushMultiArch(client, 'c19', 'pr-9', 'c19')
    const transport = recordingTransport(fetchTransport())
    const {lines} = await pruneRegistry(registry, 'c19', {rules: 'type=tags,match=pr-.*', transport})
    const deleted = mutations(transport.log)
      .filter(m => m.method === 'DELETE')
      .slice(1)
      .map(m => m.path.split('/').pop())
    expect(deleted[0]).toBe(index.digest)
    expect(new Set(deleted.slice(1))).toEqual(new Set(children.map(c => c.digest)))
    expect(lines.info).toContain(`done: ${registry.host}/c19@${index.digest} tags pr-9`)
    for (const child of children)
      expect(lines.info).toContain(`done: ${registry.host}/c19@${child.digest} untagged`)
  })

  test('two prune runs at once leave every kept image whole', async () => {
    const client = clientFor(registry)
    const keep = await pushMultiArch(client, 'c22', 'v1', 'c22-keep')
    const shared = keep.children[0]!
    for (let i = 0; i < 6; i++) {
      const own = await pushImage(client, 'c22', undefined, `c22-own-${i}`)
      await pushIndex(client, 'c22', `pr-${i}`, [shared, own])
    }
    const [a, b] = await Promise.all([
      pruneRegistry(registry, 'c22', {rules: 'type=tags,match=pr-.*'}),
      pruneRegistry(registry, 'c22', {rules: 'type=tags,match=pr-.*'})
    ])
    expect([...a.run.failures, ...b.run.failures]).toEqual([])
    expect(await skopeoListTags(registry, 'c22')).toEqual(['v1'])
    for (const child of keep.children) expect(await exists(client, 'c22', child.digest)).toBe(true)
  })
})
