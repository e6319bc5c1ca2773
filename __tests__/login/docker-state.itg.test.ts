/**
 * The private DOCKER_CONFIG that login() writes must not hide what docker keeps beside config.json: every
 * command here runs the real docker client and buildx under the env login() returns, with the user's docker
 * config in a throwaway HOME (the real ~/.docker is never touched).
 */
import {chmod, copyFile, mkdir, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, afterEach, beforeAll, expect, test, vi} from 'vitest'
import {login} from '../../src/login/login.js'
import type {Login} from '../../src/login/login.js'
import {runPost} from '../../src/run/post.js'
import {StateKey} from '../../src/shared/state.js'
import {startRegistry} from '../helpers/registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {CONTAINERD_STORE_HOST, DOCKER, requireTools, run, tempDir} from '../helpers/require-tool.js'
import type {RunOptions, RunResult} from '../helpers/require-tool.js'
import {skopeoInspect} from '../helpers/skopeo.js'
import {dirTree} from './dir-tree.js'

const describeState = await requireTools(
  'docker-daemon',
  'docker-buildx',
  'containerd-store-daemon',
  'docker-registry',
  'skopeo',
  'root'
)

/**
 * Answers the plugin metadata call as docker expects, and anything else with a line that names it, so the
 * test sees which docker-buildx docker ran.
 */
const fakePlugin = (name: string) =>
  `#!/bin/sh\nif [ "$1" = docker-cli-plugin-metadata ]; then\n` +
  `  echo '{"SchemaVersion":"0.1.0","Vendor":"test","Version":"v9.9.9"}'\n  exit 0\nfi\n` +
  `echo "${name} v9.9.9: $*"\n`

/** A user's machine: a HOME of its own, and the docker config dir docker would use in it. */
interface User {
  readonly root: string
  /** The docker config dir. */
  readonly dockerDir: string
  /** The environment of the user's own commands (DOCKER_CONFIG empty: ~/.docker, or a dir). */
  readonly env: Record<string, string>
}

