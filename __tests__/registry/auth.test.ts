import {afterEach, describe, expect, it} from 'vitest'
import {staticCredentials} from '../../src/registry/auth.js'
import {RegistryAuthError} from '../../src/registry/errors.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {startFake, type FakeOptions, type FakeRegistry} from './fake-registry.js'
import {clientFor, fakeClock, imageManifest} from './support.js'

const CONFIG = `sha256:${'c'.repeat(64)}`
let fake: FakeRegistry | undefined

afterEach(async () => {
  await fake?.stop()
  fake = undefined
})

async function registry(options: FakeOptions): Promise<FakeRegistry> {
  fake = await startFake({username: 'ci', password: 'hunter2-secret', ...options})
  fake.putManifest('team/app', 'v1', Buffer.from(imageManifest(CONFIG)), MediaType.ociManifest)
  return fake
}

const goodCredentials = (f: FakeRegistry) =>
  staticCredentials({[f.host]: {username: 'ci', password: 'hunter2-secret'}})

describe('Bearer token flow', () => {
  it('answers the challenge with a token fetched with Basic credentials, then reuses it', async () => {
    const f = await registry({auth: 'bearer'})
    const client = clientFor(f, {credentials: goodCredentials(f)})
    expect(await client.headManifest('team/app', 'v1')).toMatchObject({mediaType: MediaType.ociManifest})
    await client.getManifest('team/app', 'v1')
    await client.listTags('team/app')
    expect(f.tokensIssued).toBe(1)
    const tokenCall = f.log.find(l => l.url.startsWith('/token'))
    expect(tokenCall?.url).toContain('service=fake')
    expect(tokenCall?.url).toContain(`scope=${encodeURIComponent('repository:team/app:pull')}`)
    expect(tokenCall?.authorization).toMatch(/^Basic /)
    // Only the very first request went out without a token.
    expect(f.log.filter(l => l.url.startsWith('/v2/') && l.authorization === undefined)).toHaveLength(1)
  })

  it('asks for a new token when the scope grows (pull → push) and sends it up front', async () => {
    const f = await registry({auth: 'bearer'})
    const client = clientFor(f, {credentials: goodCredentials(f)})
    await client.getManifest('team/app', 'v1')
    await client.putManifest('team/app', 'v2', imageManifest(CONFIG), MediaType.ociManifest)
    expect(f.tokensIssued).toBe(2)
    const put = f.log.filter(l => l.method === 'PUT')
    expect(put).toHaveLength(1)
    expect(put[0]?.authorization).toMatch(/^Bearer tok-2/)
  })

  it('reads access_token when token is absent', async () => {
    const f = await registry({auth: 'bearer', tokenField: 'access_token'})
    const manifest = await clientFor(f, {credentials: goodCredentials(f)}).getManifest('team/app', 'v1')
    expect(Buffer.from(manifest.bytes).toString()).toBe(Buffer.from(imageManifest(CONFIG)).toString())
    expect(manifest).toMatchObject({mediaType: MediaType.ociManifest, parsed: {config: {digest: CONFIG}}})
    expect(f.tokensIssued).toBe(1)
    // The token read from access_token is the one sent with the retried request.
    const gets = f.log.filter(l => l.url.startsWith('/v2/team/app/manifests/'))
    expect(gets.map(l => l.authorization?.replace(/^(Bearer tok-\d+)-.*$/, '$1'))).toEqual([
      undefined,
      'Bearer tok-1'
    ])
  })

  it('refreshes a token once it has expired', async () => {
    const f = await registry({auth: 'bearer', expiresIn: 60})
    const clock = fakeClock()
    const client = clientFor(f, {credentials: goodCredentials(f), clock})
    await client.getManifest('team/app', 'v1')
    clock.time += 30_000
    await client.getManifest('team/app', 'v1')
    expect(f.tokensIssued).toBe(1)
    clock.time += 30_000
    await client.getManifest('team/app', 'v1')
    expect(f.tokensIssued).toBe(2)
  })

  it('replaces a token the registry stops accepting, then uses the new one up front', async () => {
    const f = await registry({auth: 'bearer'})
    const client = clientFor(f, {credentials: goodCredentials(f)})
    await client.getManifest('team/app', 'v1')
    f.revokeTokens()
    await client.getManifest('team/app', 'v1')
    await client.getManifest('team/app', 'v1')
    expect(f.tokensIssued).toBe(2)
    const gets = f.log
      .filter(l => l.url.includes('/manifests/'))
      .map(l => l.authorization?.split('-')[1] ?? 'none')
    expect(gets).toEqual(['none', '1', '1', '2', '2'])
  })

  it('pulls anonymously when the token service allows it', async () => {
    const f = await registry({auth: 'bearer', anonymousPull: true})
    const client = clientFor(f)
    await expect(client.getManifest('team/app', 'v1')).resolves.toMatchObject({size: expect.any(Number)})
    expect(f.log.find(l => l.url.startsWith('/token'))?.authorization).toBeUndefined()
  })

  it('fails a push without credentials with a login hint', async () => {
    const f = await registry({auth: 'bearer', anonymousPull: true})
    const push = clientFor(f).putManifest('team/app', 'v2', imageManifest(CONFIG), MediaType.ociManifest)
    await expect(push).rejects.toThrow(RegistryAuthError)
    await expect(push).rejects.toThrow(`log in to ${f.host}`)
  })

  it('reports rejected credentials naming the host', async () => {
    const f = await registry({auth: 'bearer'})
    const client = clientFor(f, {
      credentials: staticCredentials({[f.host]: {username: 'ci', password: 'wrong-password'}})
    })
    const get = client.getManifest('team/app', 'v1')
    await expect(get).rejects.toThrow(RegistryAuthError)
    await expect(get).rejects.toThrow(`check username/password for ${f.host}`)
  })

  it('ping validates credentials against the token service', async () => {
    const f = await registry({auth: 'bearer'})
    await expect(clientFor(f, {credentials: goodCredentials(f)}).ping()).resolves.toBeUndefined()
    const bad = clientFor(f, {
      credentials: staticCredentials({[f.host]: {username: 'ci', password: 'nope-nope'}})
    })
    await expect(bad.ping()).rejects.toThrow(`check username/password for ${f.host}`)
  })
})

