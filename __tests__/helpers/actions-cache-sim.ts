/**
 * A simulation of GitHub's Actions cache service v2: the Twirp "results" CacheService and the Azure Blob
 * storage its signed URLs point at, as @actions/cache 6.3 drives them. Not GitHub's code; where neither the
 * library nor GitHub's docs pin a behaviour down, it is marked "sim choice". Paths:
 * node_modules/@actions/cache/lib/.
 *
 * Service selection (internal/config.js): v2 when ACTIONS_CACHE_SERVICE_V2 is non-empty and GITHUB_SERVER_URL
 * is github.com (anything but github.com, *.ghe.com, *.localhost is GHES → v1); URL ACTIONS_RESULTS_URL;
 * token ACTIONS_RUNTIME_TOKEN as `Authorization: Bearer` (internal/shared/cacheTwirpClient.js). cache.js
 * skips saving for ACTIONS_CACHE_MODE read|none and restoring for none|write-only before any request, so
 * env() leaves it empty.
 *
 * Twirp: POST `new URL('/twirp/github.actions.results.api.v1.CacheService/<method>', ACTIONS_RESULTS_URL)` (a
 * path in the URL is dropped), JSON with proto field names (generated/results/api/v1/cache.js):
 *   CreateCacheEntry {key, version} → {ok, signed_upload_url, message}
 *   FinalizeCacheEntryUpload {key, version, size_bytes} → {ok, entry_id (int64: a JSON string), message}
 *   GetCacheEntryDownloadURL {key, restore_keys?, version} → {ok, signed_download_url, matched_key}
 * Errors are {code, msg}. The client retries 500/502/503/504 (3 s, ×1.5, 5 attempts), throws RateLimitError
 * on 429 and otherwise "Failed to <method>: Received non-retryable error: Failed request: (<status>)
 * <reason>: <msg>".
 *
 * Semantics (GitHub docs, "Dependency caching reference"): an entry is (scope, key, version) and immutable.
 * CreateCacheEntry of one that exists or is still being uploaded → 409 already_exists "cache entry with the
 * same key, version, and scope already exists" (text from GitHub run logs; cache.js saveCacheV2 makes it a
 * ReserveCacheError, core.info "Failed to save: Unable to reserve cache with key K, another job may be
 * creating this cache."). Entries are visible once finalized, with size = size_bytes. Restore goes through
 * the token's readable scopes in order (own ref, then base/default branch) and, in each, through key then
 * restore keys: an exact match, else the newest entry whose key starts with it; versions must be equal.
 *
 * Tokens: a JWT (HS256, per-sim secret) whose `ac` claim is the JSON string [{Scope, Permission}] of runner
 * tokens (Permission bits: 1 read, 2 write); writes go to the first writable scope; a bad token → 401.
 * Without a writable scope CreateCacheEntry answers 200 {ok: false, message: "cache write denied: token has
 * no writable scopes"} (as in GitHub run logs): saveCacheV2 sees CACHE_WRITE_DENIED_PREFIX (cache.js), throws
 * CacheWriteDeniedError and logs core.warning "Failed to save: Unable to reserve cache with key K. More
 * details: <message>"; saveCache returns -1. Without a readable scope GetCacheEntryDownloadURL answers 403
 * permission_denied "cache read denied: token has no readable scopes" (prefix: internal/constants.js
 * CacheReadDeniedMessagePrefix, rest sim choice): restoreCacheV2 warns "Failed to restore: …" and misses.
 *
 * Blob storage: signed URLs are http://SIM_BLOB_HOST/actions-cache/entry-N?sv&sr&sp&se&sig and env() points
 * HTTP_PROXY here; as a proxy the sim serves that host only. The name matters: internal/cacheHttpClient.js
 * downloadCache uses the Azure SDK (internal/downloadUtils.js downloadCacheStorageSDK: Get Blob Properties, a
 * HEAD, then downloadToBuffer: GETs with `x-ms-range`, 4 MiB each) only for *.blob.core.windows.net, else one
 * plain GET (what blobHost 'loopback' gives: URLs on 127.0.0.1/devstoreaccount1, no proxy). Upload is always
 * the SDK (internal/uploadUtils.js: BlockBlobClient.uploadFile, maxSingleShotSize 128 MiB, blockSize 64 MiB):
 * one Put Blob up to 128 MiB, beyond that Put Block (?comp=block&blockid=) × n and Put Block List
 * (?comp=blocklist, XML). The Twirp calls ignore the proxy (@actions/http-client bypasses loopback hosts).
 * Sim choices: `sig` is checked (upload sig for PUT, download sig for GET/HEAD), a finalized blob refuses
 * writes (403 AuthenticationFailed), and finalizing before the blob exists is 404 not_found.
 */
