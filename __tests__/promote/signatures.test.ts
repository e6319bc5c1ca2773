/**
 * promote-from copies signatures and attestations in every form they take in a registry: OCI 1.1 referrers
 * (listed by the referrers API, or by the `sha256-<hex>` fallback index on registries without it) and cosign's
 * legacy `sha256-<hex>.sig` / `.att` / `.sbom` tags, which have no `subject` and are found only by name.
 */
import {afterEach, describe, expect, it} from 'vitest'
import {promote} from '../../src/promote/promote.js'
import {cosignTag} from '../../src/registry/attached-tags.js'
import type {RegistryClient} from '../../src/registry/client.js'
import {referrersTag} from '../../src/registry/digest.js'
import {startFake, type FakeOptions, type FakeRegistry} from '../registry/fake-registry.js'
import {clientFor} from '../registry/support.js'
import {pushCosign, pushImage, pushIndex, pushReferrer} from './attachments.js'

const fakes: FakeRegistry[] = []
afterEach(async () => {
  await Promise.all(fakes.splice(0).map(f => f.stop()))
})

async function fake(options: FakeOptions = {}): Promise<FakeRegistry> {
  const started = await startFake(options)
  fakes.push(started)
  return started
}

const SIG_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
const SBOM_TYPE = 'application/spdx+json'

/** Where a tag points in a fake, straight from its tables. */
const tagged = (f: FakeRegistry, repo: string, tag: string): string | undefined =>
  f.tags.get(`${repo}:${tag}`)

/** The digests a repository's fallback index lists for `subject`, from the fake's own bytes. */
function fallbackEntries(f: FakeRegistry, repo: string, subject: string): string[] {
  const digest = tagged(f, repo, referrersTag(subject))
  if (digest === undefined) return []
  const index = JSON.parse(f.manifests.get(`${repo}@${digest}`)?.bytes.toString() ?? '{}') as {
    manifests?: {digest: string}[]
  }
  return (index.manifests ?? []).map(m => m.digest).sort()
}

const NO_ATTACHMENTS = {
  referrers: 0,
  referrersApi: 0,
  referrersTagSchema: 0,
  cosignSig: 0,
  cosignAtt: 0,
  cosignSbom: 0
}

/** An image at team/app:v1 with a cosign .sig and .att and two OCI referrers (a signature and an SBOM). */
async function signedImage(client: RegistryClient) {
  const image = await pushImage(client, 'team/app', 'v1', 'app')
  const sig = await pushCosign(client, 'team/app', image.digest, 'sig')
  const att = await pushCosign(client, 'team/app', image.digest, 'att')
  const referrers = [
    await pushReferrer(client, 'team/app', image, SIG_TYPE, 'bundle'),
    await pushReferrer(client, 'team/app', image, SBOM_TYPE, 'sbom')
  ].sort()
  return {image, sig, att, referrers}
}

