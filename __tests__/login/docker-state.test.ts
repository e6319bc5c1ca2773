import {lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest'
import {
  createLinks,
  presentEntries,
  sharedDockerState,
  userDockerConfigDir
} from '../../src/login/docker-state.js'
import {login} from '../../src/login/login.js'
import {runPost} from '../../src/run/post.js'
import {StateKey} from '../../src/shared/state.js'
import {dirTree} from './dir-tree.js'

const base = {home: '/home/u', cwd: '/work', privateDir: '/tmp/step/docker-config'}

describe('userDockerConfigDir', () => {
  test.each([
    [{}, '/home/u/.docker'],
    [{DOCKER_CONFIG: ''}, '/home/u/.docker'],
    [{DOCKER_CONFIG: '/etc/dc'}, '/etc/dc'],
    [{DOCKER_CONFIG: 'rel/dc'}, '/work/rel/dc']
  ])('%j → %s', (env, expected) => expect(userDockerConfigDir(env, base.home, base.cwd)).toBe(expected))
})

describe('sharedDockerState', () => {
  const link = (name: string, userDir: string) => ({
    path: `/tmp/step/docker-config/${name}`,
    target: `${userDir}/${name}`
  })

  test.each([
    {
      why: 'nothing there: no links, buildx state where buildx would look without the private dir',
      env: {},
      present: [],
      links: [],
      buildx: '/home/u/.docker/buildx'
    },
    {
      why: 'plugins and contexts of ~/.docker are linked',
      env: {},
      present: ['cli-plugins', 'contexts'],
      links: [link('cli-plugins', '/home/u/.docker'), link('contexts', '/home/u/.docker')],
      buildx: '/home/u/.docker/buildx'
    },
    {
      why: 'a DOCKER_CONFIG dir replaces ~/.docker for links and buildx state',
      env: {DOCKER_CONFIG: '/etc/dc'},
      present: ['contexts', 'cli-plugins'],
      links: [link('cli-plugins', '/etc/dc'), link('contexts', '/etc/dc')],
      buildx: '/etc/dc/buildx'
    },
    {
      why: 'BUILDX_CONFIG wins for the buildx state, made absolute',
      env: {DOCKER_CONFIG: '/etc/dc', BUILDX_CONFIG: 'bx'},
      present: [],
      links: [],
      buildx: '/work/bx'
    },
    {
      why: 'an empty BUILDX_CONFIG is unset, as for buildx',
      env: {BUILDX_CONFIG: ''},
      present: [],
      links: [],
      buildx: '/home/u/.docker/buildx'
    },
    {
      why: 'client TLS files are linked; buildx, config.json and anything unknown are not',
      env: {},
      present: ['ca.pem', 'cert.pem', 'key.pem', 'buildx', 'config.json', 'scan'],
      links: [
        link('ca.pem', '/home/u/.docker'),
        link('cert.pem', '/home/u/.docker'),
        link('key.pem', '/home/u/.docker')
      ],
      buildx: '/home/u/.docker/buildx'
    },
    {
      why: 'the private dir as DOCKER_CONFIG: no link to itself',
      env: {DOCKER_CONFIG: '/tmp/step/docker-config'},
      present: ['cli-plugins', 'contexts'],
      links: [],
      buildx: '/tmp/step/docker-config/buildx'
    }
  ])('$why', ({env, present, links, buildx}) => {
    const userDir = userDockerConfigDir(env, base.home, base.cwd)
    expect(sharedDockerState({...base, env, present: new Set(present)})).toEqual({
      userDir,
      links,
      env: {BUILDX_CONFIG: buildx}
    })
  })
})

describe('linking into a private dir, and removing it', () => {
  let root: string
  let user: string
  let step: string
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'docker-state-'))
    user = path.join(root, 'user-docker')
    step = path.join(root, 'step')
    await mkdir(path.join(user, 'cli-plugins'), {recursive: true})
    await mkdir(path.join(user, 'contexts', 'meta'), {recursive: true})
    await mkdir(path.join(user, 'buildx', 'instances'), {recursive: true})
    await mkdir(step)
    await writeFile(path.join(user, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n', {mode: 0o755})
    await writeFile(path.join(user, 'contexts', 'meta', 'meta.json'), '{}')
    await writeFile(path.join(user, 'buildx', 'instances', 'bx'), '{"Name":"bx"}')
    await writeFile(path.join(user, 'buildx', 'current'), '{"Name":"bx"}')
    await writeFile(
      path.join(user, 'config.json'),
      JSON.stringify({currentContext: 'ctx-x', aliases: {builder: 'buildx'}, auths: {'q.io': {auth: 'eDp5'}}})
    )
    await symlink(path.join(root, 'nowhere'), path.join(user, 'ca.pem'))
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await rm(root, {recursive: true, force: true})
  })

  test('presentEntries: existing plugin and context dirs, not a dangling link or unshared names', async () => {
    expect([...(await presentEntries(user))].sort()).toEqual(['cli-plugins', 'contexts'])
    expect([...(await presentEntries(path.join(root, 'missing')))]).toEqual([])
  })

  test('createLinks is repeatable, replaces a stale link of its own, refuses to replace anything else', async () => {
    const links = [{path: path.join(step, 'contexts'), target: path.join(user, 'contexts')}]
    await createLinks(links)
    await createLinks(links)
    expect(await readlink(path.join(step, 'contexts'))).toBe(path.join(user, 'contexts'))
    await createLinks([{path: path.join(step, 'contexts'), target: path.join(user, 'cli-plugins')}])
    expect(await readlink(path.join(step, 'contexts'))).toBe(path.join(user, 'cli-plugins'))
    await mkdir(path.join(step, 'cli-plugins'))
    await expect(
      createLinks([{path: path.join(step, 'cli-plugins'), target: path.join(user, 'cli-plugins')}])
    ).rejects.toThrow(`${path.join(step, 'cli-plugins')} exists and is not a symlink`)
  })

  test('login links plugins and contexts, keeps settings, and post removes only the private dir', async () => {
    const before = await dirTree(user)
    const env = {HOME: root, DOCKER_CONFIG: user}
    const result = await login([], step, env)
    const privateDir = path.join(step, 'docker-config')
    expect(result.env).toEqual({
      DOCKER_CONFIG: privateDir,
      REGISTRY_AUTH_FILE: path.join(privateDir, 'config.json'),
      BUILDX_CONFIG: path.join(user, 'buildx')
    })
    expect(await readlink(path.join(privateDir, 'cli-plugins'))).toBe(path.join(user, 'cli-plugins'))
    expect(await readlink(path.join(privateDir, 'contexts'))).toBe(path.join(user, 'contexts'))
    // The user's ca.pem is a dangling link: nothing to show.
    await expect(lstat(path.join(privateDir, 'ca.pem'))).rejects.toThrow(/ENOENT/)
    expect(JSON.parse(await readFile(path.join(privateDir, 'config.json'), 'utf8'))).toEqual({
      currentContext: 'ctx-x',
      aliases: {builder: 'buildx'},
      auths: {'q.io': {auth: 'eDp5'}}
    })
    vi.stubEnv(`STATE_${StateKey.tempDir}`, step)
    await runPost()
    await expect(lstat(step)).rejects.toThrow(/ENOENT/)
    expect(await dirTree(user)).toEqual(before)
  })
})
