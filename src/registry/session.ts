import {CancelledError} from '../shell/cancel.js'
import {Authenticator, type CredentialStore} from './auth.js'
import {RegistryError} from './errors.js'
import {exchange, type RawResponse} from './exchange.js'
import {networkError, responseError, type Attempted} from './failure.js'
import {apiHost, isLoopbackRegistry} from './reference.js'
import {
  DEFAULT_RETRY_POLICY,
  createLimiter,
  isRetryableStatus,
  isTransientNetworkCode,
  parseRetryAfter,
  systemClock,
  withRetry,
  type Clock,
  type Limiter,
  type RetryDecision,
  type RetryPolicy
} from './retry.js'
import {fetchTransport, isCertificateError, networkErrorCode, type Transport} from './transport.js'

export interface SessionOptions {
  /** Registry name as in references: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  readonly registry: string
  readonly credentials?: CredentialStore
  /** Default: https; for loopback registries https first, then plain http if TLS is not spoken there. */
  readonly scheme?: 'https' | 'http'
  /** Defaults to Node's fetch. */
  readonly transport?: Transport
  readonly retry?: Partial<RetryPolicy>
  readonly clock?: Clock
  /** Per attempt, until the whole answer is read; for streamed bodies, the longest wait for the next chunk. */
  readonly timeoutMs?: number
  /** Requests in flight at once: a number, or a limiter shared with other sessions. */
  readonly concurrency?: number | Limiter
  readonly userAgent?: string
}

/** What a request is for, in the words of error messages; the session adds the host. */
export type What = Omit<Attempted, 'host'>

export interface SessionRequest extends What {
  readonly method: string
  /** `/v2/…` on the registry, or an absolute URL the registry handed out (upload locations, Link targets). */
  readonly path: string
  readonly scopes: readonly string[]
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Uint8Array
  /** Hand a 2xx body back unread, as `stream`. */
  readonly stream?: boolean
}

export interface RegistryResponse extends RawResponse {
  readonly attempts: number
}

const DEFAULT_TIMEOUT_MS = 120_000

/**
 * One registry's HTTP plumbing: base URL and scheme, authentication, retries, redirects, timeouts and bounded
 * concurrency. Bodies are read inside the attempt, so a connection dropped mid-body is retried like any other.
 */
export class RegistrySession {
  readonly registry: string
  private readonly auth: Authenticator
  private readonly policy: RetryPolicy
  private readonly clock: Clock
  private readonly deps: {transport: Transport; limit: Limiter; timeoutMs: number}
  private readonly userAgent: string
  /** Undefined until a loopback registry has shown whether it speaks TLS. */
  private scheme: 'https' | 'http' | undefined
  private answered = false

  constructor(options: SessionOptions) {
    this.registry = options.registry
    this.policy = {...DEFAULT_RETRY_POLICY, ...options.retry}
    this.clock = options.clock ?? systemClock
    const limit =
      typeof options.concurrency === 'function'
        ? options.concurrency
        : createLimiter(options.concurrency ?? 8)
    this.deps = {
      transport: options.transport ?? fetchTransport(),
      limit,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    }
    this.userAgent = options.userAgent ?? 'image-action'
    this.scheme = options.scheme ?? (isLoopbackRegistry(options.registry) ? undefined : 'https')
    this.auth = new Authenticator(
      options.registry,
      options.credentials,
      async (url, headers) => this.fetchToken(url, headers),
      () => this.clock.now()
    )
  }

  /** Sends with authentication and retries; returns the final answer whatever its status. */
  async send(request: SessionRequest): Promise<RegistryResponse> {
    let attempts = 0
    try {
      const response = await withRetry(
        async () => {
          attempts++
          return this.attempt(request)
        },
        outcome => this.decide(outcome),
        this.policy,
        this.clock
      )
      return {...response, attempts}
    } catch (error: unknown) {
      if (error instanceof RegistryError || error instanceof CancelledError) throw error
      throw networkError({...request, host: this.registry}, error, attempts)
    }
  }

