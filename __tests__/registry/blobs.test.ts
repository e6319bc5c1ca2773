import {createServer, type IncomingHttpHeaders, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'
import {staticCredentials} from '../../src/registry/auth.js'
import {computeDigest} from '../../src/registry/digest.js'
import {DigestMismatchError} from '../../src/registry/errors.js'
import {startFake, type FakeRegistry} from './fake-registry.js'
import {bytes, clientFor} from './support.js'

let fake: FakeRegistry | undefined
let storage: Server | undefined
afterEach(async () => {
  await fake?.stop()
  storage?.closeAllConnections()
  storage?.close()
  fake = undefined
  storage = undefined
})

const DATA = Buffer.from(Array.from({length: 10_000}, (_, i) => i % 251))
const DATA_DIGEST = computeDigest(DATA)

async function* pieces(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += size) yield data.subarray(i, i + size)
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const part of stream) parts.push(part)
  return Buffer.concat(parts)
}

describe('uploadBlob', () => {
  it('uploads a small buffer with POST then one PUT ?digest=', async () => {
    const f = (fake = await startFake())
    expect(await clientFor(f).uploadBlob('team/app', DATA)).toEqual({digest: DATA_DIGEST, size: DATA.length})
    expect(f.blobs.get(`team/app@${DATA_DIGEST}`)?.equals(DATA)).toBe(true)
    expect(f.log.map(l => l.method)).toEqual(['POST', 'PUT'])
    expect(f.log[1]?.url).toContain('_state=') // the registry's own query survives
    expect(f.log[1]?.url).toContain(`digest=${encodeURIComponent(DATA_DIGEST)}`)
  })

  it('uploads a large buffer in PATCH chunks with Content-Range, then closes with PUT', async () => {
    const f = (fake = await startFake())
    await clientFor(f).uploadBlob('team/app', DATA, {chunkSize: 4096})
    expect(f.log.map(l => l.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH', 'PUT'])
    expect(f.blobs.get(`team/app@${DATA_DIGEST}`)?.equals(DATA)).toBe(true)
  })

  it('streams without knowing the digest up front', async () => {
    const f = (fake = await startFake())
    const result = await clientFor(f).uploadBlob('team/app', {stream: pieces(DATA, 777)}, {chunkSize: 3000})
    expect(result).toEqual({digest: DATA_DIGEST, size: DATA.length})
    expect(f.blobs.get(`team/app@${DATA_DIGEST}`)?.equals(DATA)).toBe(true)
  })

  it('cancels and refuses a stream whose content does not match its declared digest', async () => {
    const f = (fake = await startFake())
    const upload = clientFor(f).uploadBlob('team/app', {
      stream: pieces(DATA, 1000),
      digest: `sha256:${'0'.repeat(64)}`
    })
    await expect(upload).rejects.toThrow(DigestMismatchError)
    expect(f.log.at(-1)?.method).toBe('DELETE')
    expect(f.blobs.size).toBe(0)
  })

  it('resumes a chunk whose first attempt landed but whose answer was lost', async () => {
    const f = (fake = await startFake())
    let patches = 0
    // The second PATCH is stored, then the connection drops before the answer: its retry gets a 416.
    f.faults.push({when: req => req.method === 'PATCH' && ++patches === 2, times: 1, action: 'lose-answer'})
    await clientFor(f).uploadBlob('team/app', DATA, {chunkSize: 4096})
    expect(f.blobs.get(`team/app@${DATA_DIGEST}`)?.equals(DATA)).toBe(true)
    expect(f.log.map(l => l.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH', 'GET', 'PATCH', 'PUT'])
  })

  it('accepts a committed upload whose answer was lost (the retried PUT finds its session gone)', async () => {
    const f = (fake = await startFake())
    f.faults.push({when: req => req.method === 'PUT', times: 1, action: 'lose-answer'})
    expect(await clientFor(f).uploadBlob('team/app', DATA)).toEqual({digest: DATA_DIGEST, size: DATA.length})
    expect(f.log.map(l => l.method)).toEqual(['POST', 'PUT', 'PUT', 'HEAD'])
  })

  it('uploads an empty blob', async () => {
    const f = (fake = await startFake())
    expect((await clientFor(f).uploadBlob('team/app', {stream: pieces(new Uint8Array(), 1)})).size).toBe(0)
    expect(f.blobs.get(`team/app@${computeDigest(new Uint8Array())}`)?.length).toBe(0)
  })
})

describe('mountBlob', () => {
  it('mounts from another repository (201)', async () => {
    const f = (fake = await startFake())
    f.blobs.set(`base/img@${DATA_DIGEST}`, DATA)
    expect(await clientFor(f).mountBlob('team/app', DATA_DIGEST, 'base/img')).toBe('mounted')
    expect(f.blobs.has(`team/app@${DATA_DIGEST}`)).toBe(true)
    expect(f.log.map(l => l.method)).toEqual(['POST'])
  })

  it('uploads the fallback source into the session a 202 opened', async () => {
    const f = (fake = await startFake({mount: false}))
    const outcome = await clientFor(f).mountBlob('team/app', DATA_DIGEST, 'base/img', () => DATA)
    expect(outcome).toBe('uploaded')
    expect(f.blobs.get(`team/app@${DATA_DIGEST}`)?.equals(DATA)).toBe(true)
    expect(f.log.map(l => l.method)).toEqual(['POST', 'PUT'])
  })

  it('cancels the session and says not-mounted without a source', async () => {
    const f = (fake = await startFake({mount: false}))
    expect(await clientFor(f).mountBlob('team/app', DATA_DIGEST, 'base/img')).toBe('not-mounted')
    expect(f.log.map(l => l.method)).toEqual(['POST', 'DELETE'])
  })

  it('asks for pull on the source and push on the target in one token', async () => {
    const f = (fake = await startFake({auth: 'bearer', username: 'u', password: 'p4ssword'}))
    f.blobs.set(`base/img@${DATA_DIGEST}`, DATA)
    const client = clientFor(f, {
      credentials: staticCredentials({[f.host]: {username: 'u', password: 'p4ssword'}})
    })
    expect(await client.mountBlob('team/app', DATA_DIGEST, 'base/img')).toBe('mounted')
    const token = decodeURIComponent(f.log.find(l => l.url.startsWith('/token'))?.url ?? '')
    expect(token).toContain('scope=repository:base/img:pull')
    expect(token).toContain('scope=repository:team/app:pull,push')
  })
})

describe('reading blobs', () => {
  it('heads a blob: size, or undefined when missing', async () => {
    const f = (fake = await startFake())
    f.blobs.set(`team/app@${DATA_DIGEST}`, DATA)
    const client = clientFor(f)
    expect(await client.headBlob('team/app', DATA_DIGEST)).toEqual({digest: DATA_DIGEST, size: DATA.length})
    expect(await client.headBlob('team/app', `sha256:${'1'.repeat(64)}`)).toBeUndefined()
  })

  it('streams a blob and verifies it', async () => {
    const f = (fake = await startFake())
    f.blobs.set(`team/app@${DATA_DIGEST}`, DATA)
    const blob = await clientFor(f).getBlob('team/app', DATA_DIGEST)
    expect(blob.size).toBe(DATA.length)
    expect((await readAll(blob.stream)).equals(DATA)).toBe(true)
  })

  it('errors the stream when the content does not match', async () => {
    const f = (fake = await startFake())
    f.blobs.set(`team/app@${DATA_DIGEST}`, Buffer.from('not the data'))
    const blob = await clientFor(f).getBlob('team/app', DATA_DIGEST)
    await expect(readAll(blob.stream)).rejects.toThrow(DigestMismatchError)
  })

  it('follows a redirect to storage without sending registry credentials there', async () => {
    const seen: IncomingHttpHeaders[] = []
    storage = createServer((req, res) => {
      seen.push(req.headers)
      res.end(DATA)
    })
    await new Promise<void>(resolve => storage?.listen(0, '127.0.0.1', resolve))
    const storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}/blob`
    const f = (fake = await startFake({auth: 'basic', username: 'u', password: 'p4ssword'}))
    f.faults.push({
      when: req =>
        req.method === 'GET' &&
        (req.url ?? '').includes('/blobs/') &&
        req.headers.authorization !== undefined,
      times: 1,
      action: {status: 307, headers: {location: storageUrl}}
    })
    const client = clientFor(f, {
      credentials: staticCredentials({[f.host]: {username: 'u', password: 'p4ssword'}})
    })
    const blob = await client.getBlob('team/app', DATA_DIGEST)
    expect((await readAll(blob.stream)).equals(DATA)).toBe(true)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.authorization).toBeUndefined()
  })
})

describe('bytes helper sanity', () => {
  it('digests match node', () => {
    expect(computeDigest(bytes('abc'))).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
  })
})
