// The run's cancellation is one per process: this file cancels it once (in beforeAll) and checks that every
// kind of work stops. Vitest gives each test file its own module graph, so no other file sees it.
import {createServer} from 'node:http'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {retryPush} from '../../src/build/push-retry.js'
import {cancel, CancelledError, cancellableSleep, isCancelled, orCancelled} from '../../src/shell/cancel.js'
import {exec} from '../../src/shell/exec.js'
import {runSteps} from '../../src/prune/run/steps.js'
import type {RepoPlan} from '../../src/prune/plan/types.js'
import {exchange} from '../../src/registry/exchange.js'
import {createLimiter, systemClock, withRetry} from '../../src/registry/retry.js'
import {fetchTransport} from '../../src/registry/transport.js'
import {closeServer, listenLoopback} from '../helpers/loopback-server.js'

// A server that takes requests and never answers: only the cancellation ends them.
const silent = createServer(() => undefined)
let base = ''
let pendingRequest: Promise<unknown> | undefined
let pendingSleep: Promise<unknown> | undefined
let cancelledAfterMs = 0

beforeAll(async () => {
  base = `http://${await listenLoopback(silent)}`
  const deps = {transport: fetchTransport(), limit: createLimiter(2), timeoutMs: 60_000}
  pendingRequest = exchange(deps, {method: 'GET', url: `${base}/v2/`, headers: {}}).catch((e: unknown) => e)
  pendingSleep = cancellableSleep(60_000).catch((e: unknown) => e)
  await new Promise(resolve => setTimeout(resolve, 200))
  const started = Date.now()
  cancel('SIGINT')
  await Promise.all([pendingRequest, pendingSleep])
  cancelledAfterMs = Date.now() - started
})

afterAll(async () => {
  silent.closeAllConnections()
  await closeServer(silent)
})

describe('a cancelled run', () => {
  it('ends a registry request in flight and a wait at once, with the CancelledError', async () => {
    expect(isCancelled()).toBe(true)
    expect(cancelledAfterMs).toBeLessThan(1_000)
    for (const ended of [await pendingRequest, await pendingSleep]) {
      expect(ended).toBeInstanceOf(CancelledError)
      expect((ended as Error).message).toBe('cancelled (SIGINT)')
    }
  })

  it('keeps the first reason', () => {
    cancel('SIGTERM')
    expect(() => {
      throw orCancelled(new AbortController().signal).reason
    }).toThrow('cancelled (SIGINT)')
  })

  it('starts no program, whatever allowFailure says', async () => {
    await expect(exec('true', [], {allowFailure: true})).rejects.toThrow('cancelled (SIGINT)')
  })

  it('sends no new registry request', async () => {
    const deps = {transport: fetchTransport(), limit: createLimiter(2), timeoutMs: 60_000}
    await expect(exchange(deps, {method: 'GET', url: `${base}/v2/`, headers: {}})).rejects.toBeInstanceOf(
      CancelledError
    )
  })

  it('retries nothing: a registry retry loop rethrows at once', async () => {
    let attempts = 0
    const attempt = () => {
      attempts++
      return Promise.reject(new CancelledError('SIGINT'))
    }
    await expect(withRetry(attempt, () => ({retry: true, delayMs: 10}))).rejects.toBeInstanceOf(
      CancelledError
    )
    expect(attempts).toBe(1)
  })

  it('ends an engine push with a failure that names the cancellation, so the tags report stays', async () => {
    let attempts = 0
    const outcome = await retryPush(
      async () => {
        attempts++
        if (attempts === 1) return {exitCode: 1, stdout: '', stderr: 'toomanyrequests'}
        return {exitCode: 0, stdout: '', stderr: ''}
      },
      () => ({transient: true, cause: 'toomanyrequests'}),
      {what: 'push of r.io/app:1', clock: systemClock}
    )
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 1,
      verdict: {transient: false, cause: 'cancelled (SIGINT)'}
    })
    expect(attempts).toBe(1)
    const thrown = await retryPush(
      () => exec('true', []),
      () => ({transient: true, cause: 'x'}),
      {
        what: 'push of r.io/app:1'
      }
    )
    expect(thrown).toMatchObject({ok: false, attempts: 1, verdict: {cause: 'cancelled (SIGINT)'}})
  })

  it('deletes nothing more in a prune: every step left is skipped, naming the cancellation', async () => {
    const removed: string[] = []
    const plan = {
      repository: 'r.io/app',
      steps: [
        {op: 'delete', digest: 'sha256:aa', tags: ['pr-1'], after: []},
        {op: 'delete', digest: 'sha256:bb', tags: ['pr-2'], after: []}
      ]
    } as unknown as RepoPlan
    const backend = {
      prepare: () => Promise.resolve(undefined),
      untag: () => Promise.reject(new Error('no untag here')),
      remove: (step: {digest: string}) => {
        removed.push(step.digest)
        return Promise.resolve({status: 'done' as const, detail: ''})
      }
    }
    const results = await runSteps(plan, backend, {log: () => undefined})
    expect(removed).toEqual([])
    expect(results.map(r => [r.status, r.detail])).toEqual([
      ['skipped', 'stopped: cancelled (SIGINT)'],
      ['skipped', 'stopped: cancelled (SIGINT)']
    ])
  })
})
