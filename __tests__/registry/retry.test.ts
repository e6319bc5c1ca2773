import {describe, expect, it} from 'vitest'
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  createLimiter,
  isRetryableStatus,
  isTransientNetworkCode,
  parseRetryAfter,
  withRetry
} from '../../src/registry/retry.js'
import {fakeClock} from './support.js'

const policy = {maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000}

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z')
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    ['Mon, 01 Jan 2024 00:00:30 GMT', 30_000],
    ['Sun, 31 Dec 2023 23:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined]
  ])('%s → %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling capped at maxDelay', () => {
    expect([1, 2, 3, 4, 5, 6].map(n => backoffDelay(n, policy, () => 0.999999))).toEqual([
      999, 1999, 3999, 7999, 7999, 7999
    ])
    expect(backoffDelay(3, policy, () => 0)).toBe(0)
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000)
  })
})

describe('classification', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [416, false]
  ])('status %s retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })

  it.each([
    ['ECONNRESET', false, true],
    ['UND_ERR_SOCKET', false, true],
    ['REQUEST_TIMEOUT', false, true],
    ['ECONNREFUSED', false, false],
    ['ECONNREFUSED', true, true],
    ['ENOTFOUND', true, false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', true, false]
  ])('%s (answered before: %s) transient: %s', (code, answered, expected) => {
    expect(isTransientNetworkCode(code, answered)).toBe(expected)
  })
})

describe('withRetry', () => {
  it('retries until success, sleeping the backoff', async () => {
    const clock = fakeClock()
    let calls = 0
    const value = await withRetry(
      async () => ++calls,
      outcome => ({retry: 'value' in outcome && outcome.value < 3}),
      policy,
      clock
    )
    expect(value).toBe(3)
    expect(clock.sleeps).toEqual([500, 1000])
  })

  it('uses the delay the decider gives (Retry-After)', async () => {
    const clock = fakeClock()
    let calls = 0
    await withRetry(
      async () => ++calls,
      o => ('value' in o && o.value < 2 ? {retry: true, delayMs: 4321} : {retry: false}),
      policy,
      clock
    )
    expect(clock.sleeps).toEqual([4321])
  })

  it('returns the last rejected value when attempts run out', async () => {
    const clock = fakeClock()
    let calls = 0
    const value = await withRetry(
      async () => ++calls,
      () => ({retry: true}),
      policy,
      clock
    )
    expect(value).toBe(5)
    expect(clock.sleeps).toHaveLength(4)
  })

  it('rethrows the last error and never retries what the decider refuses', async () => {
    const clock = fakeClock()
    let calls = 0
    const failing = withRetry(
      async () => {
        calls++
        throw new Error(`boom ${calls}`)
      },
      o => ({retry: 'error' in o && calls < 2}),
      policy,
      clock
    )
    await expect(failing).rejects.toThrow('boom 2')
    expect(calls).toBe(2)
  })

  it('stops before a wait that would overrun the time budget', async () => {
    const clock = fakeClock()
    let calls = 0
    const value = await withRetry(
      async () => ++calls,
      () => ({retry: true, delayMs: 45_000}),
      policy,
      clock
    )
    expect(value).toBe(2)
    expect(clock.sleeps).toEqual([45_000])
  })

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1)
    expect(DEFAULT_RETRY_POLICY.maxElapsedMs).toBeGreaterThan(DEFAULT_RETRY_POLICY.maxDelayMs)
  })
})

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(3)
    let active = 0
    let peak = 0
    const results = await Promise.all(
      Array.from({length: 20}, async (_, i) =>
        limit(async () => {
          active++
          peak = Math.max(peak, active)
          await new Promise(resolve => setTimeout(resolve, i % 3))
          active--
          return i
        })
      )
    )
    expect(peak).toBe(3)
    expect(results).toEqual(Array.from({length: 20}, (_, i) => i))
  })

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1)
    await expect(limit(async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    await expect(limit(async () => 'ok')).resolves.toBe('ok')
  })

  it('rejects a nonsensical limit', () => {
    expect(() => createLimiter(0)).toThrow('positive integer')
  })
})
