/**
 * The registry client and copyImage through a fault-injecting proxy in front of real distribution registries:
 * 429/5xx, dropped connections and slow answers must end in exactly the content of the source (checked with
 * skopeo straight against the registry, never through the proxy); what cannot succeed must fail clearly.
 */
import {readdir, readFile, rm} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest'
import {copyImage} from '../../src/registry/copy-image.js'
import {staticCredentials} from '../../src/registry/auth.js'
import {RegistryClient, type RegistryClientOptions} from '../../src/registry/client.js'
import {computeDigest, referrersTag} from '../../src/registry/digest.js'
import {
  RegistryDeniedError,
  RegistryError,
  RegistryNetworkError,
  RegistryNotFoundError,
  RegistryRateLimitError
} from '../../src/registry/errors.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {createLimiter, systemClock, type Clock, type RetryPolicy} from '../../src/registry/retry.js'
import {pushBaseImage, pushIndexWithReferrer, type IndexWithReferrer} from '../helpers/base-image.js'
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.js'
import {startRegistry, type RegistryAuth, type TestRegistry} from '../helpers/registry.js'
import {describeWithTools, run, tempDir} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'

/** Short waits, real code path: four attempts in all. */
const RETRY: RetryPolicy = {maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 15_000}
const TAG_PAGE = 10
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))
const ARCH = process.arch === 'arm64' ? 'arm64' : 'amd64'

function clientVia(
  proxy: FaultProxy,
  registry: TestRegistry,
  options: Partial<RegistryClientOptions> = {}
): RegistryClient {
  const {username, password} = registry
  return new RegistryClient({
    registry: proxy.host,
    scheme: 'http',
    retry: RETRY,
    timeoutMs: 5_000,
    ...(username && password ? {credentials: staticCredentials({[proxy.host]: {username, password}})} : {}),
    ...options
  })
}

/** Straight to the registry, for setting up sources. */
function directClient(registry: TestRegistry): RegistryClient {
  const {username, password} = registry
  return new RegistryClient({
    registry: registry.host,
    scheme: 'http',
    ...(username && password ? {credentials: staticCredentials({[registry.host]: {username, password}})} : {})
  })
}

function skopeoAccess(registry: TestRegistry): string[] {
  const {username, password} = registry
  return ['--tls-verify=false', username && password ? `--creds=${username}:${password}` : '--no-creds']
}

/** The raw manifest bytes skopeo reads from the registry itself. */
async function rawManifest(registry: TestRegistry, ref: string): Promise<Buffer> {
  const {stdout} = await run('skopeo', [
    'inspect',
    '--raw',
    ...skopeoAccess(registry),
    `docker://${registry.host}/${ref}`
  ])
  return Buffer.from(stdout)
}

/** Every blob and manifest of an image (all platforms), as skopeo copies them unchanged into an OCI layout. */
async function skopeoContent(registry: TestRegistry, ref: string): Promise<Map<string, Buffer>> {
  const dir = await tempDir('faults-oci')
  try {
    await run('skopeo', [
      'copy',
      '--quiet',
      '--all',
      '--preserve-digests',
      '--dest-oci-accept-uncompressed-layers',
      ...skopeoAccess(registry).map(flag => flag.replace(/^--/, '--src-')),
      `docker://${registry.host}/${ref}`,
      `oci:${dir}:copy`
    ])
    const blobs = path.join(dir, 'blobs', 'sha256')
    const content = new Map<string, Buffer>()
    for (const name of (await readdir(blobs)).sort()) {
      content.set(`sha256:${name}`, await readFile(path.join(blobs, name)))
    }
    return content
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += size) yield data.subarray(i, i + size)
}

function pattern(length: number, seed: number): Buffer {
  return Buffer.from(Array.from({length}, (_, i) => (i * 31 + seed + (i >> 8)) % 256))
}

const UPLOADS = /\/blobs\/uploads\//
const MANIFESTS = /\/manifests\//
const BLOBS = /\/blobs\/sha256:/
const TAGS = /\/tags\/list/