describe('Basic auth', () => {
  it('sends Basic credentials after the challenge, and up front afterwards', async () => {
    const f = await registry({auth: 'basic'})
    const client = clientFor(f, {credentials: goodCredentials(f)})
    await client.getManifest('team/app', 'v1')
    await client.getManifest('team/app', 'v1')
    expect(f.log.map(l => l.authorization?.split(' ')[0] ?? 'none')).toEqual(['none', 'Basic', 'Basic'])
  })

  it('says credentials are missing', async () => {
    const f = await registry({auth: 'basic'})
    await expect(clientFor(f).getManifest('team/app', 'v1')).rejects.toThrow(
      `${f.host} requires credentials and none were given: log in to ${f.host}`
    )
  })

  it('says credentials are wrong, once, without retrying them in a loop', async () => {
    const f = await registry({auth: 'basic'})
    const client = clientFor(f, {
      credentials: staticCredentials({[f.host]: {username: 'ci', password: 'wrong-one'}})
    })
    await expect(client.getManifest('team/app', 'v1')).rejects.toThrow(
      `check username/password for ${f.host}`
    )
    expect(f.log).toHaveLength(2)
  })
})

describe('credential store', () => {
  it('is asked by registry name, once, and may be async', async () => {
    const f = await registry({auth: 'basic'})
    const asked: string[] = []
    const client = clientFor(f, {
      credentials: {
        get: async host => {
          asked.push(host)
          return {username: 'ci', password: 'hunter2-secret'}
        }
      }
    })
    await client.getManifest('team/app', 'v1')
    await client.listTags('team/app')
    expect(asked).toEqual([f.host])
  })
})