describeState('login keeps buildx builders, CLI plugins and contexts visible', () => {
  let basic: TestRegistry
  let token: TestRegistry
  const cleanups: (() => Promise<unknown>)[] = []

  beforeAll(async () => {
    ;[basic, token] = await Promise.all([
      startRegistry({auth: 'basic', tls: true, username: 'alice', password: 'St4te-basic!pw'}),
      startRegistry({auth: 'token', username: 'bob', password: 'St4te-token!pw'})
    ])
  })
  afterAll(async () => Promise.all([basic?.stop(), token?.stop()]))
  afterEach(async () => {
    vi.unstubAllEnvs()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  })

  /**
   * A fresh user. `explicitDir`: DOCKER_CONFIG names a dir; otherwise it is empty and docker uses
   * `$HOME/.docker`. BUILDX_BUILDER, DOCKER_HOST and DOCKER_CONTEXT of this process are blanked out.
   */
  async function newUser(explicitDir: boolean): Promise<User> {
    const root = await tempDir('login-state')
    cleanups.push(() => rm(root, {recursive: true, force: true}))
    const home = path.join(root, 'home')
    const dockerDir = explicitDir ? path.join(root, 'docker-config') : path.join(home, '.docker')
    await mkdir(dockerDir, {recursive: true})
    const env = {
      HOME: home,
      DOCKER_CONFIG: explicitDir ? dockerDir : '',
      BUILDX_CONFIG: '',
      BUILDX_BUILDER: '',
      DOCKER_HOST: '',
      DOCKER_CONTEXT: ''
    }
    return {root, dockerDir, env}
  }

  const docker = (env: Record<string, string>, args: readonly string[], options: RunOptions = {}) =>
    run(DOCKER, args, {...options, env: {...env, ...options.env}})

  /** Logs in to both registries as the step would, in a step temp dir of its own. */
  async function loginAs(user: User): Promise<{step: string; result: Login; env: Record<string, string>}> {
    const step = path.join(user.root, 'step-temp')
    await mkdir(step)
    const auths = [basic, token].map(r => ({
      registry: r.host,
      username: r.username ?? '',
      password: r.password ?? '',
      source: 'test'
    }))
    const result = await login(auths, step, {...process.env, ...user.env})
    return {step, result, env: {...user.env, ...result.env}}
  }

  /** Removes the step temp dir exactly as the post step does. */
  async function post(step: string): Promise<void> {
    vi.stubEnv(`STATE_${StateKey.tempDir}`, step)
    await runPost()
    await expect(readdir(step)).rejects.toThrow(/ENOENT/)
  }

  /** Neither password, nor the `user:password` pair as config.json stores it, in any of `files`. */
  function expectNoSecret(files: Record<string, string>): void {
    const secrets = [basic, token].flatMap(r => [
      r.password ?? '',
      Buffer.from(`${r.username}:${r.password}`).toString('base64')
    ])
    for (const [file, text] of Object.entries(files)) {
      for (const secret of secrets) expect(text, file).not.toContain(secret)
    }
  }

  const field = (out: RunResult, name: string) => new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(out.stdout)?.[1]

  test(
    '(a) the builder chosen with `buildx use` and one named by BUILDX_BUILDER resolve; a build on the ' +
      "user's context pushes with the login's credentials; (d) the user's files stay",
    async () => {
      const user = await newUser(false)
      await docker(user.env, ['context', 'create', 'ctx-x', '--docker', `host=${CONTAINERD_STORE_HOST}`])
      // Never bootstrapped, so no BuildKit container is started: only buildx's record of it exists.
      await docker(user.env, ['buildx', 'create', '--name', 'bx', '--driver', 'docker-container'])
      await docker(user.env, ['buildx', 'use', 'bx'])
      const before = await dirTree(user.dockerDir)
      const {step, result, env} = await loginAs(user)
      expect(result.env.BUILDX_CONFIG).toBe(path.join(user.dockerDir, 'buildx'))

      // What issue 10 saw: a private dir holding only config.json hides both builders.
      const configOnly = path.join(user.root, 'config-only')
      await mkdir(configOnly)
      await copyFile(
        path.join(result.env.DOCKER_CONFIG ?? '', 'config.json'),
        path.join(configOnly, 'config.json')
      )
      const bare = {...user.env, DOCKER_CONFIG: configOnly}
      expect(field(await docker(bare, ['buildx', 'inspect']), 'Name')).toBe('default')
      const hidden = await docker({...bare, BUILDX_BUILDER: 'ctx-x'}, ['buildx', 'inspect'], {
        allowFailure: true
      })
      expect(hidden.stderr).toContain('no builder "ctx-x" found')

      const current = await docker(env, ['buildx', 'inspect'])
      expect(field(current, 'Name')).toBe('bx')
      expect(field(current, 'Driver')).toBe('docker-container')
      const named = await docker({...env, BUILDX_BUILDER: 'ctx-x'}, ['buildx', 'inspect'])
      expect(field(named, 'Name')).toBe('ctx-x')
      expect(field(named, 'Driver')).toBe('docker')

      // A real build on the context's daemon, pushed to the htpasswd+TLS and the token registry. buildx 0.13
      // builds on a context's builder only with that context selected, hence --context.
      const context = path.join(user.root, 'build')
      await mkdir(context)
      await writeFile(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n')
      await writeFile(path.join(context, 'hello.txt'), `built in ${user.root}\n`)
      const refs = [basic, token].map(r => `${r.host}/login/state:ctx`)
      cleanups.push(() =>
        docker(user.env, ['--host', CONTAINERD_STORE_HOST, 'rmi', ...refs], {allowFailure: true})
      )
      await docker(env, [
        '--context',
        'ctx-x',
        'buildx',
        'build',
        '--builder',
        'ctx-x',
        '--push',
        '--provenance=false',
        ...refs.flatMap(ref => ['--tag', ref]),
        context
      ])
      const digests = await Promise.all([basic, token].map(r => skopeoInspect(r, 'login/state:ctx')))
      expect(digests[0]?.digest).toMatch(/^sha256:/)
      expect(digests[1]?.digest).toBe(digests[0]?.digest)
      // Built by the containerd-store daemon the context names, not the default one.
      await docker(user.env, ['--host', CONTAINERD_STORE_HOST, 'image', 'inspect', refs[0] ?? ''])
      const onDefault = await docker(
        {...user.env, DOCKER_HOST: 'unix:///var/run/docker.sock'},
        ['image', 'inspect', refs[0] ?? ''],
        {allowFailure: true}
      )
      expect(onDefault.code).not.toBe(0)

      await post(step)
      const after = await dirTree(user.dockerDir)
      // Everything the user had is as it was; what is new is buildx's own record of the build (the same a
      // `docker buildx build` of the user writes), never credentials.
      for (const [file, content] of Object.entries(before)) expect(after[file], file).toBe(content)
      for (const file of Object.keys(after).filter(f => !(f in before))) expect(file).toMatch(/^buildx\//)
      expectNoSecret(after)
      expect(field(await docker(user.env, ['buildx', 'inspect']), 'Name')).toBe('bx')
    }
  )

  test("(b) a buildx in the user's cli-plugins wins over the system one; aliases and cliPluginsExtraDirs stay", async () => {
    const user = await newUser(true)
    const extra = path.join(user.root, 'extra-plugins')
    await mkdir(path.join(user.dockerDir, 'cli-plugins'))
    await mkdir(extra)
    const buildxPlugin = path.join(user.dockerDir, 'cli-plugins', 'docker-buildx')
    await writeFile(buildxPlugin, fakePlugin('test-buildx'))
    await writeFile(path.join(extra, 'docker-hello'), fakePlugin('test-hello'))
    await Promise.all([chmod(buildxPlugin, 0o755), chmod(path.join(extra, 'docker-hello'), 0o755)])
    await writeFile(
      path.join(user.dockerDir, 'config.json'),
      JSON.stringify({aliases: {builder: 'buildx'}, cliPluginsExtraDirs: [extra]})
    )
    const before = await dirTree(user.dockerDir)
    const {step, env} = await loginAs(user)

    // Without the user's config dir docker runs the system buildx: the fake one is found only through it.
    const empty = path.join(user.root, 'empty-config')
    await mkdir(empty)
    expect((await docker({...user.env, DOCKER_CONFIG: empty}, ['buildx', 'version'])).stdout).toContain(
      'github.com/docker/buildx'
    )
    expect((await docker(env, ['buildx', 'version'])).stdout).toBe('test-buildx v9.9.9: buildx version\n')
    expect((await docker(env, ['builder', 'version'])).stdout).toBe('test-buildx v9.9.9: buildx version\n')
    expect((await docker(env, ['hello', 'there'])).stdout).toBe('test-hello v9.9.9: hello there\n')

    await post(step)
    const after = await dirTree(user.dockerDir)
    expect(after).toEqual(before)
    expect(after['cli-plugins/docker-buildx']).toBe(fakePlugin('test-buildx'))
  })

  test("(c) currentContext is kept: docker and buildx reach the context's daemon", async () => {
    const user = await newUser(false)
    await docker(user.env, ['context', 'create', 'ctx-x', '--docker', `host=${CONTAINERD_STORE_HOST}`])
    await docker(user.env, ['context', 'use', 'ctx-x'])
    // buildx records the context's default builder as current on first use, with or without the action.
    await docker(user.env, ['buildx', 'ls'])
    const before = await dirTree(user.dockerDir)
    const {step, result, env} = await loginAs(user)
    const config = JSON.parse(
      await readFile(path.join(result.env.DOCKER_CONFIG ?? '', 'config.json'), 'utf8')
    ) as {
      currentContext?: string
      auths?: Record<string, unknown>
    }
    expect(config.currentContext).toBe('ctx-x')
    expect(Object.keys(config.auths ?? {}).sort()).toEqual([basic.host, token.host].sort())

    const storeOf = async (e: Record<string, string>) =>
      (await docker(e, ['info', '--format', '{{json .DriverStatus}}'])).stdout
    // The default daemon keeps the classic store: only the context's daemon answers with containerd's.
    expect(await storeOf({...user.env, DOCKER_CONTEXT: 'default'})).not.toContain('io.containerd.snapshotter')
    expect(await storeOf(env)).toContain('io.containerd.snapshotter')
    expect((await docker(env, ['context', 'show'])).stdout.trim()).toBe('ctx-x')
    const inspect = await docker(env, ['buildx', 'inspect'])
    expect(field(inspect, 'Name')).toBe('ctx-x')
    expect(field(inspect, 'Driver')).toBe('docker')

    await post(step)
    const after = await dirTree(user.dockerDir)
    expect(after).toEqual(before)
    expectNoSecret(after)
  })
})