  /** Sends, and returns the answer when its status is one of `ok`; otherwise throws the typed error for it. */
  async expect(request: SessionRequest, ok: readonly number[]): Promise<RegistryResponse> {
    const response = await this.send(request)
    if (ok.includes(response.status)) return response
    await response.stream?.cancel()
    throw await this.failure(request, response)
  }

  async failure(what: What, response: Omit<RegistryResponse, 'url'>): Promise<RegistryError> {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.clock.now())
    return responseError(
      {...what, host: this.registry},
      {...response, ...(retryAfterMs === undefined ? {} : {retryAfterMs})},
      {hasCredentials: await this.auth.hasCredentials(), secrets: this.auth.secrets()}
    )
  }

  /** An absolute URL for a registry path, or for a registry-supplied location relative to `base`. */
  resolve(path: string, base?: string): string {
    return new URL(path, base ?? `${this.scheme ?? 'https'}://${apiHost(this.registry)}`).toString()
  }

  /** Secrets seen so far (passwords, tokens), for callers that quote registry text in their own errors. */
  secrets(): string[] {
    return this.auth.secrets()
  }

  private decide(outcome: {value: RawResponse} | {error: unknown}): RetryDecision {
    if ('value' in outcome) {
      if (!isRetryableStatus(outcome.value.status)) return {retry: false}
      const delayMs = parseRetryAfter(outcome.value.headers.get('retry-after'), this.clock.now())
      return delayMs === undefined ? {retry: true} : {retry: true, delayMs}
    }
    if (outcome.error instanceof RegistryError) return {retry: false}
    return {retry: isTransientNetworkCode(networkErrorCode(outcome.error), this.answered)}
  }

  private async attempt(request: SessionRequest): Promise<RawResponse> {
    let authorization = await this.auth.authorization(request.scopes)
    let response = await this.withScheme(request, authorization)
    if (response.status !== 401) return response
    authorization = await this.auth.answer(
      response.headers.get('www-authenticate'),
      request.scopes,
      authorization
    )
    response = await this.withScheme(request, authorization)
    if (response.status !== 401) return response
    throw await this.failure(request, {...response, attempts: 1})
  }

  /** On a loopback registry the first exchange settles the scheme: https, or http when TLS is not spoken. */
  private async withScheme(request: SessionRequest, authorization: string | undefined): Promise<RawResponse> {
    if (this.scheme !== undefined) return this.once(request, authorization, this.scheme)
    try {
      const response = await this.once(request, authorization, 'https')
      this.scheme = 'https'
      return response
    } catch (error: unknown) {
      if (error instanceof CancelledError) throw error
      const code = networkErrorCode(error)
      if (isCertificateError(code) || code === 'ECONNREFUSED' || code === 'REQUEST_TIMEOUT') throw error
      const response = await this.once(request, authorization, 'http')
      this.scheme = 'http'
      return response
    }
  }

  private async once(request: SessionRequest, authorization: string | undefined, scheme: 'https' | 'http') {
    const base = `${scheme}://${apiHost(this.registry)}`
    const response = await exchange(this.deps, {
      method: request.method,
      url: new URL(request.path, base).toString(),
      headers: {'user-agent': this.userAgent, ...request.headers},
      ...(request.body === undefined ? {} : {body: request.body}),
      ...(authorization === undefined ? {} : {authorization}),
      ...(request.stream ? {stream: true} : {})
    })
    this.answered = true
    return response
  }

  /** Token requests: same transport, timeouts and retries, no registry credentials on top. */
  private async fetchToken(
    url: string,
    headers: Record<string, string>
  ): Promise<{status: number; text: string}> {
    let attempts = 0
    try {
      const response = await withRetry(
        async () => {
          attempts++
          return exchange(this.deps, {
            method: 'GET',
            url,
            headers: {'user-agent': this.userAgent, ...headers}
          })
        },
        outcome => this.decide(outcome),
        this.policy,
        this.clock
      )
      return {status: response.status, text: Buffer.from(response.body).toString('utf8')}
    } catch (error: unknown) {
      if (error instanceof RegistryError || error instanceof CancelledError) throw error
      const host = new URL(url).host
      throw networkError({host, operation: `get a token for ${this.registry}`}, error, attempts)
    }
  }
}
