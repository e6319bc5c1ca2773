import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import type {BuildRequest} from '../../src/build/args.js'
import type {Engine} from '../../src/build/engine.js'
import {runBuild} from '../../src/build/run-build.js'
import {planCache} from '../../src/cache/policy.js'
import type {CacheMode} from '../../src/cache/policy.js'
import type {Exec} from '../../src/shell/exec.js'

const buildah: Engine = {
  kind: 'buildah',
  command: '/usr/bin/buildah',
  version: '1.28.2',
  env: {},
  build: ['bud']
}

async function request(mode: CacheMode): Promise<BuildRequest> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'run-build-'))
  return {
    context: dir,
    file: path.join(dir, 'Dockerfile'),
    buildArgs: [],
    labels: [],
    tags: [],
    push: false,
    load: false,
    iidFile: path.join(dir, 'iid'),
    metadataFile: path.join(dir, 'meta.json'),
    cache: planCache(
      {mode, cacheRef: '', cacheFrom: [], cacheTo: []},
      {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'},
      {image: 'r.io/app'}
    )
  }
}

test('buildah: a failed cache push warns and builds again without --cache-to', async () => {
  const calls: string[][] = []
  const exec: Exec = async (_command, args, options) => {
    calls.push([...args])
    if (args[0] === 'bud' && args.includes('--cache-to')) {
      return {
        exitCode: 125,
        stdout: 'STEP 1/2: FROM x\n',
        stderr: 'Error: failed pushing cache to r.io/app-buildcache: denied'
      }
    }
    if (args[0] === 'bud') {
      await writeFile(args[args.indexOf('--iidfile') + 1] as string, 'sha256:abc')
      return {exitCode: 0, stdout: 'STEP 1/2: FROM x\nSTEP 2/2: RUN y\n--> Using cache 1234\n', stderr: ''}
    }
    expect(options?.allowFailure).toBe(true) // size probe
    return {exitCode: 0, stdout: '1024', stderr: ''}
  }
  const warnings: string[] = []
  const result = await runBuild(buildah, await request('registry'), {
    exec,
    env: {},
    warn: m => warnings.push(m)
  })
  expect(calls.filter(c => c[0] === 'bud').map(c => c.includes('--cache-to'))).toEqual([true, false])
  expect(warnings).toEqual([
    expect.stringMatching(/could not push to the layer cache; building again without writing it/)
  ])
  expect(result.imageId).toBe('sha256:abc')
  expect(result.cache).toMatchObject({
    mode: 'registry',
    stages: [{stage: 'stage-0', cached: 1, ran: 0}],
    warnings
  })
})

test('buildah: any other failure fails the build', async () => {
  const exec: Exec = async () => ({exitCode: 1, stdout: '', stderr: 'Error: RUN exited 2'})
  await expect(runBuild(buildah, await request('registry'), {exec, env: {}})).rejects.toThrow(/RUN exited 2/)
})

test('an unsupported mode falls back to no remote cache, with a warning', async () => {
  const exec: Exec = async (_command, args) => {
    if (args[0] === 'bud') expect(args).not.toContain('--cache-from')
    return {exitCode: 0, stdout: '', stderr: ''}
  }
  const warnings: string[] = []
  const result = await runBuild(buildah, await request('gha'), {exec, env: {}, warn: m => warnings.push(m)})
  expect(result.cache?.mode).toBe('none')
  expect(warnings[0]).toMatch(/cache: gha is not supported by the buildah engine/)
})
