import {afterAll, beforeAll, expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'
import {pushBaseImage, pushIndexWithReferrer} from '../helpers/base-image.js'
import {clientFor, startRegistry} from '../helpers/registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'
import {referrersTag} from '../../src/registry/index.js'

const describePromote = await requireTools('docker-registry', 'skopeo', 'root')

describePromote('promote an image without an engine', () => {
  let source: TestRegistry
  let other: TestRegistry

  beforeAll(async () => {
    ;[source, other] = await Promise.all([
      startRegistry({auth: 'anonymous'}),
      startRegistry({auth: 'token', username: 'carol', password: 'Pr0mote-s3cret'})
    ])
    await pushBaseImage(source, 'src/app:1')
  })
  afterAll(async () => Promise.all([source?.stop(), other?.stop()]))

  test('an index with its child and referrer lands in the same repo, another repo and another registry', async () => {
    const graph = await pushIndexWithReferrer(clientFor(source), 'src/app')
    const [indexDigest, childDigest, artifactDigest] = [graph.index, graph.child, graph.artifact]
    const run = await runAction({
      event: {name: 'push', ref: 'refs/tags/v2.3.4', sha: 'abcdef0123456789abcdef0123456789abcdef01'},
      inputs: {
        images: `${source.host}/src/app\n${source.host}/mirror/app\n${other.host}/prom/app`,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}',
        'promote-from': `${source.host}/src/app:multi`,
        'registry-auth': `- registry: ${other.host}\n  username: carol\n  password: Pr0mote-s3cret`,
        // No engine anywhere: a promotion must not need one.
        engine: 'buildx'
      },
      env: {PATH: '/nonexistent'}
    })
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.outputs.digest).toBe(indexDigest)
    expect(run.summary).toContain('Promoted from')
    for (const [registry, repo] of [
      [source, 'src/app'],
      [source, 'mirror/app'],
      [other, 'prom/app']
    ] as const) {
      const tags = await skopeoListTags(registry, repo)
      expect(tags).toEqual(expect.arrayContaining(['2.3.4', '2', 'latest']))
      for (const tag of ['2.3.4', '2', 'latest']) {
        expect((await skopeoInspect(registry, `${repo}:${tag}`)).digest).toBe(indexDigest)
      }
      const client = clientFor(registry)
      expect((await client.getManifest(repo, childDigest)).digest).toBe(childDigest)
      const referrers = await client.referrers(repo, indexDigest)
      expect(referrers.descriptors.map(d => d.digest)).toContain(artifactDigest)
      if (repo !== 'src/app') expect(tags).toContain(referrersTag(indexDigest))
    }
    expect(run.stdout).toMatch(/mirror\/app: .* blobs 0 present \/ \d+ mounted \/ 0 copied/)
    expect(run.stdout).toMatch(/prom\/app: .* blobs 0 present \/ 0 mounted \/ \d+ copied/)
    expect(run.visible).not.toContain('Pr0mote-s3cret')
  })

  test('a source that does not exist fails naming it, and writes nothing', async () => {
    const run = await runAction({
      inputs: {
        images: `${source.host}/nothing/here`,
        tags: 'x',
        'promote-from': `${source.host}/src/app:no-such-tag`
      }
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::.*src\/app/)
    expect(await skopeoListTags(source, 'nothing/here').catch(() => [])).toEqual([])
  })

  test('an invalid promote-from is refused by name', async () => {
    const run = await runAction({inputs: {images: 'r.example/a', tags: 'x', 'promote-from': 'UPPER/Case:x'}})
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("::error::input 'promote-from'")
  })
})
