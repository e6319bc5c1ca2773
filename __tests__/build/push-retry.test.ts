import {describe, expect, test} from 'vitest'
import {
  PUSH_RETRY_POLICY,
  PushError,
  pushBackoff,
  pushFailureMessage,
  pushRetryDelay,
  retryPush,
  type PushRetryPolicy
} from '../../src/build/push-retry.js'
import type {ExecResult} from '../../src/shell/exec.js'
import {fakeClock} from '../registry/support.js'

const POLICY: PushRetryPolicy = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 2_000,
  maxDelayMs: 10_000,
  attemptTimeoutMs: 600_000
}
const TRANSIENT = {transient: true, cause: 'toomanyrequests: slow down'}

describe('the retry schedule', () => {
  test('equal jitter: between half and all of base·2^(n-1), capped', () => {
    const low = [1, 2, 3, 4, 5].map(n => pushBackoff(n, POLICY, () => 0))
    const high = [1, 2, 3, 4, 5].map(n => pushBackoff(n, POLICY, () => 0.999_999))
    expect(low).toEqual([1_000, 2_000, 4_000, 5_000, 5_000])
    expect(high).toEqual([1_999, 3_999, 7_999, 9_999, 9_999])
  })

  test('never more attempts than the policy allows', () => {
    const delays = [1, 2, 3, 4, 5, 6].map(n => pushRetryDelay(n, TRANSIENT, 0, POLICY, () => 0.5))
    expect(delays).toEqual([1_500, 3_000, 6_000, 7_500, undefined, undefined])
  })

  test('no wait that would end past the time budget', () => {
    expect(pushRetryDelay(1, TRANSIENT, 58_000, POLICY, () => 0.5)).toBe(1_500)
    expect(pushRetryDelay(1, TRANSIENT, 58_600, POLICY, () => 0.5)).toBeUndefined()
  })

  test('a wait the engine printed (Retry-After) is kept as it is, within the budget', () => {
    const asked = {...TRANSIENT, retryAfterMs: 38_000}
    expect(pushRetryDelay(1, asked, 0, POLICY, () => 0.5)).toBe(38_000)
    expect(pushRetryDelay(1, asked, 30_000, POLICY, () => 0.5)).toBeUndefined()
  })

  test('a failure that is not transient is never tried again', () => {
    expect(pushRetryDelay(1, {transient: false, cause: 'denied'}, 0, POLICY, () => 0.5)).toBeUndefined()
  })

  test('the default: ten attempts, ten minutes each at most, no retry begun after twenty', () => {
    expect(PUSH_RETRY_POLICY).toEqual({
      maxAttempts: 10,
      maxElapsedMs: 1_200_000,
      baseDelayMs: 2_000,
      maxDelayMs: 30_000,
      attemptTimeoutMs: 600_000
    })
    // Nine waits at the most: three minutes.
    const worst = [1, 2, 3, 4, 5, 6, 7, 8, 9].reduce(
      (sum, n) => sum + pushBackoff(n, PUSH_RETRY_POLICY, () => 0.999_999),
      0
    )
    expect(worst).toBeLessThan(180_000)
  })
})