describe('promote-from copies signatures and attestations', () => {
  it.each([
    ['to another registry', false],
    ['to another repository of the same registry (mounted)', true]
  ])(
    'an image with a cosign .sig and .att and fallback-index referrers, %s',
    async (_title, sameRegistry) => {
      const src = await fake({referrersApi: false})
      const dst = sameRegistry ? src : await fake({referrersApi: false})
      const source = await signedImage(clientFor(src))
      // Distribution 2.8's way: the referrers are listed by the sha256-<hex> index only.
      expect(fallbackEntries(src, 'team/app', source.image.digest)).toEqual(source.referrers)

      const result = await promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

      expect(result.digest).toBe(source.image.digest)
      expect(dst.tagsOf('prod/app')).toEqual(
        ['1.0', referrersTag(source.image.digest), source.att.tag, source.sig.tag].sort()
      )
      expect(tagged(dst, 'prod/app', '1.0')).toBe(source.image.digest)
      expect(tagged(dst, 'prod/app', source.sig.tag)).toBe(source.sig.digest)
      expect(tagged(dst, 'prod/app', source.att.tag)).toBe(source.att.digest)
      expect(fallbackEntries(dst, 'prod/app', source.image.digest)).toEqual(source.referrers)
      const listed = await clientFor(dst).referrers('prod/app', source.image.digest)
      expect(listed.descriptors.map(d => d.digest).sort()).toEqual(source.referrers)
      // The cosign manifests' blobs came along: the signature payloads are readable in the target.
      for (const {digest} of [source.sig, source.att]) {
        const manifest = await clientFor(dst).getManifest('prod/app', digest)
        for (const layer of manifest.parsed.layers ?? [])
          expect(dst.blobs.has(`prod/app@${layer.digest}`)).toBe(true)
      }
      expect(result.stats).toHaveLength(1)
      expect(result.stats[0]?.stats).toMatchObject({
        referrers: 2,
        referrersApi: 0,
        referrersTagSchema: 2,
        cosignSig: 1,
        cosignAtt: 1,
        cosignSbom: 0,
        manifests: 5,
        blobsCopied: sameRegistry ? 0 : expect.any(Number),
        blobsMounted: sameRegistry ? expect.any(Number) : 0
      })
      expect(result.stats[0]?.stats[sameRegistry ? 'blobsMounted' : 'blobsCopied']).toBeGreaterThan(0)
    }
  )

  it.each([
    [true, true],
    [true, false],
    [false, true]
  ])('OCI 1.1 referrers: source with the referrers API %s, target with it %s', async (srcApi, dstApi) => {
    const src = await fake({referrersApi: srcApi})
    const dst = await fake({referrersApi: dstApi})
    const client = clientFor(src)
    const image = await pushImage(client, 'team/app', 'v1', 'app')
    const referrer = await pushReferrer(client, 'team/app', image, SIG_TYPE, 'bundle')

    const result = await promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    const listed = await clientFor(dst).referrers('prod/app', image.digest)
    expect(listed.descriptors.map(d => d.digest)).toEqual([referrer])
    expect(listed.source).toBe(dstApi ? 'api' : 'tag-schema')
    // The fallback index is the target's own business: written only where the registry has no API.
    expect(dst.tagsOf('prod/app')).toEqual(dstApi ? ['1.0'] : ['1.0', referrersTag(image.digest)].sort())
    expect(result.stats[0]?.stats).toMatchObject({
      referrers: 1,
      referrersApi: srcApi ? 1 : 0,
      referrersTagSchema: srcApi ? 0 : 1
    })
  })

  it("an index: the child's .sig and the index's .sbom and .att travel under the same names", async () => {
    const src = await fake()
    const dst = await fake()
    const client = clientFor(src)
    const amd64 = await pushImage(client, 'team/app', undefined, 'amd64')
    const arm64 = await pushImage(client, 'team/app', undefined, 'arm64', {
      architecture: 'arm64',
      os: 'linux'
    })
    const index = await pushIndex(client, 'team/app', 'v1', [
      {...amd64, platform: {architecture: 'amd64', os: 'linux'}},
      {...arm64, platform: {architecture: 'arm64', os: 'linux'}}
    ])
    const childSig = await pushCosign(client, 'team/app', amd64.digest, 'sig')
    const indexSbom = await pushCosign(client, 'team/app', index.digest, 'sbom')
    const indexAtt = await pushCosign(client, 'team/app', index.digest, 'att')

    const result = await promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:2`], undefined)

    expect(dst.tagsOf('prod/app')).toEqual(['2', childSig.tag, indexAtt.tag, indexSbom.tag].sort())
    expect(tagged(dst, 'prod/app', '2')).toBe(index.digest)
    expect(tagged(dst, 'prod/app', childSig.tag)).toBe(childSig.digest)
    expect(tagged(dst, 'prod/app', indexSbom.tag)).toBe(indexSbom.digest)
    expect(tagged(dst, 'prod/app', indexAtt.tag)).toBe(indexAtt.digest)
    expect(dst.manifests.has(`prod/app@${arm64.digest}`)).toBe(true)
    expect(result.stats[0]?.stats).toMatchObject({
      ...NO_ATTACHMENTS,
      cosignSig: 1,
      cosignAtt: 1,
      cosignSbom: 1,
      manifests: 6
    })
  })

  it('nothing attached: three HEADs per image manifest find nothing, and nothing else is written', async () => {
    const src = await fake()
    const dst = await fake()
    const image = await pushImage(clientFor(src), 'team/app', 'v1', 'plain')

    const result = await promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    expect(dst.tagsOf('prod/app')).toEqual(['1.0'])
    expect(result.stats[0]?.stats).toMatchObject({...NO_ATTACHMENTS, manifests: 1})
    const asked = src.log.filter(l => l.url.includes('/manifests/sha256-')).map(l => `${l.method} ${l.url}`)
    expect(asked.sort()).toEqual(
      [
        `GET /v2/team/app/manifests/${referrersTag(image.digest)}`,
        ...(['att', 'sbom', 'sig'] as const).map(
          s => `HEAD /v2/team/app/manifests/${cosignTag(image.digest, s)}`
        )
      ].sort()
    )
    // Two manifest PUTs in the target: the image by digest, then its tag.
    expect(dst.log.filter(l => l.method === 'PUT' && l.url.includes('/manifests/'))).toHaveLength(2)
  })

  it('is idempotent: promoting again onto a target that has the tags changes nothing', async () => {
    const src = await fake()
    const dst = await fake()
    const source = await signedImage(clientFor(src))
    const promoteOnce = () => promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    await promoteOnce()
    const before = new Map(dst.tags)
    const again = await promoteOnce()

    expect(new Map(dst.tags)).toEqual(before)
    // The fallback index was not rewritten with duplicates: same bytes, same two entries.
    expect(fallbackEntries(dst, 'prod/app', source.image.digest)).toEqual(source.referrers)
    expect(again.stats[0]?.stats).toMatchObject({referrersTagSchema: 2, cosignSig: 1, cosignAtt: 1})
    expect(again.stats[0]?.stats.blobsCopied).toBe(0)
  })

  it("a target's own referrers of the same image stay listed next to the promoted ones", async () => {
    const src = await fake()
    const dst = await fake()
    const source = await signedImage(clientFor(src))
    await pushImage(clientFor(dst), 'prod/app', 'old', 'app') // the same bytes: the same digest
    const own = await pushReferrer(clientFor(dst), 'prod/app', source.image, SIG_TYPE, 'signed in prod')

    await promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    expect(fallbackEntries(dst, 'prod/app', source.image.digest)).toEqual([...source.referrers, own].sort())
  })

  it('a signature that cannot be copied fails the promote, names the tag, and leaves the target untagged', async () => {
    const src = await fake()
    const dst = await fake()
    const source = await signedImage(clientFor(src))
    dst.faults.push({
      when: req => req.method === 'PUT' && (req.url ?? '').endsWith(`/manifests/${source.sig.tag}`),
      times: 1,
      action: {
        status: 403,
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({errors: [{code: 'DENIED', message: 'tag is immutable'}]})
      }
    })

    const promoted = promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    await expect(promoted).rejects.toThrow(
      new RegExp(
        `could not copy the cosign signature tag ${source.sig.tag} from ${src.host}/team/app to ${dst.host}/prod/app: .*tag is immutable.*; so ${dst.host}/prod/app was not tagged 1\\.0`
      )
    )
    await expect(promoted).rejects.toMatchObject({name: 'AttachmentCopyError', status: 403, code: 'DENIED'})
    expect(tagged(dst, 'prod/app', '1.0')).toBeUndefined()
  })

  it('a referrer the source lists but cannot serve fails the promote naming the referrer and its subject', async () => {
    const src = await fake()
    const dst = await fake()
    const source = await signedImage(clientFor(src))
    const missing = source.referrers[0] as string
    src.manifests.delete(`team/app@${missing}`)

    const promoted = promote(`${src.host}/team/app:v1`, [`${dst.host}/prod/app:1.0`], undefined)

    await expect(promoted).rejects.toThrow(
      new RegExp(`could not copy referrer ${missing} \\(application/[a-z.+0-9]+\\) of ${source.image.digest}`)
    )
    expect(tagged(dst, 'prod/app', '1.0')).toBeUndefined()
  })

  it('within one repository a retag is all: the attachments are already there', async () => {
    const src = await fake()
    const source = await signedImage(clientFor(src))

    const result = await promote(`${src.host}/team/app:v1`, [`${src.host}/team/app:1.0`], undefined)

    expect(tagged(src, 'team/app', '1.0')).toBe(source.image.digest)
    expect(result.stats[0]?.stats).toMatchObject({...NO_ATTACHMENTS, manifests: 1})
  })
})
