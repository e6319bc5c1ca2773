/**
 * promote-from on distribution 2.8, which has no referrers API: an index with an OCI referrer (listed by the
 * `sha256-<hex>` fallback index) and cosign's legacy `.sig` / `.att` tags on the index and its child lands in
 * another registry (blobs streamed) and another repository of the same registry (blobs mounted), under the
 * same tag names and digests, as skopeo sees them.
 */
import {rm} from 'node:fs/promises'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {promote} from '../../src/promote/promote.js'
import {cosignTag} from '../../src/registry/attached-tags.js'
import {staticCredentials} from '../../src/registry/auth.js'
import {referrersTag} from '../../src/registry/digest.js'
import {pushBaseImage, pushIndexWithReferrer, type IndexWithReferrer} from '../helpers/base-image.js'
import {clientFor, credentialsOf, startRegistry, type TestRegistry} from '../helpers/registry.js'
import {requireTools, tempDir} from '../helpers/require-tool.js'
import {skopeoCopy, skopeoInspect, skopeoListTags, skopeoRawManifest} from '../helpers/skopeo.js'
import {pushCosign} from './attachments.js'

const describePromote = await requireTools('docker-registry', 'skopeo', 'root')

describePromote('promote-from copies cosign tags and fallback referrers on distribution 2.8', () => {
  let source: TestRegistry
  let other: TestRegistry
  let graph: IndexWithReferrer
  /** cosign tag → digest in the source, as skopeo reads it there. */
  const cosign = new Map<string, string>()

  beforeAll(async () => {
    ;[source, other] = await Promise.all([
      startRegistry({auth: 'anonymous'}),
      startRegistry({auth: 'token', username: 'dora', password: 'S1gnatures-travel'})
    ])
    await pushBaseImage(source, 'src/app:1')
    const client = clientFor(source)
    graph = await pushIndexWithReferrer(client, 'src/app')
    for (const [subject, suffix] of [
      [graph.index, 'sig'],
      [graph.index, 'att'],
      [graph.child, 'sig']
    ] as const) {
      const {tag} = await pushCosign(client, 'src/app', subject, suffix)
      cosign.set(tag, (await skopeoRawManifest(source, `src/app:${tag}`)).digest)
    }
  })
  afterAll(async () => Promise.all([source?.stop(), other?.stop()]))

  test('the image, its fallback-index referrer and every .sig / .att tag land with identical digests', async () => {
    // The source is what the issue describes: no subject on the cosign manifests, no referrers API.
    expect((await clientFor(source).referrers('src/app', graph.index)).source).toBe('tag-schema')
    const credentials = staticCredentials(credentialsOf(other))
    const targets = [`${other.host}/prom/app:3.0`, `${source.host}/mirror/app:3.0`]

    const result = await promote(`${source.host}/src/app:multi`, targets, credentials)

    expect(result.digest).toBe(graph.index)
    const stats = new Map(result.stats.map(s => [s.target, s.stats]))
    for (const target of [`${other.host}/prom/app`, `${source.host}/mirror/app`]) {
      expect(stats.get(target)).toMatchObject({
        referrers: 1,
        referrersApi: 0,
        referrersTagSchema: 1,
        cosignSig: 2,
        cosignAtt: 1,
        cosignSbom: 0
      })
    }
    expect(stats.get(`${other.host}/prom/app`)).toMatchObject({blobsMounted: 0, blobsPresent: 0})
    expect(stats.get(`${other.host}/prom/app`)?.blobsCopied).toBeGreaterThan(0)
    expect(stats.get(`${source.host}/mirror/app`)).toMatchObject({blobsCopied: 0, blobsPresent: 0})
    expect(stats.get(`${source.host}/mirror/app`)?.blobsMounted).toBeGreaterThan(0)

    for (const [registry, repo] of [
      [other, 'prom/app'],
      [source, 'mirror/app']
    ] as const) {
      expect(await skopeoListTags(registry, repo)).toEqual(
        ['3.0', referrersTag(graph.index), ...cosign.keys()].sort()
      )
      expect((await skopeoInspect(registry, `${repo}:3.0`)).digest).toBe(graph.index)
      for (const [tag, digest] of cosign) {
        expect((await skopeoRawManifest(registry, `${repo}:${tag}`)).digest, `${repo}:${tag}`).toBe(digest)
      }
      const fallback = await skopeoRawManifest(registry, `${repo}:${referrersTag(graph.index)}`)
      expect((fallback.manifest.manifests as {digest: string}[]).map(m => m.digest)).toEqual([graph.artifact])
      expect((await skopeoRawManifest(registry, `${repo}@${graph.artifact}`)).digest).toBe(graph.artifact)
    }

    // The signature's blobs are really there: skopeo can pull the whole .sig manifest out of the target.
    const dir = await tempDir('promoted-sig')
    try {
      const sigTag = cosignTag(graph.index, 'sig') as string
      await skopeoCopy({registry: other, repoTag: `prom/app:${sigTag}`}, `oci:${dir}:sig`)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  test('promoting again is a no-op that succeeds: the same tags, the same digests, one fallback entry', async () => {
    const credentials = staticCredentials(credentialsOf(other))
    const before = await skopeoListTags(other, 'prom/app')

    const result = await promote(`${source.host}/src/app:multi`, [`${other.host}/prom/app:3.0`], credentials)

    expect(result.stats[0]?.stats).toMatchObject({blobsCopied: 0, cosignSig: 2, cosignAtt: 1})
    expect(await skopeoListTags(other, 'prom/app')).toEqual(before)
    for (const [tag, digest] of cosign) {
      expect((await skopeoRawManifest(other, `prom/app:${tag}`)).digest).toBe(digest)
    }
    const fallback = await skopeoRawManifest(other, `prom/app:${referrersTag(graph.index)}`)
    expect((fallback.manifest.manifests as {digest: string}[]).map(m => m.digest)).toEqual([graph.artifact])
  })
})
