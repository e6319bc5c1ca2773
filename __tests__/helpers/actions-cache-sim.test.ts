/**
 * Conformance of the Actions cache v2 simulation: the real @actions/cache 6.3 saves and restores through it
 * (tar + zstd, Twirp, Azure SDK over the sim's blob host), and the SDK's block upload runs against it directly.
 */
import {createHash, randomBytes} from 'node:crypto'
import {get} from 'node:http'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {restoreCache, saveCache} from '@actions/cache'
import {BlockBlobClient} from '@azure/storage-blob'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {
  SIM_BLOB_HOST,
  startActionsCacheSim,
  type ActionsCacheSim,
  type CacheAccess
} from './actions-cache-sim.js'

const MiB = 1024 * 1024
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/'

let sim: ActionsCacheSim
let root: string
let workspace: string
let stdout: string[]
/** Absolute, as @actions/glob resolves relative patterns against the cwd, not GITHUB_WORKSPACE. */
let PATHS: string[]
const savedEnv = new Map<string, string | undefined>()

function useEnv(vars: Record<string, string>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name])
    process.env[name] = value
  }
}

function useToken(access: CacheAccess, options?: {scope?: string; readScopes?: string[]}): void {
  useEnv(sim.env(access, options))
}

/** What @actions/core printed (info lines, ::warning::, ::debug::) since the last call. */
function printed(): string {
  return stdout.splice(0).join('')
}

/** Writes `files` (relative to workspace/cached) after emptying the directory. */
async function writeTree(files: Record<string, string | Buffer>): Promise<void> {
  await rm(join(workspace, 'cached'), {recursive: true, force: true})
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(workspace, 'cached', name, '..'), {recursive: true})
    await writeFile(join(workspace, 'cached', name), content)
  }
}

const read = (name: string): Promise<string> => readFile(join(workspace, 'cached', name), 'utf8')
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const ops = (): string[] => sim.requests.map(r => `${r.op} ${r.status}`)

