import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {RegistryClient} from '../../src/registry/client.js'
import {computeDigest} from '../../src/registry/digest.js'
import {
  DigestMismatchError,
  InvalidReferenceError,
  RegistryNotFoundError,
  RegistryUnsupportedError
} from '../../src/registry/errors.js'
import {MANIFEST_ACCEPT, MediaType} from '../../src/registry/manifest-format.js'
import {startFake, type FakeOptions, type FakeRegistry} from './fake-registry.js'
import {bytes, clientFor, fakeClock, imageManifest} from './support.js'

const CONFIG = `sha256:${'c'.repeat(64)}`
const MANIFEST = imageManifest(CONFIG)
const DIGEST = computeDigest(MANIFEST)
let fake: FakeRegistry | undefined
let liar: Server | undefined

afterEach(async () => {
  await fake?.stop()
  liar?.closeAllConnections()
  liar?.close()
  fake = undefined
  liar = undefined
})

async function registry(options: FakeOptions = {}): Promise<FakeRegistry> {
  fake = await startFake(options)
  fake.putManifest('team/app', 'v1', Buffer.from(MANIFEST), MediaType.ociManifest)
  return fake
}

describe('reading manifests', () => {
  it('gets bytes, digest, type and the parsed document, sending every manifest type in Accept', async () => {
    const f = await registry()
    const got = await clientFor(f).getManifest('team/app', 'v1')
    expect(got).toMatchObject({digest: DIGEST, mediaType: MediaType.ociManifest, size: MANIFEST.byteLength})
    expect(Buffer.from(got.bytes).equals(Buffer.from(MANIFEST))).toBe(true)
    expect(got.parsed.config?.digest).toBe(CONFIG)
    expect(MANIFEST_ACCEPT.split(', ')).toHaveLength(4)
  })

  it('gets by digest', async () => {
    const f = await registry()
    await expect(clientFor(f).getManifest('team/app', DIGEST)).resolves.toMatchObject({digest: DIGEST})
  })

  it('heads: digest without the body; undefined when missing', async () => {
    const f = await registry()
    const client = clientFor(f)
    expect(await client.headManifest('team/app', 'v1')).toEqual({
      digest: DIGEST,
      mediaType: MediaType.ociManifest,
      size: MANIFEST.byteLength
    })
    expect(await client.headManifest('team/app', 'nope')).toBeUndefined()
    expect(f.log.filter(l => l.method === 'GET')).toHaveLength(0)
  })

  it('falls back to GET when HEAD omits the digest', async () => {
    const f = await registry({headWithoutDigest: true})
    expect(await clientFor(f).headManifest('team/app', 'v1')).toMatchObject({digest: DIGEST})
    expect(f.log.map(l => l.method)).toEqual(['HEAD', 'GET'])
  })

  it('throws a not-found error naming host, repository and reference', async () => {
    const f = await registry()
    const get = clientFor(f).getManifest('team/app', 'missing')
    await expect(get).rejects.toThrow(RegistryNotFoundError)
    await expect(get).rejects.toThrow(
      `cannot get manifest missing in ${f.host}/team/app (404 MANIFEST_UNKNOWN`
    )
  })

  it('validates repository and reference before any request', async () => {
    const f = await registry()
    await expect(clientFor(f).getManifest('Team/App', 'v1')).rejects.toThrow(InvalidReferenceError)
    await expect(clientFor(f).getManifest('team/app', 'sha256:short')).rejects.toThrow(InvalidReferenceError)
    expect(f.log).toHaveLength(0)
  })
})

