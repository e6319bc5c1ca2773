import {inspect} from 'node:util'
import {afterEach, describe, expect, it} from 'vitest'
import {staticCredentials} from '../../src/registry/auth.js'
import {MediaType} from '../../src/registry/manifest-format.js'
import {startFake, type FakeOptions, type FakeRegistry} from './fake-registry.js'
import {clientFor, imageManifest} from './support.js'

const PASSWORD = 'pa55-W0rd/with+chars='
let fake: FakeRegistry | undefined
afterEach(async () => {
  await fake?.stop()
  fake = undefined
})

async function registry(options: FakeOptions): Promise<FakeRegistry> {
  fake = await startFake({username: 'robo', password: PASSWORD, ...options})
  fake.putManifest(
    'team/app',
    'v1',
    Buffer.from(imageManifest(`sha256:${'c'.repeat(64)}`)),
    MediaType.ociManifest
  )
  return fake
}

/** Every token the fake handed out, read back from the Authorization headers it received. */
function tokensSeen(f: FakeRegistry): string[] {
  return f.log.flatMap(l => (l.authorization?.startsWith('Bearer ') ? [l.authorization.slice(7)] : []))
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error: unknown) {
    return error
  }
  throw new Error('expected a failure')
}

function expectNoSecrets(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(Error)
  const err = error as Error
  const texts = [err.message, String(err.stack), inspect(err, {depth: 10}), JSON.stringify(err), String(err)]
  for (const secret of secrets) {
    for (const form of [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(`robo:${secret}`).toString('base64')
    ]) {
      for (const text of texts) expect(text).not.toContain(form)
    }
  }
}

const creds = (f: FakeRegistry, password = PASSWORD) =>
  staticCredentials({[f.host]: {username: 'robo', password}})

describe('no secret in any error', () => {
  it('wrong password at the token service, even when it echoes the credentials back', async () => {
    const f = await registry({auth: 'bearer'})
    f.faults.push({
      when: req => (req.url ?? '').startsWith('/token'),
      times: 1,
      action: req => ({
        status: 401,
        body: `{"details":"bad ${req.headers.authorization ?? ''} for wrong-${PASSWORD}"}`
      })
    })
    const error = await failure(() =>
      clientFor(f, {credentials: creds(f, `wrong-${PASSWORD}`)}).getManifest('team/app', 'v1')
    )
    expect((error as Error).message).toContain(`check username/password for ${f.host}`)
    expectNoSecrets(error, [`wrong-${PASSWORD}`])
  })

  it('a registry error body that quotes the token', async () => {
    const f = await registry({auth: 'bearer'})
    f.faults.push({
      when: req => req.method === 'GET' && (req.headers.authorization ?? '').startsWith('Bearer '),
      times: 1,
      action: req => ({
        status: 403,
        body: JSON.stringify({
          errors: [
            {code: 'DENIED', message: `token ${(req.headers.authorization ?? '').slice(7)} lacks access`}
          ]
        })
      })
    })
    const error = await failure(() => clientFor(f, {credentials: creds(f)}).getManifest('team/app', 'v1'))
    expect((error as Error).message).toContain('DENIED: token *** lacks access')
    expectNoSecrets(error, [PASSWORD, ...tokensSeen(f)])
  })

  it('a 500 body quoting the Authorization header, after retries', async () => {
    const f = await registry({auth: 'basic'})
    f.faults.push({
      when: req => req.headers.authorization !== undefined,
      times: 99,
      action: req => ({status: 500, body: `internal error handling ${req.headers.authorization ?? ''}`})
    })
    const error = await failure(() =>
      clientFor(f, {credentials: creds(f), retry: {maxAttempts: 2}}).getManifest('team/app', 'v1')
    )
    expectNoSecrets(error, [PASSWORD])
  })

  it('rejected Basic credentials', async () => {
    const f = await registry({auth: 'basic'})
    const error = await failure(() =>
      clientFor(f, {credentials: creds(f, `bad-${PASSWORD}`)}).listTags('team/app')
    )
    expectNoSecrets(error, [`bad-${PASSWORD}`])
  })

  it('a token rejected by the registry (insufficient scope)', async () => {
    const f = await registry({auth: 'bearer', anonymousPull: true})
    const error = await failure(() =>
      clientFor(f).putManifest(
        'team/app',
        'v2',
        imageManifest(`sha256:${'c'.repeat(64)}`),
        MediaType.ociManifest
      )
    )
    expectNoSecrets(error, tokensSeen(f))
  })

  it('a network failure after authenticating', async () => {
    const f = await registry({auth: 'bearer'})
    const client = clientFor(f, {credentials: creds(f), retry: {maxAttempts: 2}})
    await client.getManifest('team/app', 'v1')
    f.faults.push({when: () => true, times: 99, action: 'drop'})
    const error = await failure(() => client.getManifest('team/app', 'v1'))
    expect((error as Error).message).toContain(`could not reach ${f.host}`)
    expectNoSecrets(error, [PASSWORD, ...tokensSeen(f)])
  })
})