async function twirp(method: string, body: object): Promise<{status: number; json: Record<string, unknown>}> {
  const response = await fetch(new URL(SERVICE + method, sim.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${process.env.ACTIONS_RUNTIME_TOKEN}`
    },
    body: JSON.stringify(body)
  })
  return {status: response.status, json: (await response.json()) as Record<string, unknown>}
}

beforeEach(async () => {
  sim = await startActionsCacheSim()
  root = await mkdtemp(join(tmpdir(), 'cache-sim-'))
  workspace = join(root, 'workspace')
  await mkdir(workspace)
  PATHS = [join(workspace, 'cached')]
  await mkdir(join(root, 'temp'))
  useEnv({RUNNER_TEMP: join(root, 'temp'), GITHUB_WORKSPACE: workspace, RUNNER_DEBUG: ''})
  useToken('write')
  stdout = []
  // @actions/core writes its log lines and workflow commands with process.stdout.write(line + EOL).
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})

afterEach(async () => {
  vi.restoreAllMocks()
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  savedEnv.clear()
  await sim.close()
  await rm(root, {recursive: true, force: true})
})

describe('actions cache v2 sim driven by @actions/cache 6.3', () => {
  it('saves with Put Blob and restores by exact key with ranged Get Blob through the Azure SDK', async () => {
    const big = randomBytes(9 * MiB)
    await writeTree({'a.txt': 'alpha\n', 'sub/b.txt': 'beta\n', 'big.bin': big})

    const id = await saveCache(PATHS, 'exact-key')
    expect(id).toBe(1)
    expect(printed()).not.toContain('::warning::')
    const [entry] = sim.entries()
    expect(sim.entries()).toHaveLength(1)
    expect(entry).toMatchObject({key: 'exact-key', scope: 'refs/heads/main'})
    expect(entry!.version).toMatch(/^[0-9a-f]{64}$/)
    const putBlob = sim.requests.find(r => r.op === 'PutBlob')!
    expect(entry!.size).toBe(putBlob.bytes)
    expect(entry!.size).toBeGreaterThan(9 * MiB)

    await rm(join(workspace, 'cached'), {recursive: true})
    expect(await restoreCache(PATHS, 'exact-key')).toBe('exact-key')
    expect(await read('a.txt')).toBe('alpha\n')
    expect(await read('sub/b.txt')).toBe('beta\n')
    expect(sha(await readFile(join(workspace, 'cached', 'big.bin')))).toBe(sha(big))
    expect(printed()).toContain('Cache hit for: exact-key')

    // The wire sequence, as @actions/cache sends it.
    const gets = Math.ceil(entry!.size / (4 * MiB))
    expect(ops()).toEqual([
      'CreateCacheEntry 200',
      'PutBlob 201',
      'FinalizeCacheEntryUpload 200',
      'GetCacheEntryDownloadURL 200',
      'GetBlobProperties 200',
      ...Array<string>(gets).fill('GetBlob 206')
    ])
    const [create, , finalize, lookup] = sim.requests
    expect(create!.body).toEqual({key: 'exact-key', version: entry!.version})
    expect(finalize!.body).toEqual({
      key: 'exact-key',
      version: entry!.version,
      size_bytes: String(entry!.size)
    })
    expect(lookup!.body).toEqual({key: 'exact-key', version: entry!.version})
    expect(putBlob).toMatchObject({method: 'PUT', host: SIM_BLOB_HOST, path: '/actions-cache/entry-1'})
    expect(putBlob.query).toMatchObject({sp: 'cw', sr: 'b'})
    const ranges = sim.requests.filter(r => r.op === 'GetBlob').map(r => r.range)
    expect(ranges[0]).toBe(`bytes=0-${4 * MiB - 1}`)
    expect(ranges.at(-1)).toBe(`bytes=${(gets - 1) * 4 * MiB}-${entry!.size - 1}`)
  })

  it('matches exact keys first, then the newest prefix match of the key and of each restore key, at equal version', async () => {
    await writeTree({'v.txt': 'one'})
    expect(await saveCache(PATHS, 'deps-1')).toBe(1)
    await writeTree({'v.txt': 'two'})
    expect(await saveCache(PATHS, 'deps-12')).toBe(2)
    await writeTree({'v.txt': 'other'})
    expect(await saveCache(PATHS, 'other')).toBe(3)
    printed()

    expect(await restoreCache(PATHS, 'deps-3', ['nothing-', 'deps-'])).toBe('deps-12')
    expect(await read('v.txt')).toBe('two')
    expect(printed()).toContain('Cache hit for restore-key: deps-12')
    // An exact match wins over a newer prefix match, for the key and for a restore key.
    expect(await restoreCache(PATHS, 'deps-1')).toBe('deps-1')
    expect(await read('v.txt')).toBe('one')
    expect(await restoreCache(PATHS, 'deps-3', ['deps-1'])).toBe('deps-1')
    // The key itself is prefix-matched too (GitHub's docs: "partial matches of the key").
    expect(await restoreCache(PATHS, 'deps-')).toBe('deps-12')
    // Another path list is another version: no match.
    expect(await restoreCache([join(workspace, 'elsewhere')], 'deps-1', ['deps-'])).toBeUndefined()
  })

  it('misses with undefined, and an entry whose upload failed never becomes visible', async () => {
    expect(await restoreCache(PATHS, 'absent', ['abs'])).toBeUndefined()
    expect(ops()).toEqual(['GetCacheEntryDownloadURL 200'])

    await writeTree({'x.txt': 'x'})
    sim.failNext('PutBlob', 403)
    expect(await saveCache(PATHS, 'broken')).toBe(-1)
    expect(printed()).toMatch(/::warning::uploadCacheArchiveSDK: internal error uploading cache archive: /)
    expect(sim.entries()).toEqual([])
    expect(await restoreCache(PATHS, 'broken')).toBeUndefined()
    // The reservation still holds the key, as on GitHub until it expires.
    expect(await saveCache(PATHS, 'broken')).toBe(-1)
    expect(ops().slice(1)).toEqual([
      'CreateCacheEntry 200',
      'PutBlob 403',
      'GetCacheEntryDownloadURL 200',
      'CreateCacheEntry 409'
    ])
  })

  it('refuses a second save of the same key and version the way GitHub does (409, logged as info)', async () => {
    await writeTree({'x.txt': 'first'})
    expect(await saveCache(PATHS, 'once')).toBe(1)
    await writeTree({'x.txt': 'second'})
    printed()
    expect(await saveCache(PATHS, 'once')).toBe(-1)
    const out = printed()
    expect(out).toContain(
      'Failed to save: Unable to reserve cache with key once, another job may be creating this cache.\n'
    )
    expect(out).toContain(
      '::debug::Failed to reserve cache: Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists'
    )
    expect(out).not.toContain('::warning::')
    expect(ops().slice(3)).toEqual(['CreateCacheEntry 409'])
    expect(sim.entries().map(e => e.key)).toEqual(['once'])
    await rm(join(workspace, 'cached'), {recursive: true})
    expect(await restoreCache(PATHS, 'once')).toBe('once')
    expect(await read('x.txt')).toBe('first')
  })

  it('with a read-only token, save is denied with the write-denied warning and restore still works', async () => {
    await writeTree({'r.txt': 'kept'})
    expect(await saveCache(PATHS, 'seeded')).toBe(1)
    useToken('read')
    printed()

    await expect(saveCache(PATHS, 'from-untrusted')).resolves.toBe(-1)
    const out = printed()
    expect(out).toContain(
      '::warning::Failed to save: Unable to reserve cache with key from-untrusted. More details: cache write denied: token has no writable scopes\n'
    )
    expect(out).not.toContain('Cache reservation failed')
    expect(sim.requests.at(-1)).toMatchObject({op: 'CreateCacheEntry', status: 200})
    expect(sim.entries().map(e => e.key)).toEqual(['seeded'])

    await rm(join(workspace, 'cached'), {recursive: true})
    expect(await restoreCache(PATHS, 'seeded')).toBe('seeded')
    expect(await read('r.txt')).toBe('kept')
  })

  it('ACTIONS_CACHE_MODE=read skips the save before any request', async () => {
    useToken('read')
    useEnv({ACTIONS_CACHE_MODE: 'read'})
    await writeTree({'r.txt': 'x'})
    expect(await saveCache(PATHS, 'skipped')).toBe(-1)
    expect(printed()).toContain("Cache save skipped: the effective cache-mode 'read' does not permit writes.")
    expect(sim.requests).toEqual([])
  })

  it('a token without readable scopes gets a read-denied warning and a miss', async () => {
    useToken('none')
    expect(await restoreCache(PATHS, 'any')).toBeUndefined()
    expect(printed()).toContain(
      '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: (403) Forbidden: cache read denied: token has no readable scopes'
    )
    expect(ops()).toEqual(['GetCacheEntryDownloadURL 403'])
  })

  it('searches the own scope, then the read-only fallback scopes; writes go to the own scope', async () => {
    await writeTree({'s.txt': 'main'})
    expect(await saveCache(PATHS, 'shared-1')).toBe(1)
    useToken('write', {scope: 'refs/heads/feature', readScopes: ['refs/heads/main']})
    expect(await restoreCache(PATHS, 'shared-2', ['shared-'])).toBe('shared-1')
    await writeTree({'s.txt': 'feature'})
    expect(await saveCache(PATHS, 'shared-1')).toBe(2)
    expect(sim.entries().map(e => e.scope)).toEqual(['refs/heads/main', 'refs/heads/feature'])
    expect(await restoreCache(PATHS, 'shared-1')).toBe('shared-1')
    expect(await read('s.txt')).toBe('feature')
  })

  it("with blobHost 'loopback' the library takes its non-Azure download path: one plain GET", async () => {
    await sim.close()
    sim = await startActionsCacheSim({blobHost: 'loopback'})
    useToken('write')
    await writeTree({'l.txt': 'loop'})
    expect(await saveCache(PATHS, 'loop')).toBe(1)
    await rm(join(workspace, 'cached'), {recursive: true})
    expect(await restoreCache(PATHS, 'loop')).toBe('loop')
    expect(await read('l.txt')).toBe('loop')
    expect(ops()).toEqual([
      'CreateCacheEntry 200',
      'PutBlob 201',
      'FinalizeCacheEntryUpload 200',
      'GetCacheEntryDownloadURL 200',
      'GetBlob 200'
    ])
    expect(sim.requests.at(-1)).toMatchObject({
      host: new URL(sim.url).host,
      headers: {'user-agent': 'actions/cache'}
    })
  })

  it('retries a Twirp 503 as the library does, then succeeds', async () => {
    sim.failNext('GetCacheEntryDownloadURL', 503)
    expect(await restoreCache(PATHS, 'none-yet')).toBeUndefined()
    expect(printed()).toContain(
      'Attempt 1 of 5 failed with error: Failed request: (503) Service Unavailable: simulated failure. Retrying request in 3000 ms...'
    )
    expect(ops()).toEqual(['GetCacheEntryDownloadURL 503', 'GetCacheEntryDownloadURL 200'])
  })
})

describe('actions cache v2 sim wire level', () => {
  it('serves the Azure SDK block upload (Put Block + Put Block List) that archives over 128 MiB take', async () => {
    const key = 'blocks'
    const version = 'a'.repeat(64)
    const created = await twirp('CreateCacheEntry', {key, version})
    expect(created).toMatchObject({status: 200, json: {ok: true, message: ''}})
    const data = randomBytes(5 * MiB + 17)
    const client = new BlockBlobClient(created.json.signed_upload_url as string)
    await client.uploadData(data, {blockSize: 2 * MiB, maxSingleShotSize: MiB, concurrency: 2})
    expect(ops().slice(1)).toEqual(['PutBlock 201', 'PutBlock 201', 'PutBlock 201', 'PutBlockList 201'])
    const blocks = sim.requests.filter(r => r.op === 'PutBlock')
    expect(blocks.map(r => r.bytes).sort((a, b) => a - b)).toEqual([MiB + 17, 2 * MiB, 2 * MiB])
    expect(new Set(blocks.map(r => r.query.blockid)).size).toBe(3)

    expect(await twirp('FinalizeCacheEntryUpload', {key, version, size_bytes: String(data.length)})).toEqual({
      status: 200,
      json: {ok: true, entry_id: '1', message: ''}
    })
    const found = await twirp('GetCacheEntryDownloadURL', {key: 'nope', restore_keys: ['blo'], version})
    expect(found.json).toMatchObject({ok: true, matched_key: key})
    const downloaded = await new BlockBlobClient(found.json.signed_download_url as string).downloadToBuffer()
    expect(sha(downloaded)).toBe(sha(data))
    // A finalized entry is immutable (sim choice), and a download URL cannot write.
    await expect(client.uploadData(Buffer.from('x'))).rejects.toMatchObject({statusCode: 403})
    const other = await twirp('CreateCacheEntry', {key: 'pending', version})
    const readOnlyUrl = (other.json.signed_upload_url as string).replace(
      /sig=[^&]*/,
      /sig=[^&]*/.exec(found.json.signed_download_url as string)![0]
    )
    await expect(new BlockBlobClient(readOnlyUrl).uploadData(Buffer.from('x'))).rejects.toMatchObject({
      statusCode: 403
    })
    await new BlockBlobClient(other.json.signed_upload_url as string).uploadData(Buffer.from('x'))
  })

  it('answers Twirp errors as {code, msg} and misses with default values', async () => {
    expect(await twirp('GetCacheEntryDownloadURL', {key: 'k', version: 'v'})).toEqual({
      status: 200,
      json: {ok: false, signed_download_url: '', matched_key: ''}
    })
    expect(await twirp('DeleteCacheEntry', {key: 'k', version: 'v'})).toMatchObject({
      status: 404,
      json: {code: 'bad_route'}
    })
    // As a proxy it serves the blob host only.
    const proxied = await new Promise<number | undefined>((resolve, reject) => {
      const {hostname, port} = new URL(sim.url)
      get({hostname, port, path: 'http://example.com/'}, res => resolve(res.resume().statusCode)).on(
        'error',
        reject
      )
    })
    expect(proxied).toBe(502)
    useEnv({ACTIONS_RUNTIME_TOKEN: `${process.env.ACTIONS_RUNTIME_TOKEN}x`})
    expect(await twirp('CreateCacheEntry', {key: 'k', version: 'v'})).toMatchObject({
      status: 401,
      json: {code: 'unauthenticated'}
    })
  })
})
