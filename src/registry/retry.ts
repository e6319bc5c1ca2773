import {CancelledError, cancellableSleep} from '../shell/cancel.js'
import pLimit from 'p-limit'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** No retry starts (and no wait is begun) past this much time since the first attempt. */
  readonly maxElapsedMs: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 20_000
}

/** Time and chance, injected so tests run without waiting and with fixed jitter. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

/** The real clock; its waits end (rejecting) when the run is cancelled. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: cancellableSleep,
  random: () => Math.random()
}

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

/** The exponential ceiling of the wait before attempt `attempt + 1`: min(max, base·2^(attempt-1)). */
export function backoffCeiling(
  attempt: number,
  policy: {readonly baseDelayMs: number; readonly maxDelayMs: number}
): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
}

/** "Full jitter": uniform in [0, ceiling], which spreads out clients that failed together. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return Math.floor(random() * backoffCeiling(attempt, policy))
}

/**
 * 429 and 5xx are worth another try; 501 and 505 say the server will never do it. Other 4xx are the
 * request's fault and are never retried.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505)
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'REQUEST_TIMEOUT'
])

/**
 * Whether a failure to get any response is transient. ECONNREFUSED counts only once the host has answered
 * before: refused on first contact means nothing listens there, refused mid-run means it is restarting.
 */
export function isTransientNetworkCode(code: string, hostAnsweredBefore: boolean): boolean {
  if (code === 'ECONNREFUSED') return hostAnsweredBefore
  return TRANSIENT_CODES.has(code)
}

export type RetryDecision = {readonly retry: false} | {readonly retry: true; readonly delayMs?: number}

/**
 * Runs `attempt` until `decide` says stop, attempts run out, or the next wait would end past the time budget.
 * A value the decider rejected is returned as is on giving up (the caller turns a final 503 into its error);
 * a thrown error is rethrown.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  decide: (outcome: {value: T} | {error: unknown}) => RetryDecision,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  clock: Clock = systemClock
): Promise<T> {
  const started = clock.now()
  for (let n = 1; ; n++) {
    let outcome: {value: T} | {error: unknown}
    try {
      outcome = {value: await attempt(n)}
    } catch (error: unknown) {
      if (error instanceof CancelledError) throw error
      outcome = {error}
    }
    const decision = decide(outcome)
    const delay = decision.retry ? (decision.delayMs ?? backoffDelay(n, policy, () => clock.random())) : 0
    const giveUp =
      !decision.retry || n >= policy.maxAttempts || clock.now() + delay - started > policy.maxElapsedMs
    if (giveUp) {
      if ('error' in outcome) throw outcome.error
      return outcome.value
    }
    await clock.sleep(delay)
  }
}

/** Runs at most `concurrency` tasks at once; the rest wait their turn in arrival order. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('concurrency must be a positive integer')
  // p-limit keeps arrival order and hands a finished task's slot to the next waiter.
  const limit = pLimit(concurrency)
  return <T>(task: () => Promise<T>): Promise<T> => limit(task)
}