describeWithTools(
  ['docker-registry', 'skopeo', 'openssl', 'busybox', 'root'],
  'registry faults through a proxy',
  () => {
    let source: TestRegistry
    let sourceProxy: FaultProxy
    let image: IndexWithReferrer

    beforeAll(async () => {
      source = await startRegistry({auth: 'anonymous'})
      sourceProxy = await startFaultProxy(source.url, {tagPageSize: TAG_PAGE})
      await pushBaseImage(source, 'src/app:1')
      image = await pushIndexWithReferrer(directClient(source), 'src/app')
    })
    afterAll(async () => {
      await sourceProxy?.close()
      await source?.stop()
    })

    describe.each<{auth: RegistryAuth}>([{auth: 'anonymous'}, {auth: 'token'}])(
      '$auth registry',
      ({auth}) => {
        let registry: TestRegistry
        let proxy: FaultProxy
        let client: RegistryClient

        beforeAll(async () => {
          registry = await startRegistry({auth, tls: false})
          proxy = await startFaultProxy(registry.url, {tagPageSize: TAG_PAGE})
          client = clientVia(proxy, registry)
          await client.ping()
          // A small image for the tests that only read.
          const direct = directClient(registry)
          const config = json({architecture: ARCH, os: 'linux', rootfs: {type: 'layers', diff_ids: []}})
          const configInfo = await direct.uploadBlob('known/app', config)
          const known = json({
            schemaVersion: 2,
            mediaType: MediaType.ociManifest,
            config: {mediaType: 'application/vnd.oci.image.config.v1+json', ...configInfo},
            layers: []
          })
          await direct.putManifest('known/app', 'v1', known, MediaType.ociManifest)
        })
        afterAll(async () => {
          await proxy?.close()
          await registry?.stop()
        })
        beforeEach(() => {
          proxy.reset()
          sourceProxy.reset()
        })

        test('uploads blobs whole and in chunks, and puts and gets a manifest, through 5xx, 429 and drops', async () => {
          const small = pattern(20_000, 1)
          const large = pattern(300 * 1024, 2)
          const config = json({architecture: ARCH, os: 'linux', rootfs: {type: 'layers', diff_ids: []}})
          proxy.inject(
            {method: 'POST', path: UPLOADS, fault: {kind: 'status', status: 503}},
            // `skip` counts every matching request, retries included: this is the second upload's POST.
            {method: 'POST', path: UPLOADS, skip: 2, fault: {kind: 'status', status: 429, retryAfter: 0}},
            // The whole blob in one PUT: cut mid-request, then committed but the answer lost.
            {method: 'PUT', path: UPLOADS, fault: {kind: 'drop-request', afterBytes: 5_000}},
            {method: 'PUT', path: UPLOADS, skip: 1, fault: {kind: 'drop-response'}},
            // Chunks: a 500, a 502, and a connection cut half-way through a chunk.
            {method: 'PATCH', path: UPLOADS, fault: {kind: 'status', status: 500}},
            {method: 'PATCH', path: UPLOADS, skip: 2, fault: {kind: 'drop-request', afterBytes: 30_000}},
            {method: 'PATCH', path: UPLOADS, skip: 4, fault: {kind: 'status', status: 502}}
          )
          const smallInfo = await client.uploadBlob('up/app', small)
          const largeInfo = await client.uploadBlob(
            'up/app',
            {stream: pieces(large, 10_000)},
            {chunkSize: 64 * 1024}
          )
          const configInfo = await client.uploadBlob('up/app', config)
          expect(smallInfo).toEqual({digest: computeDigest(small), size: small.length})
          expect(largeInfo).toEqual({digest: computeDigest(large), size: large.length})
          const faulted = proxy.requests.filter(r => r.fault !== undefined).map(r => `${r.method} ${r.fault}`)
          expect(faulted).toEqual([
            'POST status',
            'PUT drop-request',
            'PUT drop-response',
            'POST status',
            'PATCH status',
            'PATCH drop-request',
            'PATCH status'
          ])

          const manifest = json({
            schemaVersion: 2,
            mediaType: MediaType.ociManifest,
            config: {
              mediaType: 'application/vnd.oci.image.config.v1+json',
              digest: configInfo.digest,
              size: configInfo.size
            },
            layers: [smallInfo, largeInfo].map(b => ({
              mediaType: 'application/vnd.oci.image.layer.v1.tar',
              ...b
            }))
          })
          proxy.inject(
            {method: 'PUT', path: MANIFESTS, fault: {kind: 'status', status: 502}},
            {method: 'PUT', path: MANIFESTS, skip: 1, fault: {kind: 'drop-response'}},
            {method: 'GET', path: MANIFESTS, fault: {kind: 'drop-response', afterBytes: 40}},
            {method: 'GET', path: MANIFESTS, skip: 1, fault: {kind: 'status', status: 503}}
          )
          const pushed = await client.putManifest('up/app', 'v1', manifest, MediaType.ociManifest)
          const got = await client.getManifest('up/app', 'v1')
          expect(pushed.digest).toBe(computeDigest(manifest))
          expect(Buffer.from(got.bytes).equals(Buffer.from(manifest))).toBe(true)
          expect(proxy.count('PUT', MANIFESTS)).toBe(3)
          expect(proxy.count('GET', MANIFESTS)).toBe(3)

          // What the registry really holds, read without the proxy.
          expect(computeDigest(await rawManifest(registry, 'up/app:v1'))).toBe(pushed.digest)
          const content = await skopeoContent(registry, 'up/app:v1')
          expect(content.get(smallInfo.digest)?.equals(small)).toBe(true)
          expect(content.get(largeInfo.digest)?.equals(large)).toBe(true)
          expect(content.get(configInfo.digest)?.equals(Buffer.from(config))).toBe(true)
        })

        test('a stored chunk whose answer was lost: distribution 2.8 drops the session, the error says so', async () => {
          // The retried PATCH meets a session the registry has cancelled (the spec would answer 416 and let the
          // client resume). A one-shot stream cannot be sent again; copyImage starts such a blob over.
          const data = pattern(200 * 1024, 3)
          proxy.inject({method: 'PATCH', path: UPLOADS, skip: 1, fault: {kind: 'drop-response'}})
          const error = await client
            .uploadBlob('lost/app', {stream: pieces(data, 8_000)}, {chunkSize: 64 * 1024})
            .catch((e: unknown) => e)
          expect(error).toBeInstanceOf(RegistryError)
          expect(error).toMatchObject({host: proxy.host, status: 404, code: 'BLOB_UPLOAD_INVALID'})
          expect((error as Error).message).toContain(`${proxy.host}/lost/app: the upload session was lost`)
          expect(await client.headBlob('lost/app', computeDigest(data))).toBeUndefined()
        })

        test('lists tags over many pages through 5xx, 429 and a body cut short', async () => {
          const {bytes, mediaType, parsed} = await directClient(source).getManifest('src/app', '1')
          const direct = directClient(registry)
          for (const blob of [parsed.config, ...(parsed.layers ?? [])]) {
            if (!blob) continue
            const download = await directClient(source).getBlob('src/app', blob.digest)
            await direct.uploadBlob('paged/app', {stream: download.stream, digest: blob.digest})
          }
          const tags = Array.from({length: 55}, (_, i) => `t${String(i).padStart(3, '0')}`)
          for (const tag of tags) await direct.putManifest('paged/app', tag, bytes, mediaType)

          proxy.inject(
            {method: 'GET', path: TAGS, skip: 1, fault: {kind: 'status', status: 503}},
            {method: 'GET', path: TAGS, skip: 3, fault: {kind: 'drop-response', afterBytes: 20}},
            {method: 'GET', path: TAGS, skip: 5, fault: {kind: 'status', status: 429, retryAfter: 0}},
            {method: 'GET', path: TAGS, skip: 6, fault: {kind: 'drop-request'}}
          )
          const listed = await client.listTags('paged/app', {pageSize: TAG_PAGE})
          expect(listed).toEqual(tags)
          expect(listed).toEqual(await skopeoListTags(registry, 'paged/app'))
          const pages = proxy.requests.filter(r => TAGS.test(r.path))
          expect(pages.filter(r => r.status === 200)).toHaveLength(6)
          expect(pages.filter(r => r.fault !== undefined)).toHaveLength(4)
        })

        test('copies an index with its child, blobs and referrer from registry to registry through faults', async () => {
          const dst = {client, repository: 'copied/app'}
          const src = {client: clientVia(sourceProxy, source), repository: 'src/app'}
          sourceProxy.inject(
            // The layer's download cut off part-way.
            {method: 'GET', path: new RegExp(image.layer), fault: {kind: 'drop-response', afterBytes: 4096}},
            {method: 'GET', path: MANIFESTS, fault: {kind: 'status', status: 502}},
            {method: 'GET', path: MANIFESTS, skip: 2, fault: {kind: 'drop-response', afterBytes: 100}},
            {method: 'GET', path: /\/referrers\/|sha256-/, fault: {kind: 'status', status: 503}},
            {method: 'GET', path: BLOBS, fault: {kind: 'status', status: 500}},
            {method: 'GET', path: BLOBS, skip: 2, fault: {kind: 'slow', delayMs: 200}}
          )
          proxy.inject(
            {method: 'HEAD', path: BLOBS, fault: {kind: 'status', status: 503}},
            {method: 'POST', path: UPLOADS, skip: 1, fault: {kind: 'status', status: 429, retryAfter: 0}},
            {method: 'PUT', path: UPLOADS, skip: 1, fault: {kind: 'drop-response'}},
            // A chunk stored, its answer lost: distribution 2.8 then cancels the upload session.
            {method: 'PATCH', path: UPLOADS, skip: 2, fault: {kind: 'drop-response'}},
            {method: 'PUT', path: MANIFESTS, fault: {kind: 'drop-response'}},
            {method: 'PUT', path: MANIFESTS, skip: 2, fault: {kind: 'status', status: 500}}
          )
          const result = await copyImage(src, 'multi', dst, ['v1'], createLimiter(4))
          expect(result.digest).toBe(image.index)
          expect(proxy.requests.filter(r => r.fault !== undefined)).toHaveLength(6)
          expect(sourceProxy.requests.filter(r => r.fault !== undefined).length).toBeGreaterThanOrEqual(4)
          // The cut-off layer download was resumed where it stopped (206 to a Range request)…
          const layerGets = sourceProxy.requests.filter(
            r => r.method === 'GET' && r.path.includes(image.layer)
          )
          expect(layerGets.map(r => r.status)).toEqual(['dropped', 206])
          // …and the blob whose upload session the registry cancelled was sent again into a new one.
          expect(proxy.requests.some(r => r.method === 'PATCH' && r.status === 404)).toBe(true)

          const [want, got] = await Promise.all([
            skopeoContent(source, 'src/app:multi'),
            skopeoContent(registry, 'copied/app:v1')
          ])
          expect([...got.keys()]).toEqual([...want.keys()])
          for (const [digest, data] of want) expect(got.get(digest)?.equals(data), digest).toBe(true)
          expect(want.has(image.child)).toBe(true)
          for (const digest of [image.index, image.child, image.artifact]) {
            const [a, b] = await Promise.all([
              rawManifest(source, `src/app@${digest}`),
              rawManifest(registry, `copied/app@${digest}`)
            ])
            expect(b.equals(a), digest).toBe(true)
          }
          expect(await skopeoListTags(registry, 'copied/app')).toEqual(
            ['v1', referrersTag(image.index)].sort()
          )
        })

        test('a fault that outlasts the retries fails naming the host, and no secret', async () => {
          const sent: string[] = []
          const echo = (headers: Record<string, string | string[] | undefined>): string => {
            const authorization = String(headers.authorization ?? '')
            if (authorization !== '') sent.push(authorization.replace(/^\w+ /, ''))
            return JSON.stringify({
              errors: [{code: 'UNAVAILABLE', message: `overloaded; you sent ${authorization}`}]
            })
          }
          proxy.inject({
            method: 'GET',
            path: MANIFESTS,
            times: Infinity,
            fault: {kind: 'status', status: 503, body: echo}
          })
          const error = await client.getManifest('known/app', 'v1').catch((e: unknown) => e)
          expect(error).toBeInstanceOf(RegistryError)
          const {message} = error as RegistryError
          expect(message).toContain(proxy.host)
          expect(message).toContain('after 4 attempts')
          expect((error as RegistryError).status).toBe(503)
          expect(proxy.count('GET', MANIFESTS)).toBe(RETRY.maxAttempts)
          const everything = `${message}\n${String((error as Error).stack)}\n${JSON.stringify(error)}`
          if (auth === 'token') expect(sent.length).toBeGreaterThan(0)
          for (const secret of [...sent, registry.password ?? 'no-password'])
            expect(everything).not.toContain(secret)

          proxy.reset()
          proxy.inject({
            method: 'GET',
            path: MANIFESTS,
            times: Infinity,
            fault: {kind: 'status', status: 429, retryAfter: 0}
          })
          await expect(client.getManifest('known/app', 'v1')).rejects.toThrow(RegistryRateLimitError)

          proxy.reset()
          proxy.inject({method: 'HEAD', path: BLOBS, times: Infinity, fault: {kind: 'drop-response'}})
          const dropped = await client.headBlob('known/app', computeDigest(json({}))).catch((e: unknown) => e)
          expect(dropped).toBeInstanceOf(RegistryNetworkError)
          expect((dropped as Error).message).toContain(`could not reach ${proxy.host}`)
          expect(proxy.count('HEAD', BLOBS)).toBe(RETRY.maxAttempts)
        })

        test('a 403 or 404 is not retried', async () => {
          proxy.inject({
            method: 'GET',
            path: /\/manifests\/v1$/,
            times: Infinity,
            fault: {kind: 'status', status: 403}
          })
          await expect(client.getManifest('known/app', 'v1')).rejects.toThrow(RegistryDeniedError)
          expect(proxy.count('GET', /\/manifests\/v1$/)).toBe(1)

          // A real 404 from the registry.
          await expect(client.getManifest('known/app', 'no-such-tag')).rejects.toThrow(RegistryNotFoundError)
          expect(proxy.count('GET', /\/manifests\/no-such-tag$/)).toBe(1)
          expect(proxy.requests).toHaveLength(2)
        })

        test('waits as long as Retry-After asks', async () => {
          const sleeps: number[] = []
          const clock: Clock = {...systemClock, sleep: ms => (sleeps.push(ms), systemClock.sleep(ms))}
          const patient = clientVia(proxy, registry, {clock})
          await patient.ping()
          proxy.reset()
          proxy.inject({method: 'GET', path: MANIFESTS, fault: {kind: 'status', status: 429, retryAfter: 1}})
          await patient.getManifest('known/app', 'v1')
          const [limited, retried] = proxy.requests.filter(r => MANIFESTS.test(r.path))
          expect(limited?.status).toBe(429)
          expect(retried?.status).toBe(200)
          expect(sleeps).toEqual([1000])
          const gap = (retried?.at ?? 0) - (limited?.at ?? 0)
          expect(gap).toBeGreaterThanOrEqual(950)
          expect(gap).toBeLessThan(3000)
        })

        test('a slow answer is waited for, one past the timeout is retried', async () => {
          const hasty = clientVia(proxy, registry, {timeoutMs: 800})
          await hasty.ping()
          proxy.reset()
          proxy.inject(
            {method: 'GET', path: MANIFESTS, fault: {kind: 'slow', delayMs: 300}},
            {method: 'GET', path: MANIFESTS, skip: 1, fault: {kind: 'slow', delayMs: 1_500}}
          )
          await hasty.getManifest('known/app', 'v1')
          await hasty.getManifest('known/app', 'v1')
          expect(proxy.requests.filter(r => MANIFESTS.test(r.path)).map(r => r.status)).toEqual([
            200,
            'dropped',
            200
          ])
        })
      }
    )
  }
)
