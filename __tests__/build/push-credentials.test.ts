import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {
  authFiles,
  authKeyRegistry,
  engineCredentials,
  helperServerUrl,
  lookupAuth
} from '../../src/build/push-credentials.js'
import type {Exec} from '../../src/shell/exec.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')

describe('auth file keys', () => {
  test.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['https://GHCR.io', 'ghcr.io'],
    ['http://127.0.0.1:5000/v2/', '127.0.0.1:5000']
  ])('%s is %s', (key, registry) => {
    expect(authKeyRegistry(key)).toBe(registry)
  })

  test("credential helpers are asked with Docker Hub's historical URL", () => {
    expect(helperServerUrl('docker.io')).toBe('https://index.docker.io/v1/')
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io')
  })
})

describe('lookupAuth: docker order', () => {
  const config = {
    auths: {
      'https://index.docker.io/v1/': {auth: b64('hub-user:hub:pass')},
      'ghcr.io': {username: 'gh', password: 'token'},
      'r.io': {identitytoken: 'refresh'},
      'q.io': {auth: b64('no-colon')}
    },
    credHelpers: {'ecr.example': 'ecr-login'}
  }

  test('auths: base64 user:password (the password may hold colons), or username and password', () => {
    expect(lookupAuth(config, 'docker.io')).toEqual({
      kind: 'basic',
      credentials: {username: 'hub-user', password: 'hub:pass'}
    })
    expect(lookupAuth(config, 'ghcr.io')).toEqual({
      kind: 'basic',
      credentials: {username: 'gh', password: 'token'}
    })
  })

  test('a registry helper first, then the global store', () => {
    expect(lookupAuth(config, 'ecr.example')).toEqual({kind: 'helper', helper: 'ecr-login'})
    expect(lookupAuth({...config, credsStore: 'desktop'}, 'ghcr.io')).toEqual({
      kind: 'helper',
      helper: 'desktop'
    })
  })

  test('identity tokens, malformed entries and unknown registries give nothing', () => {
    expect(lookupAuth(config, 'r.io')).toBeUndefined()
    expect(lookupAuth(config, 'q.io')).toBeUndefined()
    expect(lookupAuth(config, 'other.io')).toBeUndefined()
  })
})

describe('authFiles', () => {
  test('docker reads DOCKER_CONFIG, else ~/.docker', () => {
    expect(authFiles('docker', {DOCKER_CONFIG: '/t/cfg', HOME: '/h'})).toEqual(['/t/cfg/config.json'])
    expect(authFiles('buildx', {HOME: '/h'})).toEqual(['/h/.docker/config.json'])
  })

  test("buildah: REGISTRY_AUTH_FILE, the runtime dir's, the config dir's, then docker's", () => {
    expect(
      authFiles('buildah', {
        REGISTRY_AUTH_FILE: '/t/cfg/config.json',
        XDG_RUNTIME_DIR: '/run/user/1000',
        DOCKER_CONFIG: '/t/cfg',
        HOME: '/h'
      })
    ).toEqual([
      '/t/cfg/config.json',
      '/run/user/1000/containers/auth.json',
      '/h/.config/containers/auth.json'
    ])
  })
})

describe('engineCredentials', () => {
  test("the engine's auth file, then a credential helper it names, each looked up once", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'push-creds-'))
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({
        auths: {'127.0.0.1:5000': {auth: b64('tester:secret')}},
        credHelpers: {'ghcr.io': 'gh'}
      })
    )
    const asked: string[] = []
    const exec: Exec = async (command, args, options) => {
      asked.push(`${command} ${args.join(' ')} <${options?.input ?? ''}`)
      return {
        exitCode: 0,
        stdout: JSON.stringify({ServerURL: 'ghcr.io', Username: 'octo', Secret: 'ghp_x'}),
        stderr: ''
      }
    }
    const store = engineCredentials('docker', {DOCKER_CONFIG: dir}, exec)
    expect(await store.get('127.0.0.1:5000')).toEqual({username: 'tester', password: 'secret'})
    expect(await store.get('ghcr.io')).toEqual({username: 'octo', password: 'ghp_x'})
    expect(await store.get('ghcr.io')).toEqual({username: 'octo', password: 'ghp_x'})
    expect(await store.get('other.io')).toBeUndefined()
    expect(asked).toEqual(['docker-credential-gh get <ghcr.io'])
  })

  test('a helper that fails or hands out an identity token gives nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'push-creds-'))
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({credsStore: 'desktop'}))
    const token: Exec = async () => ({
      exitCode: 0,
      stdout: JSON.stringify({Username: '<token>', Secret: 'r'}),
      stderr: ''
    })
    const missing: Exec = async () => ({exitCode: 127, stdout: '', stderr: 'not found'})
    expect(await engineCredentials('docker', {DOCKER_CONFIG: dir}, token).get('r.io')).toBeUndefined()
    expect(await engineCredentials('docker', {DOCKER_CONFIG: dir}, missing).get('r.io')).toBeUndefined()
  })
})
