/**
 * A fault-injecting HTTP proxy in front of a real (plain-http) test registry, in this process on loopback.
 * Requests pass through to the registry unless a rule says otherwise; every request is recorded with the
 * status the client saw. Bodies are buffered both ways: test blobs are small, and it keeps faults exact.
 *
 * Faults, per rule:
 * - `status`: the proxy answers 429/5xx/4xx itself (with `Retry-After` seconds if given); nothing is forwarded.
 * - `drop-request`: the connection is destroyed after `afterBytes` of the request body; nothing is forwarded.
 * - `drop-response`: the registry gets and handles the request, then the connection is destroyed: before any
 *   response when `afterBytes` is undefined, else after the headers and that many body bytes.
 * - `slow`: the registry's answer is held back for `delayMs`.
 *
 * Besides rules, `injectRandom` faults a share of all requests at random (see RandomFaults): what an engine
 * meets on a bad day, for tests that cannot know which of its requests will come.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type {Socket} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'
import {listenLoopback} from './loopback-server.js'

export type Fault =
  | {
      readonly kind: 'status'
      readonly status: number
      /** Seconds, sent as `Retry-After`. */
      readonly retryAfter?: number
      /** Default: a distribution-style `{"errors":[…]}` naming the injected status. */
      readonly body?: string | ((headers: IncomingHttpHeaders) => string)
    }
  | {readonly kind: 'drop-request'; readonly afterBytes?: number}
  | {readonly kind: 'drop-response'; readonly afterBytes?: number}
  | {readonly kind: 'slow'; readonly delayMs: number}

export interface FaultRule {
  /** Which requests the rule looks at; all when omitted. `path` is tested against path and query. */
  readonly method?: string
  readonly path?: RegExp
  /**
   * Matching requests let through untouched before the fault starts. Default 0. Each rule counts every request
   * it matches, retries included, whether or not an earlier rule faulted it; the first rule in whose window a
   * request falls faults it.
   */
  readonly skip?: number
  /** Matching requests faulted after that. Default 1; `Infinity` for all. */
  readonly times?: number
  readonly fault: Fault
}

/**
 * Random faults: each request no rule faulted is faulted with chance `rate`, the fault picked uniformly from
 * `faults`. A seeded generator (mulberry32) keeps one proxy's sequence of choices the same from run to run
 * (which request gets which still depends on the client's timing).
 */
export interface RandomFaults {
  /** 0 to 1. */
  readonly rate: number
  readonly faults: readonly Fault[]
  readonly seed?: number
  /** Which requests may be faulted; all when omitted. */
  readonly method?: string
  readonly path?: RegExp
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The random part of a proxy: picks a fault (or none) for one request. */
function randomPicker(options: RandomFaults): (req: IncomingMessage) => Fault | undefined {
  const random = seededRandom(options.seed ?? 1)
  return req => {
    if (options.method !== undefined && options.method !== req.method) return undefined
    if (options.path !== undefined && !options.path.test(req.url ?? '')) return undefined
    if (options.faults.length === 0 || random() >= options.rate) return undefined
    return options.faults[Math.floor(random() * options.faults.length)]
  }
}

export interface RecordedRequest {
  readonly method: string
  /** Path and query, as the client sent them. */
  readonly path: string
  /** What the client saw: a status, 'dropped', or undefined while the request is in flight. */
  readonly status: number | 'dropped' | undefined
  /** The kind of fault injected, if any. */
  readonly fault?: Fault['kind']
  /** Date.now() when the request arrived. */
  readonly at: number
}

export interface FaultProxyOptions {
  /**
   * Serve `/v2/<name>/tags/list` in pages of `n` (or this many) after `last`, with `Link` headers, cut from the
   * registry's full list, as a paging registry does (distribution 2.8 ignores `n` and `last`).
   */
  readonly tagPageSize?: number
}

export interface FaultProxy {
  /** '127.0.0.1:PORT': the registry name clients use. */
  readonly host: string
  readonly url: string
  /** In the order they arrived. */
  readonly requests: readonly RecordedRequest[]
  /** Adds rules; each keeps its own count of the requests it matched. */
  inject(...rules: FaultRule[]): void
  /** Faults a share of the requests no rule faults, at random (replaces earlier random faults). */
  injectRandom(faults: RandomFaults): void
  /** Drops all rules, random faults included, and the request log. */
  reset(): void
  /** Recorded requests with this method whose path matches. */
  count(method: string, path: RegExp): number
  close(): Promise<void>
}

interface ActiveRule extends FaultRule {
  matched: number
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    stream.on('data', (part: Buffer) => parts.push(part))
    stream.on('end', () => resolve(Buffer.concat(parts)))
    stream.on('error', reject)
    stream.on('close', () => reject(new Error('the connection closed before the body ended')))
  })
}

