import {describe, expect, test} from 'vitest'
import {authSecrets, normalizeRegistry, parseRegistryAuth, resolveAuths} from '../../src/login/auths.js'
import type {LoginInputs} from '../../src/login/auths.js'

const none: LoginInputs = {registry: '', username: '', password: '', 'registry-auth': '', 'github-token': ''}
const ctx = {actor: 'octocat', images: ['127.0.0.1:5000/app']}

describe('normalizeRegistry', () => {
  test.each([
    ['', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['GHCR.io', 'ghcr.io'],
    ['https://ghcr.io/', 'ghcr.io'],
    ['https://r.example.com:8443/v2/', 'r.example.com:8443'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('%j → %s', (input, expected) => expect(normalizeRegistry(input)).toBe(expected))
})

describe('resolveAuths', () => {
  test('nothing given, no GHCR image: no login', async () => {
    expect(await resolveAuths(none, ctx)).toEqual([])
  })

  test('username/password default to Docker Hub', async () => {
    expect(await resolveAuths({...none, username: 'u', password: 'p'}, ctx)).toEqual([
      {registry: 'docker.io', username: 'u', password: 'p', source: 'username/password'}
    ])
  })

  test('registry-auth adds several registries', async () => {
    const yaml = `- registry: ghcr.io\n  username: a\n  password: pa\n- registry: 127.0.0.1:5000\n  username: b\n  password: "p: b"\n`
    expect(
      (
        await resolveAuths(
          {...none, registry: 'quay.io', username: 'u', password: 'p', 'registry-auth': yaml},
          ctx
        )
      ).map(a => `${a.registry} ${a.username} ${a.password}`)
    ).toEqual(['quay.io u p', 'ghcr.io a pa', '127.0.0.1:5000 b p: b'])
  })

  test('an image on ghcr.io logs in with github-token and the actor when nothing else does', async () => {
    const auths = await resolveAuths(
      {...none, 'github-token': 'ghs_x'},
      {actor: 'octocat', images: ['ghcr.io/o/app']}
    )
    expect(auths).toEqual([
      {registry: 'ghcr.io', username: 'octocat', password: 'ghs_x', source: 'github-token'}
    ])
  })

  test('explicit ghcr.io credentials win over github-token', async () => {
    const auths = await resolveAuths(
      {...none, registry: 'ghcr.io', username: 'bot', password: 'pat', 'github-token': 'ghs_x'},
      {actor: 'octocat', images: ['ghcr.io/o/app']}
    )
    expect(auths.map(a => a.source)).toEqual(['username/password'])
  })

  test.each([
    [
      {username: 'u'},
      "input 'password': username is set but password is empty (a fork pull request has no secrets)"
    ],
    [{password: 'p'}, "input 'username': password is set but username is empty"],
    [{registry: 'ghcr.io'}, "input 'registry': is set but username and password are empty"],
    [
      {username: 'u', password: 'p', 'registry-auth': '- registry: docker.io\n  username: x\n  password: y'},
      "input 'registry-auth': docker.io is given twice (username/password and registry-auth entry 1)"
    ]
  ])('%j is refused', async (partial, message) => {
    await expect(resolveAuths({...none, ...partial}, ctx)).rejects.toThrow(message)
  })
})

describe('parseRegistryAuth', () => {
  test.each([
    [
      'registry: ghcr.io',
      "input 'registry-auth': must be a YAML list of entries with registry, username and password"
    ],
    ['- just-a-string', "input 'registry-auth': entry 1 is not a mapping"],
    [
      '- registry: ghcr.io\n  username: a',
      "input 'registry-auth': entry 1 (ghcr.io) needs both username and password"
    ],
    [
      '- registry: ghcr.io\n  user: a\n  password: b',
      "input 'registry-auth': entry 1 has unknown key user; use registry, username, password"
    ]
  ])('%j is refused', async (yaml, message) => {
    await expect(parseRegistryAuth(yaml)).rejects.toThrow(message)
  })

  test('invalid YAML is reported by position, never by the offending text', async () => {
    const secret = 's3cr3t-"unbalanced'
    let message = ''
    try {
      await parseRegistryAuth(`- registry: ghcr.io\n  username: a\n  password: ${secret}\n  - [`)
    } catch (error: unknown) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^input 'registry-auth': is not valid YAML/)
    expect(message).not.toContain('s3cr3t')
  })
})

test('authSecrets covers the password and the encoded pair stored in config.json', () => {
  expect(authSecrets([{registry: 'r', username: 'u', password: 'p', source: ''}])).toEqual(['p', 'dTpw'])
})