describe('digest verification', () => {
  async function lyingRegistry(body: Uint8Array, digestHeader: string): Promise<RegistryClient> {
    liar = createServer((_req, res) => {
      res.writeHead(200, {'content-type': MediaType.ociManifest, 'docker-content-digest': digestHeader})
      res.end(body)
    })
    await new Promise<void>(resolve => liar?.listen(0, '127.0.0.1', resolve))
    const port = (liar.address() as AddressInfo).port
    return new RegistryClient({registry: `127.0.0.1:${port}`, scheme: 'http', clock: fakeClock()})
  }

  it('rejects a body that does not match the requested digest', async () => {
    const client = await lyingRegistry(bytes('{"tampered":true}'), DIGEST)
    await expect(client.getManifest('team/app', DIGEST)).rejects.toThrow(DigestMismatchError)
  })

  it('rejects a body that does not match Docker-Content-Digest', async () => {
    const client = await lyingRegistry(bytes('{"tampered":true}'), DIGEST)
    await expect(client.getManifest('team/app', 'v1')).rejects.toThrow('does not match digest')
  })

  it('rejects HEAD announcing another digest than the one asked for', async () => {
    const other = `sha256:${'e'.repeat(64)}`
    const client = await lyingRegistry(MANIFEST, other)
    await expect(client.headManifest('team/app', DIGEST)).rejects.toThrow(DigestMismatchError)
  })
})

describe('pushing manifests', () => {
  it('puts the exact bytes with the media type and returns their digest', async () => {
    const f = await registry()
    const pushed = await clientFor(f).putManifest('team/app', 'v2', MANIFEST, MediaType.ociManifest)
    expect(pushed).toEqual({digest: DIGEST, subjectIndexed: false, fallbackIndexUpdated: false})
    expect(f.tags.get('team/app:v2')).toBe(DIGEST)
    expect(f.manifests.get(`team/app@${DIGEST}`)?.type).toBe(MediaType.ociManifest)
  })

  it('refuses to push under a digest the bytes do not have', async () => {
    const f = await registry()
    const push = clientFor(f).putManifest(
      'team/app',
      `sha256:${'f'.repeat(64)}`,
      MANIFEST,
      MediaType.ociManifest
    )
    await expect(push).rejects.toThrow(DigestMismatchError)
    expect(f.log).toHaveLength(0)
  })
})

describe('deleting', () => {
  it('deletes a manifest by digest (its tags go with it)', async () => {
    const f = await registry({deleteEnabled: true})
    await clientFor(f).deleteManifest('team/app', DIGEST)
    expect(f.manifests.size).toBe(0)
    expect(f.tags.size).toBe(0)
  })

  it('reports a registry with deletes disabled as unsupported', async () => {
    const f = await registry({deleteEnabled: false})
    const del = clientFor(f).deleteManifest('team/app', DIGEST)
    await expect(del).rejects.toThrow(RegistryUnsupportedError)
    await expect(del).rejects.toThrow(`${f.host} does not support delete manifest`)
  })

  it('deletes only the tag when the registry supports it', async () => {
    const f = await registry({deleteEnabled: true, tagDelete: true})
    f.putManifest('team/app', 'v1-alias', Buffer.from(MANIFEST), MediaType.ociManifest)
    await clientFor(f).deleteTag('team/app', 'v1')
    expect(f.tagsOf('team/app')).toEqual(['v1-alias'])
    expect(f.manifests.size).toBe(1)
  })

  it('turns a 400 on tag delete into unsupported, and never deletes the digest instead', async () => {
    const f = await registry({deleteEnabled: true, tagDelete: false})
    await expect(clientFor(f).deleteTag('team/app', 'v1')).rejects.toThrow(RegistryUnsupportedError)
    expect(f.log.map(l => `${l.method} ${l.url}`)).toEqual(['DELETE /v2/team/app/manifests/v1'])
    expect(f.tags.get('team/app:v1')).toBe(DIGEST)
  })

  it('refuses a digest where a tag is expected, and the reverse', async () => {
    const f = await registry({deleteEnabled: true})
    await expect(clientFor(f).deleteTag('team/app', DIGEST)).rejects.toThrow(InvalidReferenceError)
    await expect(clientFor(f).deleteManifest('team/app', 'v1')).rejects.toThrow(InvalidReferenceError)
    expect(f.log).toHaveLength(0)
  })
})
