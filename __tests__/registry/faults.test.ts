import {afterEach, describe, expect, it} from 'vitest'
import {RegistryClient} from '../../src/registry/client.js'
import {
  RegistryError,
  RegistryNetworkError,
  RegistryNotFoundError,
  RegistryRateLimitError
} from '../../src/registry/errors.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {fetchTransport, type Transport} from '../../src/registry/transport.js'
import {startFake, type Fault, type FakeRegistry} from './fake-registry.js'
import {clientFor, fakeClock, imageManifest} from './support.js'

const CONFIG = `sha256:${'c'.repeat(64)}`
/** What team/app:v1 is: the manifest the fake registry was given. */
const v1 = {mediaType: MediaType.ociManifest, parsed: {config: {digest: CONFIG}}}

let fake: FakeRegistry | undefined
afterEach(async () => {
  await fake?.stop()
  fake = undefined
})

async function registry(...faults: Fault[]): Promise<FakeRegistry> {
  fake = await startFake()
  fake.putManifest('team/app', 'v1', Buffer.from(imageManifest(CONFIG)), MediaType.ociManifest)
  fake.faults.push(...faults)
  return fake
}

const manifestGets = (times: number, action: Fault['action']): Fault => ({
  when: req => req.method === 'GET' && (req.url ?? '').includes('/manifests/'),
  times,
  action
})

describe('retries against a fault-injecting registry', () => {
  it('honours Retry-After seconds on 429', async () => {
    const f = await registry(manifestGets(1, {status: 429, headers: {'retry-after': '3'}}))
    const clock = fakeClock()
    await clientFor(f, {clock}).getManifest('team/app', 'v1')
    expect(clock.sleeps).toEqual([3000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const clock = fakeClock(Date.parse('2024-05-01T10:00:00Z'))
    const f = await registry(
      manifestGets(1, {status: 429, headers: {'retry-after': 'Wed, 01 May 2024 10:00:07 GMT'}})
    )
    await clientFor(f, {clock}).getManifest('team/app', 'v1')
    expect(clock.sleeps).toEqual([7000])
  })

  it('gives up at once when Retry-After exceeds the time budget, saying how long it asked for', async () => {
    const f = await registry(manifestGets(99, {status: 429, headers: {'retry-after': '3600'}}))
    const clock = fakeClock()
    const get = clientFor(f, {clock}).getManifest('team/app', 'v1')
    await expect(get).rejects.toThrow(RegistryRateLimitError)
    await expect(get).rejects.toThrow('asks to wait 3600 s')
    expect(clock.sleeps).toEqual([])
  })

  it('retries 5xx with jittered backoff and succeeds', async () => {
    const f = await registry(manifestGets(2, {status: 503}))
    const clock = fakeClock()
    await clientFor(f, {clock}).getManifest('team/app', 'v1')
    expect(clock.sleeps).toEqual([250, 500]) // random() = 0.5 of 500, 1000
  })

  it('stops after maxAttempts of 500 and says so', async () => {
    const f = await registry(manifestGets(99, {status: 500, body: 'oops'}))
    const get = clientFor(f).getManifest('team/app', 'v1')
    await expect(get).rejects.toThrow(RegistryError)
    await expect(get).rejects.toThrow(
      `${f.host} failed to get manifest v1 in ${f.host}/team/app (500 oops) after 5 attempts`
    )
    expect(f.log.filter(l => l.method === 'GET')).toHaveLength(5)
  })

  it('retries dropped connections', async () => {
    const f = await registry(manifestGets(2, 'drop'))
    await expect(clientFor(f).getManifest('team/app', 'v1')).resolves.toMatchObject(v1)
    expect(f.log.filter(l => l.method === 'GET')).toHaveLength(3)
  })

  it('times out a hung request and retries it', async () => {
    const f = await registry(manifestGets(1, 'hang'))
    await expect(clientFor(f, {timeoutMs: 200}).getManifest('team/app', 'v1')).resolves.toMatchObject(v1)
    expect(f.log.filter(l => l.method === 'GET')).toHaveLength(2)
  })

  it('names the timeout when every attempt hangs', async () => {
    const f = await registry(manifestGets(9, 'hang'))
    const get = clientFor(f, {timeoutMs: 100, retry: {maxAttempts: 2}}).getManifest('team/app', 'v1')
    await expect(get).rejects.toThrow(RegistryNetworkError)
    await expect(get).rejects.toThrow(
      `could not reach ${f.host} to get manifest v1: REQUEST_TIMEOUT (2 attempts)`
    )
  })

  it('never retries other 4xx', async () => {
    const f = await registry(
      manifestGets(9, {status: 400, body: '{"errors":[{"code":"NAME_INVALID","message":"bad"}]}'})
    )
    await expect(clientFor(f).getManifest('team/app', 'v1')).rejects.toThrow('(400 NAME_INVALID: bad)')
    expect(f.log).toHaveLength(1)
  })

  it('never retries a 404', async () => {
    const f = await registry()
    await expect(clientFor(f).getManifest('team/app', 'gone')).rejects.toThrow(RegistryNotFoundError)
    expect(f.log).toHaveLength(1)
  })
})

describe('connection refused', () => {
  it('fails fast on first contact with a hint', async () => {
    const f = await registry()
    const host = f.host
    await f.stop()
    fake = undefined
    const clock = fakeClock()
    const get = new RegistryClient({registry: host, scheme: 'http', clock}).getManifest('team/app', 'v1')
    await expect(get).rejects.toThrow(RegistryNetworkError)
    await expect(get).rejects.toThrow(
      `could not reach ${host} to get manifest v1: ECONNREFUSED: is the registry running`
    )
    expect(clock.sleeps).toEqual([])
  })

  it('is retried once the registry has answered before (a restart mid-run)', async () => {
    const f = await registry()
    const real = fetchTransport()
    let calls = 0
    const flaky: Transport = async (url, request) => {
      calls++
      if (calls === 2)
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'})
        })
      return real(url, request)
    }
    const client = clientFor(f, {transport: flaky})
    await client.getManifest('team/app', 'v1')
    await expect(client.getManifest('team/app', 'v1')).resolves.toMatchObject(v1)
    expect(calls).toBe(3)
  })
})

