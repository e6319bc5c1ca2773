/**
 * The builder shell with a scripted exec: the paths this machine cannot run for real (a BuildKit image that
 * can be pulled, a created builder that boots) and the order of what it does.
 */
import {readFileSync} from 'node:fs'
import {mkdtemp, readFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {prefetchInspect, removeBuilders, settleBuilder} from '../../src/build/builder.js'
import type {BuilderInputs, CreatedBuilder} from '../../src/build/builder.js'
import {NO_NEEDS} from '../../src/build/builder-policy.js'
import type {Engine} from '../../src/build/engine.js'
import type {Exec, ExecResult} from '../../src/shell/exec.js'

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../fixtures/buildx-inspect', name), 'utf8')

const ENGINE: Engine = {
  kind: 'buildx',
  command: '/usr/bin/docker',
  version: '0.13.1',
  env: {},
  build: ['buildx', 'build'],
  daemonVersion: '28.0.4'
}
const INPUTS: BuilderInputs = {
  builder: '',
  driverOpts: [],
  buildkitdFlags: '',
  buildkitdConfig: '',
  buildkitdConfigInline: ''
}
const ok = (stdout = ''): ExecResult => ({exitCode: 0, stdout, stderr: ''})
const fail = (stderr: string): ExecResult => ({exitCode: 1, stdout: '', stderr})

/** An exec that answers from a script keyed by the argv's start, and records every call. */
function scripted(answers: [string, ExecResult][]) {
  const calls: string[] = []
  const exec: Exec = async (_command, args) => {
    const line = args.join(' ')
    calls.push(line)
    const found = answers.find(([prefix]) => line.startsWith(prefix))
    return found ? found[1] : fail(`unexpected: ${line}`)
  }
  return {exec, calls}
}

async function deps(exec: Exec, registries: string[] = ['ghcr.io']) {
  const created: CreatedBuilder[] = []
  const warnings: string[] = []
  const temp = await mkdtemp(path.join(os.tmpdir(), 'builder-test-'))
  return {
    created,
    warnings,
    temp,
    deps: {
      exec,
      env: {PATH: '/usr/bin', BUILDX_CONFIG: '/home/u/.docker/buildx'},
      temp,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      created: (b: CreatedBuilder) => created.push(b),
      registries
    }
  }
}

const RUNNER = fixture('runner-docker-28.0-classic.composed.txt')
const BOOTED = fixture('docker-container-running.composed.txt').replace('builder-1', 'NAME')

describe('settleBuilder', () => {
  test('the runner default builder with nothing special to do is used as it is, no --builder', async () => {
    const {exec, calls} = scripted([['buildx inspect', ok(RUNNER)]])
    const {deps: d} = await deps(exec)
    const engine = await settleBuilder(ENGINE, NO_NEEDS, INPUTS, d)
    expect(engine).toMatchObject({
      kind: 'buildx',
      build: ['buildx', 'build'],
      builder: {name: 'default', buildkitVersion: '0.20.2'}
    })
    expect(calls).toEqual(['buildx inspect'])
  })

  test('a registry cache on the runner: a docker-container builder is created, booted, used by name, and remembered first', async () => {
    let name = ''
    const exec: Exec = async (_c, args) => {
      const line = args.join(' ')
      if (line === 'buildx inspect') return ok(RUNNER)
      if (line.startsWith('buildx create')) {
        name = args[args.indexOf('--name') + 1] as string
        return ok(name)
      }
      if (line.startsWith('buildx inspect --bootstrap')) return ok()
      if (line === `buildx inspect ${name}`) return ok(BOOTED.replace('NAME', name))
      return fail(line)
    }
    const {deps: d, created, temp} = await deps(exec, ['127.0.0.1:5000', 'ghcr.io'])
    const engine = await settleBuilder(ENGINE, {...NO_NEEDS, cacheExport: true}, INPUTS, d)
    expect(name).toMatch(/^image-action-[0-9a-f]{12}$/)
    expect(engine).toMatchObject({
      kind: 'buildx',
      build: ['buildx', 'build', '--builder', name],
      builder: {created: true, driver: 'docker-container'}
    })
    expect(created).toEqual([
      {command: '/usr/bin/docker', name, env: {BUILDX_CONFIG: '/home/u/.docker/buildx'}}
    ])
    // The loopback registry is reached over the host network and plain HTTP.
    expect(await readFile(path.join(temp, 'buildkitd.toml'), 'utf8')).toBe(
      '[registry."127.0.0.1:5000"]\n  http = true\n  insecure = true\n'
    )
  })

  test('a builder that cannot boot is removed again, and the docker driver falls back on inline cache with a warning', async () => {
    const {exec, calls} = scripted([
      ['buildx inspect --bootstrap', fail('#1 ERROR: pull access denied for moby/buildkit')],
      ['buildx inspect', ok(RUNNER)],
      ['buildx create', ok('x')],
      ['buildx rm', ok()]
    ])
    const {deps: d, warnings} = await deps(exec)
    const engine = await settleBuilder(ENGINE, {...NO_NEEDS, cacheExport: true}, INPUTS, d)
    expect(engine).toMatchObject({kind: 'docker', build: ['buildx', 'build'], version: '28.0.4'})
    expect(calls.map(c => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'buildx inspect',
      'buildx create --name',
      'buildx inspect --bootstrap',
      expect.stringMatching(/^buildx rm image-action-/)
    ])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(
      'no docker-container builder could be started (pull access denied for moby/buildkit)'
    )
  })

  test("the user's builder input is inspected by name and never replaced", async () => {
    const {exec, calls} = scripted([['buildx inspect bx', ok(BOOTED.replace('NAME', 'bx'))]])
    const {deps: d} = await deps(exec)
    const engine = await settleBuilder(
      ENGINE,
      {cacheExport: true, multiPlatform: true, attestations: true},
      {...INPUTS, builder: 'bx'},
      d
    )
    expect(engine.build).toEqual(['buildx', 'build', '--builder', 'bx'])
    expect(calls).toEqual(['buildx inspect bx'])
  })

  test('an unknown builder input is refused, naming the input', async () => {
    const {exec} = scripted([['buildx inspect nope', fail('ERROR: no builder "nope" found')]])
    const {deps: d} = await deps(exec)
    await expect(settleBuilder(ENGINE, NO_NEEDS, {...INPUTS, builder: 'nope'}, d)).rejects.toThrow(
      `input 'builder': builder 'nope' cannot be used: no builder "nope" found; name an existing builder (docker buildx ls) or leave it empty`
    )
  })

  test("the user's buildkitd config goes first, then what the registries need", async () => {
    const exec: Exec = async (_c, args) =>
      args[1] === 'inspect' && args.length === 2 ? ok(RUNNER) : args[1] === 'create' ? ok() : fail('no image')
    const {deps: d, temp} = await deps(exec, ['localhost:5000'])
    await settleBuilder(
      ENGINE,
      {...NO_NEEDS, cacheExport: true},
      {...INPUTS, buildkitdConfigInline: 'debug = true'},
      d
    )
    expect(await readFile(path.join(temp, 'buildkitd.toml'), 'utf8')).toBe(
      'debug = true\n\n[registry."localhost:5000"]\n  http = true\n  insecure = true\n'
    )
  })
})

describe('removeBuilders', () => {
  test('removes exactly the builders it is given, in the environment they were created in', async () => {
    const seen: {args: readonly string[]; env?: Record<string, string>}[] = []
    const exec: Exec = async (_c, args, options) => {
      seen.push({args, ...(options?.env ? {env: options.env} : {})})
      return ok()
    }
    await removeBuilders([{command: 'docker', name: 'image-action-1', env: {BUILDX_CONFIG: '/b'}}], exec, {
      PATH: '/bin'
    })
    expect(seen).toEqual([
      {args: ['buildx', 'rm', 'image-action-1'], env: {PATH: '/bin', BUILDX_CONFIG: '/b'}}
    ])
  })
})

describe('prefetchInspect: the first inspect started while the engines are probed', () => {
  test('used once by settleBuilder when it asks the same (command, builder, environment)', async () => {
    const {exec, calls} = scripted([['buildx inspect', ok(RUNNER)]])
    const {deps: d} = await deps(exec)
    const prefetched = prefetchInspect(exec, ENGINE.command, INPUTS, d.env)
    expect(calls).toEqual(['buildx inspect'])
    const engine = await settleBuilder(ENGINE, NO_NEEDS, INPUTS, {...d, prefetched})
    expect(engine.builder?.name).toBe('default')
    // settleBuilder asked nothing more: the early answer was the one it needed.
    expect(calls).toEqual(['buildx inspect'])
    await prefetched.settle()
  })

  test.each([
    ['another docker client', {command: '/usr/local/bin/docker'}],
    ['another builder named by the input', {builder: 'mine'}],
    ['another environment', {env: {PATH: '/usr/bin'}}]
  ])(
    'not used for %s',
    async (_what, differs: {command?: string; builder?: string; env?: Record<string, string>}) => {
      const {exec, calls} = scripted([['buildx inspect', ok(RUNNER)]])
      const {deps: d} = await deps(exec)
      const prefetched = prefetchInspect(
        exec,
        differs.command ?? ENGINE.command,
        INPUTS,
        differs.env ?? d.env
      )
      await settleBuilder(ENGINE, NO_NEEDS, {...INPUTS, builder: differs.builder ?? ''}, {...d, prefetched})
      expect(calls).toHaveLength(2)
    }
  )

  test('taken once only', async () => {
    const {exec} = scripted([['buildx inspect', ok(RUNNER)]])
    const prefetched = prefetchInspect(exec, 'docker', INPUTS, {})
    expect(prefetched.take('docker', ['buildx', 'inspect'], {})).toBeDefined()
    expect(prefetched.take('docker', ['buildx', 'inspect'], {})).toBeUndefined()
  })
})
