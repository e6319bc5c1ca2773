import {mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import type {BuildRequest} from '../../src/build/args.js'
import type {Engine} from '../../src/build/engine.js'
import {pushCacheImages, runDockerBuilds} from '../../src/build/docker-run.js'
import type {ShellDeps} from '../../src/build/docker-run.js'
import {planCache} from '../../src/cache/policy.js'
import type {Exec, ExecResult} from '../../src/shell/exec.js'

const engine: Engine = {
  kind: 'docker',
  command: '/usr/bin/docker',
  version: '20.10.24',
  env: {DOCKER_BUILDKIT: '1'},
  build: ['build']
}
const DOCKERFILE =
  'FROM b AS deps\nRUN a\nRUN b\nFROM b AS build\nCOPY --from=deps /x /x\nRUN c\nFROM b\nCOPY --from=build /y /y\n'

/** BuildKit plain progress for a build in which each listed step was CACHED or ran. */
function progress(steps: [stage: string, cached: boolean][]): string {
  return steps
    .map(([stage, cached], i) => {
      const name = `[${stage ? `${stage} ` : ''}${i + 2}/9] RUN step`
      return `#${i + 10} ${name}\n#${i + 10} ${cached ? 'CACHED' : 'DONE 1.0s'}\n`
    })
    .join('\n')
}

interface Call {
  readonly args: readonly string[]
}

/** A docker that answers builds from a script (keyed by --target, or 'final') and records every call. */
function fakeDocker(script: Record<string, [string, boolean][]>, failPush = false) {
  const calls: Call[] = []
  const exec: Exec = async (_command, args) => {
    calls.push({args})
    const ok = (stdout = '', stderr = ''): ExecResult => ({exitCode: 0, stdout, stderr})
    if (args[0] === 'build') {
      const target = args.includes('--target') ? (args[args.indexOf('--target') + 1] as string) : 'final'
      const iid = args[args.indexOf('--iidfile') + 1] as string
      await writeFile(iid, `sha256:${target}`)
      return ok('', progress(script[target] ?? []))
    }
    if (args[0] === 'push' && failPush) return {exitCode: 1, stdout: '', stderr: 'denied: no push rights'}
    if (args[0] === 'push') return ok('aaaaaaaaaaaa: Pushed\nbbbbbbbbbbbb: Layer already exists\n')
    return ok()
  }
  return {exec, calls}
}

let dir: string
let req: BuildRequest
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docker-run-'))
  await writeFile(path.join(dir, 'Dockerfile'), DOCKERFILE)
  const cache = planCache(
    {mode: 'registry', cacheRef: '', cacheFrom: [], cacheTo: []},
    {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'},
    {image: 'r.io/app'}
  )
  req = {
    context: dir,
    file: path.join(dir, 'Dockerfile'),
    buildArgs: [],
    labels: ['a=b'],
    tags: ['r.io/app:1'],
    push: true,
    load: false,
    iidFile: path.join(dir, 'iid'),
    metadataFile: path.join(dir, 'meta.json'),
    cache
  }
})

function deps(fake: {exec: Exec}, warnings: string[] = []): ShellDeps {
  return {exec: fake.exec, env: {}, warn: m => warnings.push(m)}
}

describe('runDockerBuilds', () => {
  test('stages in dependency order, then the image; full, partial or no write per stage', async () => {
    const fake = fakeDocker({
      deps: [
        ['deps', true],
        ['deps', true]
      ],
      build: [
        ['deps', true],
        ['deps', true],
        ['build', true],
        ['build', false]
      ],
      final: [
        ['deps', true],
        ['deps', true],
        ['build', true],
        ['build', true],
        ['stage-2', false]
      ]
    })
    const builds = await runDockerBuilds(engine, req, deps(fake))
    expect(
      fake.calls.map(c => (c.args.includes('--target') ? c.args[c.args.indexOf('--target') + 1] : 'final'))
    ).toEqual(['deps', 'build', 'final'])
    // Every build reads every stage's full and partial ref.
    for (const call of fake.calls) expect(call.args.filter(a => a === '--cache-from')).toHaveLength(6)
    expect(builds.imageId).toBe('sha256:final')
    expect(builds.pending).toEqual([
      {ref: 'r.io/app:buildcache-main-stage-build-partial', imageId: 'sha256:build'},
      {ref: 'r.io/app:buildcache-main', imageId: 'sha256:final'}
    ])
    // Each stage is reported from its own build, not from the later ones that reuse it.
    expect(builds.stages.map(s => [s.stage, s.cached, s.ran])).toEqual([
      ['deps', 2, 0],
      ['build', 1, 1],
      ['stage-2', 0, 1]
    ])
  })

  test('only the final build carries the user labels and tags', async () => {
    const fake = fakeDocker({})
    await runDockerBuilds(engine, req, deps(fake))
    const [first, , last] = fake.calls.map(c => c.args)
    expect(first).not.toContain('a=b')
    expect(first).toContain('io.github.image-action.cache-stage=r.io/app:buildcache-main-stage-deps')
    expect(last).toContain('a=b')
    expect(last).toContain('r.io/app:1')
  })
})

test('a one-stage Dockerfile, even named: BuildKit prints its steps without the name', async () => {
  const dir1 = await mkdtemp(path.join(os.tmpdir(), 'docker-run-'))
  await writeFile(path.join(dir1, 'Dockerfile'), 'FROM b AS app\nRUN a\n')
  const single = {...req, file: path.join(dir1, 'Dockerfile'), iidFile: path.join(dir1, 'iid')}
  const builds = await runDockerBuilds(engine, single, deps(fakeDocker({final: [['', false]]})))
  expect(builds.stages).toEqual([{stage: 'app', steps: 1, cached: 0, ran: 1, seconds: 1}])
  expect(builds.pending).toEqual([{ref: 'r.io/app:buildcache-main', imageId: 'sha256:final'}])
})

describe('pushCacheImages', () => {
  test('tags and pushes each, counting layers', async () => {
    const fake = fakeDocker({})
    const writes = await pushCacheImages(engine, [{ref: 'r.io/app:c', imageId: 'sha256:x'}], deps(fake))
    expect(fake.calls.map(c => c.args)).toEqual([
      ['tag', 'sha256:x', 'r.io/app:c'],
      ['push', 'r.io/app:c']
    ])
    expect(writes).toMatchObject([{ref: 'r.io/app:c', ok: true, layersPushed: 1, layersExisting: 1}])
  })

  test('a failed push is a warning and the next one is still tried', async () => {
    const warnings: string[] = []
    const fake = fakeDocker({}, true)
    const pending = [
      {ref: 'r.io/app:c1', imageId: 'sha256:1'},
      {ref: 'r.io/app:c2', imageId: 'sha256:2'}
    ]
    const writes = await pushCacheImages(engine, pending, deps(fake, warnings))
    expect(writes.map(w => w.ok)).toEqual([false, false])
    expect(warnings[0]).toMatch(
      /Could not write the layer cache r\.io\/app:c1 \(the build itself succeeded\): denied: no push rights/
    )
  })
})
