export interface TransportRequest {
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Uint8Array
  readonly signal?: AbortSignal
}

/**
 * One HTTP exchange, redirects not followed (the session follows them itself so it can drop credentials when a
 * blob redirect leaves the registry's origin). Tests pass their own.
 */
export type Transport = (url: string, request: TransportRequest) => Promise<Response>

export interface TransportOptions {
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots, for registries with private CAs. */
  readonly ca?: string
}

interface Dispatcher {
  dispatch(...args: never[]): unknown
}
type AgentClass = new (options: {connect: {ca: string[]}}) => Dispatcher

// Node 20-24 keep the global Agent under `.1` (24 also under `.2`); from Node 26 `.1` holds a compatibility
// wrapper and the Agent sits under `.2`.
const GLOBAL_DISPATCHERS = [Symbol.for('undici.globalDispatcher.2'), Symbol.for('undici.globalDispatcher.1')]

/**
 * Node's fetch takes a `dispatcher` but does not export undici's Agent. The global dispatcher it creates on first
 * use is such an Agent, so its constructor builds one with our CA list, with no dependency added. Fetching a
 * `data:` URL creates the global dispatcher without touching the network.
 */
async function agentClass(): Promise<AgentClass> {
  await (await fetch('data:,')).arrayBuffer()
  const ctor = GLOBAL_DISPATCHERS.map(symbol => {
    const dispatcher = (globalThis as Record<symbol, unknown>)[symbol] as {constructor?: unknown} | undefined
    return dispatcher?.constructor
  }).find(candidate => typeof candidate === 'function' && candidate.name === 'Agent')
  if (typeof ctor !== 'function') {
    throw new Error(
      "a custom CA needs Node's built-in undici Agent, but the global fetch dispatcher has been replaced; " +
        'put the CA in NODE_EXTRA_CA_CERTS instead'
    )
  }
  return ctor as AgentClass
}

let agentClassPromise: Promise<AgentClass> | undefined

/** A transport on Node's global fetch; with `ca`, one that also trusts those certificates. */
export function fetchTransport(options: TransportOptions = {}): Transport {
  const ca = options.ca?.trim()
  let dispatcher: Promise<Dispatcher> | undefined
  if (ca) {
    agentClassPromise ??= agentClass()
    // node:tls only for a private CA: the dry run, which never connects, does not load it.
    dispatcher = Promise.all([agentClassPromise, import('node:tls')]).then(
      ([Agent, {rootCertificates}]) => new Agent({connect: {ca: [...rootCertificates, ca]}})
    )
  }
  return async (url, request) => {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      redirect: 'manual'
    }
    // The Agent comes from Node's own undici, so it is the Dispatcher fetch expects whatever the typings say.
    if (dispatcher) Object.assign(init, {dispatcher: await dispatcher})
    return fetch(url, init)
  }
}

/** The innermost error code of a fetch failure: `ECONNREFUSED`, `UND_ERR_SOCKET`, `DEPTH_ZERO_SELF_SIGNED_CERT`, … */
export function networkErrorCode(error: unknown): string {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const {code, cause, errors} = current as {code?: unknown; cause?: unknown; errors?: unknown}
    if (typeof code === 'string' && code !== '') return code
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined)
  }
  if (error instanceof Error && error.name === 'TimeoutError') return 'REQUEST_TIMEOUT'
  return 'UNKNOWN'
}

const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

/** The certificate was received but not trusted: a fix on the trust side, never a reason to fall back to http. */
export function isCertificateError(code: string): boolean {
  return TLS_TRUST_CODES.has(code)
}
