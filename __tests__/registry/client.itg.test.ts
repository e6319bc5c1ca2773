/**
 * The registry client against the real CNCF distribution registry (2.8) in each of its guises, with skopeo
 * as the independent witness of what the registry really holds.
 */
import {readFile} from 'node:fs/promises'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {staticCredentials} from '../../src/registry/auth.js'
import {registryCa} from '../../src/registry/certs-dir.js'
import {RegistryClient} from '../../src/registry/client.js'
import {connectRegistry} from '../../src/registry/connect.js'
import {computeDigest, referrersTag} from '../../src/registry/digest.js'
import {
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryUnsupportedError
} from '../../src/registry/errors.js'
import {MediaType, type Manifest} from '../../src/registry/manifest-format.js'
import {fetchTransport, type Transport} from '../../src/registry/transport.js'
import {pushBaseImage} from '../helpers/base-image.js'
import {servesTls, startRegistry, type RegistryOptions, type TestRegistry} from '../helpers/registry.js'
import {describeWithTools} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'

const KINDS: readonly RegistryOptions[] = [{auth: 'anonymous'}, {auth: 'basic'}, {auth: 'token'}]
const BASE_REPO = 'base/busybox'
const BASE = `${BASE_REPO}:1`
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

function credentialsOf(registry: TestRegistry) {
  const {username, password} = registry
  return username === undefined || password === undefined
    ? undefined
    : staticCredentials({[registry.host]: {username, password}})
}

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += size) yield data.subarray(i, i + size)
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const part of stream) parts.push(part)
  return Buffer.concat(parts)
}