import {createHmac, randomBytes, randomUUID} from 'node:crypto'
import {createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse} from 'node:http'
import {closeServer, listenLoopback} from './loopback-server.js'

/** Not a possible storage account name (hyphens), so never a real Azure host. */
export const SIM_BLOB_HOST = 'actions-cache-sim.blob.core.windows.net'
const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/'
const WRITE_DENIED = 'cache write denied: token has no writable scopes'
/** Twirp error codes by HTTP status. */
const TWIRP_CODES: Record<number, string> = {
  ...{400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found'},
  ...{409: 'already_exists', 429: 'resource_exhausted', 500: 'internal', 503: 'unavailable'}
}

export type CacheAccess = 'write' | 'read' | 'none'
export type TwirpMethod = 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL'
export type BlobOperation = 'PutBlob' | 'PutBlock' | 'PutBlockList' | 'GetBlobProperties' | 'GetBlob'
const TWIRP_METHODS: readonly string[] = [
  'CreateCacheEntry',
  'FinalizeCacheEntryUpload',
  'GetCacheEntryDownloadURL'
]
/** By method and `comp` query parameter. */
const BLOB_OPS: Readonly<Record<string, BlobOperation>> = {
  'PUT ': 'PutBlob',
  'PUT block': 'PutBlock',
  'PUT blocklist': 'PutBlockList',
  'HEAD ': 'GetBlobProperties',
  'GET ': 'GetBlob'
}

/** One request the sim answered, in arrival order. */
export interface SimRequest {
  readonly method: string
  /** The host the client addressed: 127.0.0.1:PORT, or SIM_BLOB_HOST for proxied blob calls. */
  readonly host: string
  readonly path: string
  /** Query parameters except `sig`. */
  readonly query: Readonly<Record<string, string>>
  readonly op: TwirpMethod | BlobOperation | 'other'
  /** The Twirp request JSON. */
  readonly body?: unknown
  /** The `x-ms-range` (or `Range`) header. */
  readonly range?: string
  /** Request body length. */
  readonly bytes: number
  /** Request headers except Authorization. */
  readonly headers: IncomingHttpHeaders
  status: number
}

export interface SimEntry {
  readonly key: string
  readonly version: string
  readonly size: number
  readonly scope: string
}

export interface ActionsCacheSim {
  /** ACTIONS_RESULTS_URL, with the trailing slash the runner gives it. */
  readonly url: string
  /** Environment for @actions/cache. `access` is the token's permission on `scope` (default refs/heads/main);
   * `readScopes` are read-only scopes searched after it (a pull request's base and default branch). */
  env(
    access?: CacheAccess,
    options?: {scope?: string; readScopes?: readonly string[]}
  ): Record<string, string>
  /** Finalized entries, oldest first. */
  entries(): SimEntry[]
  readonly requests: SimRequest[]
  /** The next `times` requests for `op` fail with `status` (a Twirp {code, msg} or an Azure XML error). */
  failNext(op: TwirpMethod | BlobOperation, status: number, times?: number): void
  close(): Promise<void>
}

interface Entry extends SimEntry {
  readonly id: number
  size: number
  finalized: boolean
  readonly sig: {readonly up: string; readonly down: string}
  readonly blocks: Map<string, Buffer>
  blob?: {readonly data: Buffer; readonly etag: string; readonly modified: string}
}

type Scope = {Scope: string; Permission: number}
type Reply = [status: number, headers: Record<string, string>, body?: Buffer]

const json = (status: number, value: unknown): Reply => [
  status,
  {'content-type': 'application/json'},
  Buffer.from(JSON.stringify(value))
]
const twirpError = (status: number, msg: string, code = TWIRP_CODES[status]): Reply =>
  json(status, {code, msg})
const azureError = (status: number, code: string, message = code): Reply => [
  status,
  {'x-ms-error-code': code, 'content-type': 'application/xml'},
  Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`
  )
]

export async function startActionsCacheSim(
  options: {blobHost?: 'azure' | 'loopback'} = {}
): Promise<ActionsCacheSim> {
  const secret = randomBytes(32)
  const store: Entry[] = []
  const requests: SimRequest[] = []
  const failures = new Map<string, number[]>()
  let origin = ''

  const hmac = (data: string): string => createHmac('sha256', secret).update(data).digest('base64url')
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const token = (ac: Scope[]): string => {
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: 'vstoken.actions.githubusercontent.com',
      nbf: now,
      exp: now + 21600,
      ac: JSON.stringify(ac)
    }
    const unsigned = `${b64({typ: 'JWT', alg: 'HS256'})}.${b64(claims)}`
    return `${unsigned}.${hmac(unsigned)}`
  }
  /** The token's scopes, or undefined when it is missing, forged or expired. */
  const scopesOf = (req: IncomingMessage): Scope[] | undefined => {
    const [head, body, sig] = (req.headers.authorization ?? '').replace(/^Bearer /, '').split('.')
    if (!head || !body || sig !== hmac(`${head}.${body}`)) return undefined
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as {exp: number; ac: string}
    return claims.exp * 1000 > Date.now() ? (JSON.parse(claims.ac) as Scope[]) : undefined
  }
  const blobUrl = (entry: Entry, sp: 'cw' | 'r'): string => {
    const base = options.blobHost === 'loopback' ? `${origin}/devstoreaccount1` : `http://${SIM_BLOB_HOST}`
    const se = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'))
    const sig = encodeURIComponent(sp === 'cw' ? entry.sig.up : entry.sig.down)
    return `${base}/actions-cache/entry-${entry.id}?sv=2026-02-06&sr=b&sp=${sp}&se=${se}&sig=${sig}`
  }

  function twirp(method: string, input: Record<string, unknown>, scopes: Scope[] | undefined): Reply {
    if (!TWIRP_METHODS.includes(method))
      return twirpError(404, `no handler for path "${SERVICE}${method}"`, 'bad_route')
    if (!scopes) return twirpError(401, 'invalid or missing runtime token')
    const key = String(input.key ?? '')
    const version = String(input.version ?? '')
    if (!key || !version) return twirpError(400, 'key and version are required')
    const writeScope = scopes.find(s => s.Permission & 2)?.Scope
    const mine = (e: Entry): boolean => e.scope === writeScope && e.key === key && e.version === version
    switch (method) {
      case 'CreateCacheEntry': {
        if (writeScope === undefined)
          return json(200, {ok: false, signed_upload_url: '', message: WRITE_DENIED})
        // A reservation holds the key as much as a finalized entry does.
        if (store.some(mine))
          return twirpError(409, 'cache entry with the same key, version, and scope already exists')
        const sig = {up: randomBytes(16).toString('base64'), down: randomBytes(16).toString('base64')}
        const entry: Entry = {
          id: store.length + 1,
          key,
          version,
          scope: writeScope,
          size: 0,
          finalized: false,
          sig,
          blocks: new Map()
        }
        store.push(entry)
        return json(200, {ok: true, signed_upload_url: blobUrl(entry, 'cw'), message: ''})
      }
      case 'FinalizeCacheEntryUpload': {
        if (writeScope === undefined) return json(200, {ok: false, entry_id: '0', message: WRITE_DENIED})
        const entry = store.find(e => mine(e) && !e.finalized && e.blob)
        if (!entry) return twirpError(404, 'cache entry not found')
        Object.assign(entry, {finalized: true, size: Number(input.size_bytes ?? 0)})
        return json(200, {ok: true, entry_id: String(entry.id), message: ''})
      }
      default: {
        const readable = scopes.filter(s => s.Permission & 1).map(s => s.Scope)
        if (readable.length === 0) return twirpError(403, 'cache read denied: token has no readable scopes')
        const keys = [key, ...((input.restore_keys as string[] | undefined) ?? [])]
        for (const scope of readable) {
          const visible = store.filter(e => e.finalized && e.scope === scope && e.version === version)
          for (const k of keys) {
            const newestFirst = visible.filter(e => e.key.startsWith(k)).reverse()
            const hit = newestFirst.find(e => e.key === k) ?? newestFirst[0]
            if (hit)
              return json(200, {ok: true, signed_download_url: blobUrl(hit, 'r'), matched_key: hit.key})
          }
        }
      }
    }
    return json(200, {ok: false, signed_download_url: '', matched_key: ''})
  }

  /** Azure Blob REST on one entry's blob. */
  function blob(
    req: IncomingMessage,
    op: BlobOperation | 'other',
    entry: Entry,
    query: URLSearchParams,
    body: Buffer
  ): Reply {
    const writing = req.method === 'PUT'
    if (query.get('sig') !== (writing ? entry.sig.up : entry.sig.down) || (writing && entry.finalized)) {
      return azureError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.')
    }
    const commit = (data: Buffer): Reply => {
      entry.blob = {
        data,
        etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
        modified: new Date().toUTCString()
      }
      return [
        201,
        {etag: entry.blob.etag, 'last-modified': entry.blob.modified, 'x-ms-request-server-encrypted': 'true'}
      ]
    }
    switch (op) {
      case 'PutBlob':
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return azureError(400, 'MissingRequiredHeader')
        return commit(body)
      case 'PutBlock':
        entry.blocks.set(query.get('blockid') ?? '', body)
        return [201, {'x-ms-request-server-encrypted': 'true'}]
      case 'PutBlockList': {
        // <BlockList><Latest>base64 id</Latest>…</BlockList>; Committed and Uncommitted count as Latest.
        const ids = [...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
          m => m[1]!
        )
        if (ids.some(id => !entry.blocks.has(id))) return azureError(400, 'InvalidBlockList')
        return commit(Buffer.concat(ids.map(id => entry.blocks.get(id)!)))
      }
      case 'GetBlobProperties':
      case 'GetBlob': {
        if (!entry.blob) return azureError(404, 'BlobNotFound')
        const {data, etag, modified} = entry.blob
        const props = {
          etag,
          'last-modified': modified,
          'x-ms-blob-type': 'BlockBlob',
          'accept-ranges': 'bytes'
        }
        if (op === 'GetBlobProperties') return [200, {...props, 'content-length': String(data.length)}]
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''))
        if (!range) return [200, props, data]
        const [start, end] = [Number(range[1]), Math.min(Number(range[2] || data.length), data.length - 1)]
        if (start >= data.length) return azureError(416, 'InvalidRange')
        return [
          206,
          {...props, 'content-range': `bytes ${start}-${end}/${data.length}`},
          data.subarray(start, end + 1)
        ]
      }
      default:
        return azureError(400, 'UnsupportedOperation', 'not simulated')
    }
  }

  async function handle(req: IncomingMessage): Promise<[SimRequest, Reply]> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const proxied = /^https?:\/\//.test(req.url ?? '') // absolute-form request target: we are the proxy
    const url = new URL(req.url ?? '/', origin)
    const twirpMethod =
      !proxied && url.pathname.startsWith(SERVICE) ? url.pathname.slice(SERVICE.length) : undefined
    const blobId = /^(?:\/devstoreaccount1)?\/actions-cache\/entry-(\d+)$/.exec(url.pathname)?.[1]
    const blobOp = BLOB_OPS[`${req.method} ${url.searchParams.get('comp') ?? ''}`] ?? 'other'
    const range = req.headers['x-ms-range'] ?? req.headers.range
    const record: SimRequest = {
      method: req.method ?? '',
      host: url.host,
      path: url.pathname,
      query: Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'sig')),
      op: twirpMethod ? (twirpMethod as TwirpMethod) : blobId ? blobOp : 'other',
      ...(twirpMethod ? {body: body.length ? JSON.parse(body.toString()) : {}} : {}),
      ...(typeof range === 'string' ? {range} : {}),
      bytes: body.length,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'authorization')),
      status: 0
    }
    requests.push(record)
    const fail = failures.get(record.op)?.shift()
    if (twirpMethod && req.method === 'POST') {
      if (fail) return [record, twirpError(fail, 'simulated failure')]
      return [record, twirp(twirpMethod, record.body as Record<string, unknown>, scopesOf(req))]
    }
    // As a proxy only the blob host is served (502 otherwise), so nothing leaves this machine.
    const served = blobId && (proxied ? url.host === SIM_BLOB_HOST : options.blobHost === 'loopback')
    if (!served)
      return [record, [proxied ? 502 : 404, {'content-type': 'text/plain'}, Buffer.from('not simulated\n')]]
    const entry = store.find(e => e.id === Number(blobId))
    if (fail) return [record, azureError(fail, 'SimulatedFailure')]
    return [
      record,
      entry ? blob(req, blobOp, entry, url.searchParams, body) : azureError(404, 'BlobNotFound')
    ]
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      ([record, [status, headers, data]]) => {
        record.status = status
        res.writeHead(status, {
          'x-ms-request-id': randomUUID(),
          'x-ms-version': String(req.headers['x-ms-version'] ?? '2026-02-06'),
          date: new Date().toUTCString(),
          'content-length': String(data?.length ?? 0),
          ...headers
        })
        res.end(req.method === 'HEAD' ? undefined : data)
      },
      (error: unknown) => res.writeHead(500, {'content-type': 'text/plain'}).end(String(error))
    )
  })
  origin = `http://${await listenLoopback(server)}`

  return {
    url: `${origin}/`,
    env(access = 'write', {scope = 'refs/heads/main', readScopes = []} = {}) {
      const own = access === 'none' ? [] : [{Scope: scope, Permission: access === 'write' ? 3 : 1}]
      // The Azure SDK takes the first non-empty of HTTPS_PROXY, ALL_PROXY, HTTP_PROXY (each upper case, then
      // lower), for http URLs too. Only HTTP_PROXY names the sim, so HTTPS traffic goes direct; the rest are
      // emptied so an outer proxy takes no blob traffic and none is left over when a 'loopback' sim follows.
      const via = options.blobHost === 'loopback' ? '' : origin
      return {
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: token([...own, ...readScopes.map(s => ({Scope: s, Permission: 1}))]),
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_CACHE_MODE: '',
        GITHUB_SERVER_URL: 'https://github.com',
        ...{HTTP_PROXY: via, http_proxy: via, HTTPS_PROXY: '', https_proxy: '', ALL_PROXY: '', all_proxy: ''}
      }
    },
    entries: () =>
      store.filter(e => e.finalized).map(({key, version, size, scope}) => ({key, version, size, scope})),
    requests,
    failNext(op, status, times = 1) {
      failures.set(op, [...(failures.get(op) ?? []), ...Array<number>(times).fill(status)])
    },
    close: () => closeServer(server)
  }
}