/** `http://registry/x` → `http://proxy/x`; relative and foreign URLs are left alone. */
function rewrite(value: string, from: string, to: string): string {
  return value.startsWith(from) ? to + value.slice(from.length) : value
}

const TAGS_LIST = /^\/v2\/(.+)\/tags\/list$/

export async function startFaultProxy(
  registryUrl: string,
  options: FaultProxyOptions = {}
): Promise<FaultProxy> {
  const upstream = new URL(registryUrl)
  if (upstream.protocol !== 'http:') throw new Error('the fault proxy fronts plain-http registries only')
  const agent = new Agent({keepAlive: true})
  const rules: ActiveRule[] = []
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  let proxyUrl = ''
  let randomFault: ((req: IncomingMessage) => Fault | undefined) | undefined

  const pick = (req: IncomingMessage): Fault | undefined => {
    let chosen: Fault | undefined
    for (const rule of rules) {
      if (rule.method !== undefined && rule.method !== req.method) continue
      if (rule.path !== undefined && !rule.path.test(req.url ?? '')) continue
      const index = rule.matched++
      const skip = rule.skip ?? 0
      if (chosen === undefined && index >= skip && index < skip + (rule.times ?? 1)) chosen = rule.fault
    }
    return chosen ?? randomFault?.(req)
  }

  const forward = (req: IncomingMessage, path: string, body: Buffer) =>
    new Promise<{status: number; headers: IncomingHttpHeaders; body: Buffer}>((resolve, reject) => {
      const out = httpRequest(
        new URL(path, upstream),
        {method: req.method, headers: {...req.headers, host: upstream.host}, agent},
        res =>
          readBody(res).then(
            data => resolve({status: res.statusCode ?? 502, headers: res.headers, body: data}),
            reject
          )
      )
      out.on('error', reject)
      out.end(body)
    })

  /** The registry's full tag list, cut into the page `n`/`last` ask for. */
  const tagPage = async (req: IncomingMessage, body: Buffer, pageSize: number) => {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const full = await forward(req, url.pathname, body)
    if (full.status !== 200) return full
    const {name, tags} = JSON.parse(full.body.toString('utf8')) as {name: string; tags: string[] | null}
    const sorted = [...(tags ?? [])].sort()
    const n = Number(url.searchParams.get('n') ?? pageSize)
    const last = url.searchParams.get('last')
    const rest = last === null ? sorted : sorted.filter(tag => tag > last)
    const page = rest.slice(0, n)
    const headers: IncomingHttpHeaders = {...full.headers, 'content-type': 'application/json'}
    delete headers['content-length']
    const lastTag = page[page.length - 1]
    if (rest.length > n && lastTag !== undefined) {
      const next = new URLSearchParams({n: String(n), last: lastTag})
      headers.link = `<${url.pathname}?${next.toString()}>; rel="next"`
    }
    return {status: 200, headers, body: Buffer.from(JSON.stringify({name, tags: page}))}
  }

  /** Answers one request, faulted or not; `record` notes what the client saw. */
  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    fault: Fault | undefined,
    record: (status: number | 'dropped') => void
  ): Promise<void> => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    // Set once the client hangs up (a timeout) before it has its answer.
    const hungUp = new AbortController()
    res.once('close', () => res.writableFinished || hungUp.abort())

    if (fault?.kind === 'drop-request') {
      const limit = fault.afterBytes ?? 0
      let received = 0
      const cut = (): void => {
        record('dropped')
        req.socket.destroy()
      }
      if (limit === 0 || Number(req.headers['content-length'] ?? 0) === 0) return cut()
      req.on('data', (part: Buffer) => {
        received += part.length
        if (received >= limit && !req.socket.destroyed) cut()
      })
      req.on('end', () => req.socket.destroyed || cut())
      return
    }
    const body = await readBody(req)
    if (fault?.kind === 'status') {
      const text =
        typeof fault.body === 'function'
          ? fault.body(req.headers)
          : (fault.body ??
            JSON.stringify({errors: [{code: 'UNAVAILABLE', message: `injected ${fault.status}`}]}))
      record(fault.status)
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfter === undefined ? {} : {'retry-after': String(fault.retryAfter)})
      })
      res.end(method === 'HEAD' ? undefined : text)
      return
    }

    const tags = TAGS_LIST.exec(new URL(path, 'http://proxy').pathname)
    const answer =
      options.tagPageSize !== undefined && tags && method === 'GET'
        ? await tagPage(req, body, options.tagPageSize)
        : await forward(req, path, body)
    const headers = {...answer.headers}
    for (const name of ['location', 'link'] as const) {
      const value = headers[name]
      if (typeof value === 'string') headers[name] = rewrite(value, upstream.origin, proxyUrl)
    }
    if (headers['content-length'] === undefined && method !== 'HEAD') {
      headers['content-length'] = String(answer.body.length)
    }
    delete headers['transfer-encoding']
    delete headers.connection
    delete headers['keep-alive']

    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs, undefined, {signal: hungUp.signal}).catch(() => undefined)
      if (hungUp.signal.aborted) return record('dropped')
    }
    if (fault?.kind === 'drop-response') {
      record('dropped')
      if (fault.afterBytes === undefined) return void req.socket.destroy()
      res.writeHead(answer.status, headers)
      res.write(answer.body.subarray(0, fault.afterBytes), () => req.socket.destroy())
      return
    }
    record(answer.status)
    res.writeHead(answer.status, headers)
    res.end(method === 'HEAD' ? undefined : answer.body)
  }

  const server = createServer((req, res) => {
    const fault = pick(req)
    const entry: {-readonly [K in keyof RecordedRequest]: RecordedRequest[K]} = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      status: undefined,
      at: Date.now(),
      ...(fault ? {fault: fault.kind} : {})
    }
    requests.push(entry)
    const record = (status: number | 'dropped'): void => {
      entry.status = status
    }
    handle(req, res, fault, record).catch((error: unknown) => {
      // The client hung up mid-request, or the registry could not be reached.
      if (req.socket.destroyed) return record('dropped')
      record(502)
      if (!res.headersSent) res.writeHead(502, {'content-type': 'text/plain'})
      res.end(`fault proxy: ${String(error)}`)
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  // Clients hanging up mid-way is what this proxy is for: never let it crash the test process. What is not
  // HTTP at all (a TLS hello: BuildKit and containers/image try https first) gets the 400 a plain-http
  // registry answers, from which they learn to fall back to http; a dropped socket would look like an outage.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== 'ECONNRESET' && error.code !== 'EPIPE')
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  const host = await listenLoopback(server)
  proxyUrl = `http://${host}`

  return {
    host,
    url: proxyUrl,
    requests,
    inject: (...added) => rules.push(...added.map(rule => ({...rule, matched: 0}))),
    injectRandom: faults => {
      randomFault = randomPicker(faults)
    },
    reset: () => {
      rules.length = 0
      randomFault = undefined
      requests.length = 0
    },
    count: (method, path) => requests.filter(r => r.method === method && path.test(r.path)).length,
    close: async () => {
      sockets.forEach(socket => socket.destroy())
      agent.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