describeWithTools(
  ['docker-registry', 'skopeo', 'openssl', 'htpasswd', 'busybox', 'root'],
  'RegistryClient on distribution',
  () => {
    describe.each(
      KINDS.map(options => ({name: `${options.auth} over ${servesTls(options) ? 'https' : 'http'}`, options}))
    )('$name', ({options}) => {
      let registry: TestRegistry
      let client: RegistryClient
      let base: {digest: string; manifest: Manifest}

      beforeAll(async () => {
        registry = await startRegistry(options)
        await pushBaseImage(registry, BASE)
        const credentials = credentialsOf(registry)
        // No CA passed: a TLS registry must be trusted through /etc/docker/certs.d, as docker would.
        client = await connectRegistry({registry: registry.host, ...(credentials ? {credentials} : {})})
        const inspected = await skopeoInspect(registry, BASE)
        base = {digest: inspected.digest, manifest: inspected.manifest as Manifest}
      })
      afterAll(async () => {
        await registry?.stop()
      })

      test('pings and reads the base manifest exactly as skopeo sees it', async () => {
        await client.ping()
        const head = await client.headManifest(BASE_REPO, '1')
        const got = await client.getManifest(BASE_REPO, '1')
        expect(head).toEqual({digest: base.digest, mediaType: MediaType.ociManifest, size: got.size})
        expect(got.digest).toBe(base.digest)
        expect(got.parsed).toEqual(base.manifest)
        expect((await client.getManifest(BASE_REPO, base.digest)).digest).toBe(base.digest)
      })

      test('lists more than 50 tags 10 at a time through Link pagination', async () => {
        const {bytes, mediaType, parsed} = await client.getManifest(BASE_REPO, '1')
        for (const blob of [parsed.config, ...(parsed.layers ?? [])]) {
          if (blob) expect(await client.mountBlob('paged/app', blob.digest, BASE_REPO)).toBe('mounted')
        }
        const tags = Array.from({length: 55}, (_, i) => `t${String(i).padStart(3, '0')}`)
        for (const tag of tags) await client.putManifest('paged/app', tag, bytes, mediaType)

        const pageUrls: string[] = []
        const ca = await registryCa(registry.host)
        const real = fetchTransport(ca === undefined ? {} : {ca})
        const counting: Transport = async (url, request) => {
          // Path and query only: a loopback client's first try is https, whatever the registry speaks.
          if (url.includes('/tags/list')) pageUrls.push(new URL(url).pathname + new URL(url).search)
          return real(url, request)
        }
        const credentials = credentialsOf(registry)
        const pagingClient = new RegistryClient({
          registry: registry.host,
          transport: counting,
          ...(credentials ? {credentials} : {})
        })
        const listed = await pagingClient.listTags('paged/app', {pageSize: 10})

        // distribution 2.8 answers in storage order, not the lexical order the spec asks for.
        expect([...listed].sort()).toEqual(tags)
        expect([...listed].sort()).toEqual(await skopeoListTags(registry, 'paged/app'))
        // distribution 2.8 ignores n and last (paging came in v3): one full answer, then one `last` probe
        // that proves there is no more. A paging registry would take six pages of ten.
        const answered = [...new Set(pageUrls)]
        expect(answered.every(url => url.includes('n=10'))).toBe(true)
        expect(answered.length === 2 || answered.length >= 6).toBe(true)
      })

      test('pushes a manifest under a new tag, then deletes it by digest', async () => {
        const unique = {...base.manifest, annotations: {'org.example.run': `${options.auth}-${Date.now()}`}}
        const bytes = encode(unique)
        const pushed = await client.putManifest(BASE_REPO, 'doomed', bytes, MediaType.ociManifest)
        expect(pushed.digest).toBe(computeDigest(bytes))
        expect((await skopeoInspect(registry, `${BASE_REPO}:doomed`)).digest).toBe(pushed.digest)

        await client.deleteManifest(BASE_REPO, pushed.digest)
        expect(await client.headManifest(BASE_REPO, pushed.digest)).toBeUndefined()
        expect(await skopeoListTags(registry, BASE_REPO)).not.toContain('doomed')
        await expect(client.getManifest(BASE_REPO, 'doomed')).rejects.toThrow(RegistryNotFoundError)
        // The base image is untouched.
        expect((await skopeoInspect(registry, BASE)).digest).toBe(base.digest)
      })

      test('deleting one tag never takes a sibling with it', async () => {
        const {bytes, mediaType} = await client.getManifest(BASE_REPO, '1')
        await client.putManifest(BASE_REPO, 'sibling-a', bytes, mediaType)
        await client.putManifest(BASE_REPO, 'sibling-b', bytes, mediaType)
        const outcome = await client.deleteTag(BASE_REPO, 'sibling-a').then(
          () => 'deleted',
          (error: unknown) => {
            expect(error).toBeInstanceOf(RegistryUnsupportedError)
            return 'unsupported'
          }
        )
        const left = await skopeoListTags(registry, BASE_REPO)
        expect(left).toContain('sibling-b')
        expect(left).toContain('1')
        if (outcome === 'deleted') expect(left).not.toContain('sibling-a')
        expect((await skopeoInspect(registry, `${BASE_REPO}:sibling-b`)).digest).toBe(base.digest)
      })

      test('uploads blobs monolithically and in chunks, reads them back, and mounts across repositories', async () => {
        const small = new TextEncoder().encode(`small blob ${options.auth}`)
        const large = Buffer.from(
          Array.from({length: 300 * 1024}, (_, i) => (i * 7 + options.auth.length) % 256)
        )
        const smallInfo = await client.uploadBlob('blobs/app', small)
        const largeInfo = await client.uploadBlob(
          'blobs/app',
          {stream: pieces(large, 10_000)},
          {chunkSize: 64 * 1024}
        )
        expect(smallInfo).toEqual({digest: computeDigest(small), size: small.byteLength})
        expect(largeInfo).toEqual({digest: computeDigest(large), size: large.byteLength})
        expect(await client.headBlob('blobs/app', largeInfo.digest)).toEqual(largeInfo)
        expect(
          (await readAll((await client.getBlob('blobs/app', largeInfo.digest)).stream)).equals(large)
        ).toBe(true)

        const layer = base.manifest.layers?.[0]
        if (!layer) throw new Error('base image has no layer')
        expect(await client.headBlob('mounted/app', layer.digest)).toBeUndefined()
        expect(await client.mountBlob('mounted/app', layer.digest, BASE_REPO)).toBe('mounted')
        expect(await client.headBlob('mounted/app', layer.digest)).toMatchObject({
          digest: layer.digest,
          size: layer.size
        })

        // Nothing to mount from: the registry opens an upload instead, and the fallback source fills it.
        const orphan = new TextEncoder().encode(`fallback ${options.auth}`)
        expect(
          await client.mountBlob('mounted/app', computeDigest(orphan), 'nowhere/repo', () => orphan)
        ).toBe('uploaded')
        expect(await client.headBlob('mounted/app', computeDigest(orphan))).toBeDefined()
        expect(await client.mountBlob('mounted/app', computeDigest(small), 'nowhere/repo')).toBe(
          'not-mounted'
        )

        if (registry.tokenGrants) {
          const mountGrant = registry.tokenGrants.find(
            g =>
              g.requested.some(a => a.name === BASE_REPO && a.actions.includes('pull')) &&
              g.requested.some(a => a.name === 'mounted/app')
          )
          expect(mountGrant?.requested).toEqual(
            expect.arrayContaining([expect.objectContaining({name: BASE_REPO, actions: ['pull']})])
          )
        }
      })

      test('keeps referrers in the sha256-<hex> fallback tag (distribution 2.8 has no referrers API)', async () => {
        const empty = encode({})
        await client.uploadBlob(BASE_REPO, empty)
        const sbomLayer = encode({spdxVersion: 'SPDX-2.3', name: options.auth})
        const sbomInfo = await client.uploadBlob(BASE_REPO, sbomLayer)
        const artifact = encode({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          artifactType: 'application/spdx+json',
          config: {mediaType: MediaType.ociEmpty, digest: computeDigest(empty), size: empty.byteLength},
          layers: [{mediaType: 'application/spdx+json', digest: sbomInfo.digest, size: sbomInfo.size}],
          subject: {
            mediaType: MediaType.ociManifest,
            digest: base.digest,
            size: (await client.headManifest(BASE_REPO, '1'))?.size
          },
          annotations: {'org.opencontainers.image.created': '2024-01-01T00:00:00Z'}
        })
        const pushed = await client.putManifest(
          BASE_REPO,
          computeDigest(artifact),
          artifact,
          MediaType.ociManifest
        )
        expect(pushed).toMatchObject({subjectIndexed: false, fallbackIndexUpdated: true})

        const listed = await client.referrers(BASE_REPO, base.digest)
        expect(listed.source).toBe('tag-schema')
        expect(listed.descriptors).toEqual([
          {
            mediaType: MediaType.ociManifest,
            digest: pushed.digest,
            size: artifact.byteLength,
            artifactType: 'application/spdx+json',
            annotations: {'org.opencontainers.image.created': '2024-01-01T00:00:00Z'}
          }
        ])
        expect(
          (await client.referrers(BASE_REPO, base.digest, {artifactType: 'application/other'})).descriptors
        ).toEqual([])

        const fallback = await skopeoInspect(registry, `${BASE_REPO}:${referrersTag(base.digest)}`).catch(
          () => undefined
        )
        // skopeo may refuse to inspect an index with no image for this platform; the raw listing is enough.
        expect(await skopeoListTags(registry, BASE_REPO)).toContain(referrersTag(base.digest))
        if (fallback)
          expect((fallback.manifest as Manifest).manifests?.map(d => d.digest)).toEqual([pushed.digest])

        await client.deleteManifest(BASE_REPO, pushed.digest, {subject: base.digest})
        expect((await client.referrers(BASE_REPO, base.digest)).descriptors).toEqual([])
      })

      test('reports a missing manifest and a missing repository as not found', async () => {
        await expect(client.getManifest(BASE_REPO, 'no-such-tag')).rejects.toThrow(RegistryNotFoundError)
        await expect(client.listTags('no/such-repo')).rejects.toThrow(RegistryNotFoundError)
        expect(await client.headManifest('no/such-repo', 'x')).toBeUndefined()
      })

      if (options.auth !== 'anonymous') {
        test('names the host when the password is wrong, and never prints it', async () => {
          const wrong = `wrong-${registry.password ?? ''}`
          const bad = await connectRegistry({
            registry: registry.host,
            credentials: staticCredentials({
              [registry.host]: {username: registry.username ?? '', password: wrong}
            })
          })
          const error = await bad.getManifest(BASE_REPO, '1').catch((e: unknown) => e)
          expect(error).toBeInstanceOf(RegistryAuthError)
          expect((error as Error).message).toContain(`check username/password for ${registry.host}`)
          expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(wrong)
        })

        test('without credentials, says to log in', async () => {
          const anonymous = await connectRegistry({registry: registry.host})
          await expect(anonymous.getManifest(BASE_REPO, '1')).rejects.toThrow(RegistryAuthError)
          await expect(anonymous.getManifest(BASE_REPO, '1')).rejects.toThrow(`log in to ${registry.host}`)
        })
      }

      if (servesTls(options)) {
        test('trusts an explicitly given CA as well', async () => {
          const ca = await readFile(registry.caFile ?? '', 'utf8')
          const credentials = credentialsOf(registry)
          const explicit = new RegistryClient({
            registry: registry.host,
            ca,
            ...(credentials ? {credentials} : {})
          })
          await expect(explicit.headManifest(BASE_REPO, '1')).resolves.toMatchObject({digest: base.digest})
        })
      }
    })
  }
)
