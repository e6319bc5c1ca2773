import {afterEach, describe, expect, it} from 'vitest'
import {computeDigest, referrersTag} from '../../src/registry/digest.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {startFake, type FakeOptions, type FakeRegistry} from './fake-registry.js'
import {clientFor, imageManifest} from './support.js'

let fake: FakeRegistry | undefined
afterEach(async () => {
  await fake?.stop()
  fake = undefined
})

const SUBJECT = imageManifest(`sha256:${'c'.repeat(64)}`)
const SUBJECT_DIGEST = computeDigest(SUBJECT)
const EMPTY = `sha256:${'4'.repeat(64)}`

function artifact(artifactType: string, note: string): Uint8Array {
  return imageManifest(EMPTY, [], {
    artifactType,
    subject: {mediaType: MediaType.ociManifest, digest: SUBJECT_DIGEST, size: SUBJECT.byteLength},
    annotations: {note}
  })
}

async function registry(options: FakeOptions): Promise<FakeRegistry> {
  fake = await startFake({deleteEnabled: true, ...options})
  fake.putManifest('team/app', 'v1', Buffer.from(SUBJECT), MediaType.ociManifest)
  return fake
}

describe('referrers without the referrers API (tag schema)', () => {
  it('keeps the sha256-<hex> index up to date on push and lists from it', async () => {
    const f = await registry({referrersApi: false})
    const client = clientFor(f)
    const sbom = artifact('application/spdx+json', 'sbom')
    const sig = artifact('application/vnd.dev.cosign.artifact.sig.v1+json', 'sig')
    const pushed = await client.putManifest('team/app', computeDigest(sbom), sbom, MediaType.ociManifest)
    expect(pushed).toMatchObject({subjectIndexed: false, fallbackIndexUpdated: true})
    await client.putManifest('team/app', computeDigest(sig), sig, MediaType.ociManifest)
    await client.putManifest('team/app', computeDigest(sig), sig, MediaType.ociManifest) // idempotent

    const listed = await client.referrers('team/app', SUBJECT_DIGEST)
    expect(listed.source).toBe('tag-schema')
    expect(listed.descriptors).toEqual([
      {
        mediaType: MediaType.ociManifest,
        digest: computeDigest(sbom),
        size: sbom.byteLength,
        artifactType: 'application/spdx+json',
        annotations: {note: 'sbom'}
      },
      {
        mediaType: MediaType.ociManifest,
        digest: computeDigest(sig),
        size: sig.byteLength,
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        annotations: {note: 'sig'}
      }
    ])
    expect(f.tags.has(`team/app:${referrersTag(SUBJECT_DIGEST)}`)).toBe(true)

    const filtered = await client.referrers('team/app', SUBJECT_DIGEST, {
      artifactType: 'application/spdx+json'
    })
    expect(filtered.descriptors.map(d => d.digest)).toEqual([computeDigest(sbom)])

    await client.deleteManifest('team/app', computeDigest(sbom), {subject: SUBJECT_DIGEST})
    expect((await client.referrers('team/app', SUBJECT_DIGEST)).descriptors.map(d => d.digest)).toEqual([
      computeDigest(sig)
    ])
  })

  it('lists nothing when there is neither API nor fallback tag', async () => {
    const f = await registry({referrersApi: false})
    expect(await clientFor(f).referrers('team/app', SUBJECT_DIGEST)).toEqual({
      descriptors: [],
      source: 'tag-schema'
    })
  })
})

describe('referrers with the referrers API', () => {
  it('uses the API and leaves no fallback tag behind', async () => {
    const f = await registry({referrersApi: true})
    const client = clientFor(f)
    const sbom = artifact('application/spdx+json', 'sbom')
    expect(
      await client.putManifest('team/app', computeDigest(sbom), sbom, MediaType.ociManifest)
    ).toMatchObject({
      subjectIndexed: true,
      fallbackIndexUpdated: false
    })
    const listed = await client.referrers('team/app', SUBJECT_DIGEST, {artifactType: 'application/spdx+json'})
    expect(listed).toEqual({
      source: 'api',
      descriptors: [
        {
          mediaType: MediaType.ociManifest,
          digest: computeDigest(sbom),
          size: sbom.byteLength,
          artifactType: 'application/spdx+json'
        }
      ]
    })
    expect(f.tags.has(`team/app:${referrersTag(SUBJECT_DIGEST)}`)).toBe(false)
    expect(
      f.log.some(
        l => l.url === `/v2/team/app/referrers/${SUBJECT_DIGEST}?artifactType=application%2Fspdx%2Bjson`
      )
    ).toBe(true)
  })

  it('follows Link pages of the referrers index', async () => {
    const f = await registry({referrersApi: true})
    const digestA = `sha256:${'a'.repeat(64)}`
    const digestB = `sha256:${'b'.repeat(64)}`
    const index = (digest: string): string =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [{mediaType: MediaType.ociManifest, digest, size: 1}]
      })
    f.faults.push(
      {
        when: req => (req.url ?? '') === `/v2/team/app/referrers/${SUBJECT_DIGEST}`,
        times: 1,
        action: {
          status: 200,
          headers: {link: '</v2/team/app/referrers/page2>; rel="next"'},
          body: index(digestA)
        }
      },
      {when: req => (req.url ?? '').endsWith('/page2'), times: 1, action: {status: 200, body: index(digestB)}}
    )
    const listed = await clientFor(f).referrers('team/app', SUBJECT_DIGEST)
    expect(listed.descriptors.map(d => d.digest)).toEqual([digestA, digestB])
  })
})