describe('scheme', () => {
  it('tries https first on a loopback registry, then settles on plain http', async () => {
    const f = await registry()
    const client = new RegistryClient({registry: f.host, clock: fakeClock()})
    await client.getManifest('team/app', 'v1')
    await client.listTags('team/app')
    expect(f.log.map(l => l.method)).toEqual(['GET', 'GET'])
  })

  it('never uses plain http for other registries', async () => {
    const urls: string[] = []
    const tlsFails: Transport = async url => {
      urls.push(url)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('wrong version number'), {code: 'ERR_SSL_WRONG_VERSION_NUMBER'})
      })
    }
    const get = new RegistryClient({
      registry: 'registry.example:5000',
      transport: tlsFails,
      clock: fakeClock()
    }).getManifest('x', 'v1')
    await expect(get).rejects.toThrow(
      'does not speak TLS on that port; only loopback registries are contacted over plain http'
    )
    expect(urls.every(u => u.startsWith('https://registry.example:5000/v2/x/manifests/v1'))).toBe(true)
  })
})

describe('bounded concurrency', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const f = await registry()
    const real = fetchTransport()
    let inFlight = 0
    let peak = 0
    const counting: Transport = async (url, request) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      try {
        await new Promise(resolve => setTimeout(resolve, 5))
        return await real(url, request)
      } finally {
        inFlight--
      }
    }
    const client = clientFor(f, {transport: counting, concurrency: 2})
    await Promise.all(Array.from({length: 10}, async () => client.headManifest('team/app', 'v1')))
    expect(peak).toBe(2)
  })
})
