/**
 * Retrying an engine's push (the schedule and the failure message are pure; the loop takes its clock): a
 * transient failure (429, 5xx, a dropped connection, a timeout) is tried again after a growing wait, or after
 * the wait the registry asked for when the engine printed it, until the attempts or the time run out.
 */
import {CancelledError} from '../shell/cancel.js'
import type {ExecResult} from '../shell/exec.js'
import {backoffCeiling, systemClock, type Clock} from '../registry/retry.js'
import type {PushVerdict} from './push-classify.js'

export interface PushRetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number
  /** No attempt starts (and no wait begins that would end) later than this after the first attempt ended. */
  readonly maxElapsedMs: number
  /** The first wait is between half this and this; each next one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** One attempt is killed after this long (a hung push); undefined: no limit. */
  readonly attemptTimeoutMs?: number
}

/**
 * Ten attempts, at most three minutes of waiting: an engine's push is all or nothing per attempt, and at one
 * request in five failing (the issue's test) fewer than a third of `docker push` attempts get through. Engines
 * that can write an OCI layout go through the registry client from the second attempt on (push-layout.ts),
 * docker from the fourth; those rarely need a third.
 */
export const PUSH_RETRY_POLICY: PushRetryPolicy = {
  maxAttempts: 10,
  maxElapsedMs: 20 * 60_000,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 10 * 60_000
}

/**
 * "Equal jitter": between half and all of min(max, base·2^(attempt-1)). Never close to zero, unlike full
 * jitter: an engine does not say how long a 429 wants, and an immediate retry would meet the same limit.
 */
export function pushBackoff(attempt: number, policy: PushRetryPolicy, random: () => number): number {
  const ceiling = backoffCeiling(attempt, policy)
  return Math.floor(ceiling / 2 + random() * (ceiling / 2))
}

/**
 * The wait before attempt `attempt + 1`, or undefined to give up: the failure is not transient, the attempts
 * are used up, or the wait would end past the time budget (`elapsedMs` since the first attempt ended). A wait
 * the registry asked for is kept as it is, within the budget.
 */
export function pushRetryDelay(
  attempt: number,
  verdict: PushVerdict,
  elapsedMs: number,
  policy: PushRetryPolicy,
  random: () => number
): number | undefined {
  if (!verdict.transient || attempt >= policy.maxAttempts) return undefined
  const delay = verdict.retryAfterMs ?? pushBackoff(attempt, policy, random)
  return elapsedMs + delay > policy.maxElapsedMs ? undefined : delay
}

export interface PushAttempts<R extends ExecResult = ExecResult> {
  readonly ok: boolean
  /** The last attempt's result. */
  readonly result: R
  readonly attempts: number
  /** Why the last attempt failed, when it did. */
  readonly verdict?: PushVerdict
}

export interface RetryOptions {
  readonly policy?: PushRetryPolicy
  readonly clock?: Clock
  /** Where each retry is announced (the job log). */
  readonly log?: (message: string) => void
  /** What is pushed, for the log: `push of r.io/app:1`. */
  readonly what: string
}

/**
 * Runs `attempt(n, timeoutMs)` until it succeeds or `classify` and the policy say stop. `timeoutMs` is the
 * policy's limit for one attempt, for the caller to hand to exec.
 */
export async function retryPush<R extends ExecResult>(
  attempt: (n: number, timeoutMs: number | undefined) => Promise<R>,
  classify: (result: R) => PushVerdict,
  options: RetryOptions
): Promise<PushAttempts<R>> {
  const policy = options.policy ?? PUSH_RETRY_POLICY
  const clock = options.clock ?? systemClock
  let firstEnded: number | undefined
  for (let n = 1; ; n++) {
    let result: R
    try {
      result = await attempt(n, policy.attemptTimeoutMs)
    } catch (error: unknown) {
      // A cancelled run ends the push here, so the failure message still says which tags made it.
      if (!(error instanceof CancelledError)) throw error
      const {stdout = '', stderr = ''} = error.output ?? {}
      const stopped = {exitCode: 130, stdout, stderr} as R
      return {ok: false, result: stopped, attempts: n, verdict: {transient: false, cause: error.message}}
    }
    if (result.exitCode === 0) return {ok: true, result, attempts: n}
    const verdict = classify(result)
    firstEnded ??= clock.now()
    const delay = pushRetryDelay(n, verdict, clock.now() - firstEnded, policy, () => clock.random())
    if (delay === undefined) return {ok: false, result, attempts: n, verdict}
    options.log?.(
      `${options.what}: attempt ${n} of ${policy.maxAttempts} failed (${verdict.cause}); ` +
        `trying again in ${(delay / 1000).toFixed(1)} s`
    )
    try {
      await clock.sleep(delay)
    } catch (error: unknown) {
      if (!(error instanceof CancelledError)) throw error
      return {ok: false, result, attempts: n, verdict: {transient: false, cause: error.message}}
    }
  }
}

export interface PushedTag {
  readonly ref: string
  readonly digest: string
}

export interface PushFailureFacts {
  /** The ref whose push failed. */
  readonly ref: string
  /** Attempts made; undefined when there was no engine attempt to count (the registry client's own failure). */
  readonly attempts?: number
  readonly cause: string
  /** Every tag of the build, in order; those in `pushed` made it. */
  readonly tags: readonly string[]
  readonly pushed: readonly PushedTag[]
  /** The command of the last attempt, when an engine ran one. */
  readonly command?: string
  readonly exitCode?: number
  /** More lines: the engine's output tail, or what else was tried. */
  readonly detail?: string
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * Cause first, then which tags made it and which did not, then the command:
 *
 *     push of r.io/app:2 failed after 5 attempts: toomanyrequests: slow down
 *     pushed: r.io/app:1@sha256:…; not pushed: r.io/app:2 (failed), r.io/app:3 (not tried)
 *     command: /usr/bin/docker push r.io/app:2 (exit code 1)
 */
export function pushFailureMessage(facts: PushFailureFacts): string {
  const after = facts.attempts === undefined ? '' : ` after ${plural(facts.attempts, 'attempt')}`
  const made = new Set(facts.pushed.map(p => p.ref))
  const pushed = facts.pushed.map(p => `${p.ref}@${p.digest}`).join(', ') || 'none'
  // The failed one may hold what its last attempt wrote (a manifest PUT whose answer was lost); the rest were
  // never tried.
  const missing =
    facts.tags
      .filter(tag => !made.has(tag))
      .map(tag => `${tag} (${tag === facts.ref ? 'failed' : 'not tried'})`)
      .join(', ') || 'none'
  const out = [
    `push of ${facts.ref} failed${after}: ${facts.cause}`,
    `pushed: ${pushed}; not pushed: ${missing}`
  ]
  if (facts.command !== undefined) {
    out.push(
      `command: ${facts.command}${facts.exitCode === undefined ? '' : ` (exit code ${facts.exitCode})`}`
    )
  }
  if (facts.detail) out.push(facts.detail.trimEnd())
  return out.join('\n')
}

/** A push that failed for good; `pushed` says which tags made it (all at one digest). */
export class PushError extends Error {
  readonly ref: string
  readonly pushed: readonly PushedTag[]
  readonly notPushed: readonly string[]
  constructor(facts: PushFailureFacts) {
    super(pushFailureMessage(facts))
    this.name = 'PushError'
    this.ref = facts.ref
    this.pushed = facts.pushed
    const made = new Set(facts.pushed.map(p => p.ref))
    this.notPushed = facts.tags.filter(tag => !made.has(tag))
  }
}