describe('retryPush', () => {
  const fail = (stderr: string): ExecResult => ({exitCode: 1, stdout: '', stderr})
  const ok: ExecResult = {exitCode: 0, stdout: 'done', stderr: ''}

  test('tries again after transient failures, with the scheduled waits and the time limit per attempt', async () => {
    const clock = fakeClock()
    const results = [fail('toomanyrequests: a'), fail('EOF'), ok]
    const timeouts: (number | undefined)[] = []
    const logged: string[] = []
    const outcome = await retryPush(
      async (_n, timeoutMs) => {
        timeouts.push(timeoutMs)
        return results.shift() as ExecResult
      },
      result => ({transient: true, cause: result.stderr}),
      {policy: POLICY, clock, log: m => logged.push(m), what: 'push of r.io/app:1'}
    )
    expect(outcome).toEqual({ok: true, result: ok, attempts: 3})
    expect(clock.sleeps).toEqual([1_500, 3_000])
    expect(timeouts).toEqual([600_000, 600_000, 600_000])
    expect(logged).toEqual([
      'push of r.io/app:1: attempt 1 of 5 failed (toomanyrequests: a); trying again in 1.5 s',
      'push of r.io/app:1: attempt 2 of 5 failed (EOF); trying again in 3.0 s'
    ])
  })

  test('gives up after the last attempt, returning the last failure and why', async () => {
    const clock = fakeClock()
    const outcome = await retryPush(
      async n => fail(`500 Internal Server Error #${n}`),
      result => ({transient: true, cause: result.stderr}),
      {policy: POLICY, clock, what: 'push of r.io/app:1'}
    )
    expect(outcome.ok).toBe(false)
    expect(outcome.attempts).toBe(5)
    expect(outcome.verdict).toEqual({transient: true, cause: '500 Internal Server Error #5'})
    expect(clock.sleeps).toHaveLength(4)
  })

  test('gives up at once on a failure that is not transient', async () => {
    const clock = fakeClock()
    const outcome = await retryPush(
      async () => fail('denied'),
      () => ({transient: false, cause: 'denied'}),
      {policy: POLICY, clock, what: 'push of r.io/app:1'}
    )
    expect(outcome).toMatchObject({ok: false, attempts: 1, verdict: {cause: 'denied'}})
    expect(clock.sleeps).toEqual([])
  })

  test('the time budget counts from the end of the first attempt', async () => {
    const clock = fakeClock()
    const outcome = await retryPush(
      async () => {
        clock.time += 25_000 // every attempt takes 25 s
        return fail('EOF')
      },
      () => TRANSIENT,
      {policy: POLICY, clock, what: 'push of r.io/app:1'}
    )
    // 1st ends at 0 s of budget; wait 1.5, 2nd ends at 26.5; wait 3, 3rd ends at 54.5; 6 more would end at 60.5.
    expect(outcome.attempts).toBe(3)
    expect(clock.sleeps).toEqual([1_500, 3_000])
  })
})

describe('the failure message', () => {
  const digest = 'sha256:1111111111111111111111111111111111111111111111111111111111111111'

  test('cause first, then which tags made it, then the command', () => {
    expect(
      pushFailureMessage({
        ref: '127.0.0.1:5000/app:2',
        attempts: 5,
        cause: 'toomanyrequests: slow down',
        tags: ['127.0.0.1:5000/app:1', '127.0.0.1:5000/app:2', '127.0.0.1:5000/app:3'],
        pushed: [{ref: '127.0.0.1:5000/app:1', digest}],
        command: '/usr/bin/docker push 127.0.0.1:5000/app:2',
        exitCode: 1,
        detail: 'output:\n  toomanyrequests: slow down'
      })
    ).toBe(
      [
        'push of 127.0.0.1:5000/app:2 failed after 5 attempts: toomanyrequests: slow down',
        `pushed: 127.0.0.1:5000/app:1@${digest}; not pushed: 127.0.0.1:5000/app:2 (failed), 127.0.0.1:5000/app:3 (not tried)`,
        'command: /usr/bin/docker push 127.0.0.1:5000/app:2 (exit code 1)',
        'output:',
        '  toomanyrequests: slow down'
      ].join('\n')
    )
  })

  test('nothing pushed; one attempt; no command (the registry client failed)', () => {
    expect(
      pushFailureMessage({
        ref: 'r.io/app:1',
        attempts: 1,
        cause: 'denied',
        tags: ['r.io/app:1'],
        pushed: []
      })
    ).toBe('push of r.io/app:1 failed after 1 attempt: denied\npushed: none; not pushed: r.io/app:1 (failed)')
    expect(
      pushFailureMessage({
        ref: 'r.io/app:2',
        cause: 'could not reach r.io',
        tags: ['r.io/app:1', 'r.io/app:2'],
        pushed: [{ref: 'r.io/app:1', digest}]
      })
    ).toBe(
      `push of r.io/app:2 failed: could not reach r.io\npushed: r.io/app:1@${digest}; not pushed: r.io/app:2 (failed)`
    )
  })

  test('PushError carries what made it and what did not', () => {
    const error = new PushError({
      ref: 'r.io/app:2',
      attempts: 3,
      cause: 'EOF',
      tags: ['r.io/app:1', 'r.io/app:2', 'r.io/app:3'],
      pushed: [{ref: 'r.io/app:1', digest}]
    })
    expect(error.name).toBe('PushError')
    expect(error.message.split('\n')[0]).toBe('push of r.io/app:2 failed after 3 attempts: EOF')
    expect(error.pushed).toEqual([{ref: 'r.io/app:1', digest}])
    expect(error.notPushed).toEqual(['r.io/app:2', 'r.io/app:3'])
  })
})
