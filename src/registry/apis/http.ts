/**
 * A small JSON-over-HTTP client for the Docker Hub and GitHub REST APIs (shell): bounded concurrency,
 * retries of transient failures, and rate limits honoured the way both services document them —
 * `Retry-After` / Hub's `X-Retry-After`, `x-ratelimit-remaining: 0` until `x-ratelimit-reset`, GitHub's
 * secondary limits (a 403 or 429 that says so: wait at least a minute), and a pause between mutations.
 */
import {orCancelled} from '../../shell/cancel.js'
import {fetchTransport, networkErrorCode, type Transport} from '../transport.js'
import {
  createLimiter,
  isTransientNetworkCode,
  parseRetryAfter,
  systemClock,
  withRetry,
  type Clock,
  type Limiter
} from '../retry.js'

export interface ApiHttpOptions {
  /** `https://hub.docker.com`, `https://api.github.com`: injectable so tests run against local servers. */
  readonly baseUrl: string
  /** How messages name the service. */
  readonly name: string
  readonly transport?: Transport
  readonly clock?: Clock
  readonly concurrency?: number
  /** Minimum time between the starts of two mutating requests (GitHub asks for one second). */
  readonly mutationIntervalMs?: number
  /** The longest rate-limit wait accepted; past it the request fails, saying until when. */
  readonly maxWaitMs?: number
  readonly timeoutMs?: number
}

export interface ApiResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: Headers
  readonly url: string
  readonly text: string
}

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message)
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const SECONDARY_WAIT_MS = 60_000

/** The JSON `message` of an API error body, else the start of the body. */
export function apiMessage(response: ApiResponse): string {
  try {
    const body = JSON.parse(response.text) as {message?: unknown; detail?: unknown}
    const text = body.message ?? body.detail
    if (typeof text === 'string' && text !== '') return text
  } catch {
    // not JSON
  }
  return response.text.slice(0, 200).trim()
}

export class ApiHttp {
  private readonly transport: Transport
  private readonly clock: Clock
  private readonly limit: Limiter
  private readonly pace = createLimiter(1)
  private lastMutation = -Infinity
  private blockedUntil = 0
  private answered = false

  constructor(
    private readonly options: ApiHttpOptions,
    private readonly authorize: () => Promise<Record<string, string>>
  ) {
    this.transport = options.transport ?? fetchTransport()
    this.clock = options.clock ?? systemClock
    this.limit = createLimiter(options.concurrency ?? 4)
  }

  /** A path joined to the base URL, keeping a base path such as GHES's `/api/v3`; absolute URLs stay. */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`
  }

  /** Absolute URLs (pagination links) must stay on the API's origin: the token goes with them. */
  sameOrigin(url: string): boolean {
    return new URL(url).origin === new URL(this.options.baseUrl).origin
  }

  /** Sends with retries; returns the final answer whatever its status. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<ApiResponse> {
    const url = this.url(path)
    const maxWaitMs = this.options.maxWaitMs ?? 300_000
    return withRetry(
      async () => {
        await this.waitForLimit(maxWaitMs)
        if (MUTATING.has(method)) await this.paceMutation()
        return this.limit(() => this.once(method, url, body, headers))
      },
      outcome => {
        if ('error' in outcome) {
          if (outcome.error instanceof ApiError) return {retry: false}
          return {retry: isTransientNetworkCode(networkErrorCode(outcome.error), this.answered)}
        }
        const delay = this.rateLimitDelay(outcome.value)
        if (delay !== undefined) return delay <= maxWaitMs ? {retry: true, delayMs: delay} : {retry: false}
        const status = outcome.value.status
        return {retry: status >= 500 && status !== 501 && status !== 505}
      },
      {maxAttempts: 6, maxElapsedMs: maxWaitMs, baseDelayMs: 1000, maxDelayMs: 30_000},
      this.clock
    )
  }

  private async once(
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string>
  ): Promise<ApiResponse> {
    const response = await this.transport(url, {
      method,
      headers: {
        'user-agent': 'image-action',
        ...(body === undefined ? {} : {'content-type': 'application/json'}),
        ...(await this.authorize()),
        ...headers
      },
      ...(body === undefined ? {} : {body: new TextEncoder().encode(JSON.stringify(body))}),
      signal: orCancelled(AbortSignal.timeout(this.options.timeoutMs ?? 60_000))
    })
    const text = await response.text()
    this.answered = true
    // A spent primary budget: everything waits for the reset, not only this request's retry.
    if (response.headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(response.headers.get('x-ratelimit-reset'))
      if (Number.isFinite(reset) && reset > 0) this.blockedUntil = Math.max(this.blockedUntil, reset * 1000)
    }
    return {status: response.status, statusText: response.statusText, headers: response.headers, url, text}
  }

  /** How long a rate-limited answer asks to wait; undefined when the answer is not a rate limit. */
  private rateLimitDelay(response: ApiResponse): number | undefined {
    const {status, headers} = response
    if (status !== 429 && status !== 403) return undefined
    const now = this.clock.now()
    const retryAfter = parseRetryAfter(headers.get('retry-after'), now)
    if (retryAfter !== undefined) return retryAfter
    const hubRetry = Number(headers.get('x-retry-after'))
    // Hub sends a Unix time; small numbers are read as seconds.
    if (hubRetry > 0) return hubRetry > 1e9 ? Math.max(0, hubRetry * 1000 - now) : hubRetry * 1000
    if (headers.get('x-ratelimit-remaining') === '0') {
      const reset = Number(headers.get('x-ratelimit-reset'))
      if (reset > 0) return Math.max(0, reset * 1000 - now)
    }
    if (status === 429 || /secondary rate limit|rate limit exceeded|abuse/i.test(response.text)) {
      return SECONDARY_WAIT_MS
    }
    return undefined
  }

  private async waitForLimit(maxWaitMs: number): Promise<void> {
    const wait = this.blockedUntil - this.clock.now()
    if (wait <= 0) return
    if (wait > maxWaitMs) {
      throw new ApiError(
        `${this.options.name} rate limit is spent until ${new Date(this.blockedUntil).toISOString()}; try again later`,
        429
      )
    }
    await this.clock.sleep(wait)
  }

  private async paceMutation(): Promise<void> {
    const interval = this.options.mutationIntervalMs ?? 0
    if (interval <= 0) return
    await this.pace(async () => {
      const wait = this.lastMutation + interval - this.clock.now()
      if (wait > 0) await this.clock.sleep(wait)
      this.lastMutation = this.clock.now()
    })
  }
}

/** Parses a JSON body or fails naming the service. */
export function json<T>(response: ApiResponse, name: string): T {
  try {
    return JSON.parse(response.text) as T
  } catch {
    throw new ApiError(`${name} answered ${response.status} with something other than JSON`, response.status)
  }
}
