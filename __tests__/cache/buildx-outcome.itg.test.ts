/**
 * What real buildx builds say about their layer cache, read by cacheOutcome and stageStats: the cache
 * arguments come from the plan (buildxCacheArgs), the builds run on this machine's two daemons (the
 * containerd image store can export a registry cache, the classic one cannot), against real registries.
 */
import {cp, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {buildxCacheArgs} from '../../src/cache/args.js'
import type {BuildxCache} from '../../src/cache/args.js'
import {planCache} from '../../src/cache/policy.js'
import type {CacheMode} from '../../src/cache/policy.js'
import {buildxMessages, parseBuildkitProgress, stageStats} from '../../src/cache/progress.js'
import {buildFailedOnCache, cacheOutcome} from '../../src/cache/outcome.js'
import type {StageStats} from '../../src/cache/progress.js'
import type {CacheOutcome} from '../../src/cache/outcome.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {startRegistry} from '../helpers/registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {CONTAINERD_STORE_HOST, dockerClient, requireTools} from '../helpers/require-tool.js'
import type {DockerClient} from '../helpers/require-tool.js'

const describeBuildx = await requireTools(
  'docker-daemon',
  'containerd-store-daemon',
  'docker-buildx',
  'docker-registry',
  'skopeo',
  'htpasswd',
  'root'
)

const FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/cache-app')
const PUSH_MAIN = {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'}
/** Nothing listens on port 9 (discard): every connection is refused. */
const UNREACHABLE = '127.0.0.1:9/nowhere/app'

type Daemon = 'containerd' | 'classic'

interface Build {
  readonly code: number
  readonly output: string
  readonly outcome: CacheOutcome
  readonly stages: Record<string, StageStats>
  readonly failedOnCache?: string
}

function cacheFor(image: string, mode: CacheMode = 'registry'): BuildxCache {
  const plan = planCache({mode, cacheRef: '', cacheFrom: [], cacheTo: []}, PUSH_MAIN, {image})
  return buildxCacheArgs(plan, false)
}

describeBuildx('cache outcome of real buildx builds', () => {
  const shared = useRegistryWithBase()
  let locked: TestRegistry
  let docker: DockerClient
  let context: string
  const tags: Record<Daemon, string[]> = {containerd: [], classic: []}

  beforeAll(async () => {
    locked = await startRegistry({auth: 'basic'})
    docker = await dockerClient()
    context = await mkdtemp(path.join(os.tmpdir(), 'image-action-outcome-'))
    await cp(FIXTURE, context, {recursive: true})
  })

  afterAll(async () => {
    for (const daemon of ['containerd', 'classic'] as const) await wipe(daemon).catch(() => undefined)
    await docker?.dispose()
    await locked?.stop()
    if (context) await rm(context, {recursive: true, force: true})
  })

  const hostEnv = (daemon: Daemon): Record<string, string> =>
    daemon === 'containerd' ? {DOCKER_HOST: CONTAINERD_STORE_HOST} : {}

  /** Removes the images this suite built on that daemon and all of its build cache: a fresh runner. */
  async function wipe(daemon: Daemon): Promise<void> {
    const env = hostEnv(daemon)
    if (tags[daemon].length > 0)
      await docker.run(['image', 'rm', '--force', ...tags[daemon].splice(0)], {env, allowFailure: true})
    await docker.run(['builder', 'prune', '--all', '--force'], {env})
  }

  /** Whatever runs this suite, the runner's cache variables stay out: the gha case depends on it. */
  const NO_GHA = {ACTIONS_RUNTIME_TOKEN: '', ACTIONS_CACHE_URL: '', ACTIONS_RESULTS_URL: ''}

  async function build(daemon: Daemon, cache: BuildxCache, appText = 'app v1\n'): Promise<Build> {
    await writeFile(path.join(context, 'app.txt'), appText)
    const tag = `image-action-outcome-${daemon}:${tags[daemon].length}`
    tags[daemon].push(tag)
    const args = ['buildx', 'build', '--progress=plain', '--build-arg', `BASE=${shared.base}`]
    args.push(...cache.args, '--tag', tag, context)
    const result = await docker.run(args, {env: {...hostEnv(daemon), ...NO_GHA}, allowFailure: true})
    const output = `${result.stderr}\n${result.stdout}`
    const vertices = parseBuildkitProgress(output)
    const messages = buildxMessages(output)
    return {
      code: result.code,
      output,
      outcome: cacheOutcome(vertices, cache, messages),
      stages: Object.fromEntries(stageStats(vertices).map(s => [s.stage, s])),
      failedOnCache: buildFailedOnCache(vertices, messages)?.warning
    }
  }

  describe('containerd image store', () => {
    test('cold build writes the cache; a wiped engine then takes every unchanged step from it', async () => {
      const image = `${shared.registry.host}/outcome/app`
      const ref = `${image}:buildcache-main`
      const cache = cacheFor(image)
      await wipe('containerd')
      const cold = await build('containerd', cache)
      expect(cold.code, cold.output).toBe(0)
      expect(cold.outcome.imports).toEqual([{ref, found: false}])
      expect(cold.outcome.exports).toEqual([{ref, ok: true, seconds: expect.any(Number)}])
      expect(cold.outcome.exportSeconds).toBeGreaterThan(0)
      expect(cold.outcome.warnings).toEqual([])
      expect(cold.outcome.notes).toEqual([])
      expect(Object.values(cold.stages).map(s => [s.stage, s.cached, s.ran])).toEqual([
        ['deps', 0, 2],
        ['build', 0, 4],
        ['stage-2', 0, 4]
      ])

      // The last stage's third step comes from the registry: BuildKit pulls its layers for the changed
      // step after it and prints them under it with DONE, not CACHED. It is a hit all the same.
      await wipe('containerd')
      const warm = await build('containerd', cache, 'app v2\n')
      expect(warm.code, warm.output).toBe(0)
      expect(warm.outcome.imports).toEqual([{ref, found: true}])
      expect(warm.outcome.warnings).toEqual([])
      expect(warm.stages.deps).toMatchObject({cached: 2, ran: 0})
      expect(warm.stages.build).toMatchObject({cached: 4, ran: 0})
      expect(warm.stages['stage-2']).toMatchObject({cached: 2, ran: 2})
      expect(warm.stages['stage-2']?.remote).toBeGreaterThanOrEqual(1)
    })

    test('401 on both ways: the read failed (not a miss), the write failed, the build did not', async () => {
      const image = `${locked.host}/outcome/app`
      const ref = `${image}:buildcache-main`
      await wipe('containerd')
      const run = await build('containerd', cacheFor(image))
      expect(run.code, run.output).toBe(0)
      const [read] = run.outcome.imports
      const [write] = run.outcome.exports
      expect(read).toEqual({ref, found: false, error: expect.stringMatching(/: 401 Unauthorized$/)})
      expect(write).toEqual({
        ref,
        ok: false,
        seconds: expect.any(Number),
        error: expect.stringMatching(/^error writing layer blob: .*: 401 Unauthorized$/)
      })
      expect(run.outcome.warnings).toEqual([
        `Could not read the layer cache ${ref} (not authorized: log in to the registry with an account that may pull it); built without it: ${read?.error}`,
        `Could not write the layer cache ${ref} (the build itself succeeded; not authorized: log in to the registry with an account that may push it): ${write?.error}`
      ])
      expect(run.failedOnCache).toBeUndefined()
    })

    test('an unreachable cache registry: could not connect, both ways', async () => {
      const ref = `${UNREACHABLE}:buildcache-main`
      await wipe('containerd')
      const run = await build('containerd', cacheFor(UNREACHABLE))
      expect(run.code, run.output).toBe(0)
      expect(run.outcome.imports).toEqual([
        {ref, found: false, error: expect.stringMatching(/connect: connection refused$/)}
      ])
      expect(run.outcome.exports).toEqual([
        {ref, ok: false, seconds: expect.any(Number), error: expect.stringMatching(/connection refused$/)}
      ])
      expect(run.outcome.warnings).toEqual([
        `Could not read the layer cache ${ref} (could not connect); built without it: ${run.outcome.imports[0]?.error}`,
        `Could not write the layer cache ${ref} (the build itself succeeded; could not connect): ${run.outcome.exports[0]?.error}`
      ])
    })

    test('cache: gha without the runner variables: buildx drops it, and it says so', async () => {
      const cache = cacheFor(`${shared.registry.host}/outcome/app`, 'gha')
      const run = await build('containerd', cache)
      expect(run.code, run.output).toBe(0)
      expect(run.output).not.toMatch(/importing cache manifest from gha:|GitHub/)
      expect(run.outcome.warnings).toEqual([
        'buildx left out the gha cache: it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (buildx ≥ 0.21: or ACTIONS_RESULTS_URL) in its environment and silently drops a gha cache without them'
      ])
      expect(run.outcome.exports).toEqual([
        {
          ref: 'outcome-app-buildcache-main',
          ok: false,
          seconds: 0,
          error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
        }
      ])
    })
  })

  describe('classic image store (docker driver: no cache export)', () => {
    test('registry cache-to fails the build before it starts: found, and built again without it', async () => {
      const image = `${shared.registry.host}/outcome/classic`
      const cache = cacheFor(image)
      const refused = await build('classic', cache)
      expect(refused.code).not.toBe(0)
      expect(refused.failedOnCache).toBe(
        'This builder cannot export a layer cache (the docker driver on the classic image store); building again without writing the cache: Cache export is not supported for the docker driver.'
      )
      const readOnly = {...cache, args: cache.args.slice(0, 2), to: []}
      await wipe('classic')
      const again = await build('classic', readOnly)
      expect(again.code, again.output).toBe(0)
      expect(again.outcome.imports).toEqual([{ref: `${image}:buildcache-main`, found: false}])
      expect(again.outcome.warnings).toEqual([])
    })

    test('reads the cache the containerd daemon wrote: every step a hit, the pulled ones too', async () => {
      const image = `${shared.registry.host}/outcome/app`
      const cache = cacheFor(image)
      await wipe('containerd')
      expect((await build('containerd', cache)).code).toBe(0)
      await wipe('classic')
      const warm = await build('classic', {...cache, args: cache.args.slice(0, 2), to: []})
      expect(warm.code, warm.output).toBe(0)
      expect(warm.outcome.imports).toEqual([{ref: `${image}:buildcache-main`, found: true}])
      expect(Object.values(warm.stages).map(s => s.ran)).toEqual([0, 0, 0])
      expect(Object.values(warm.stages).reduce((n, s) => n + s.cached, 0)).toBe(10)
      expect(Object.values(warm.stages).reduce((n, s) => n + (s.remote ?? 0), 0)).toBeGreaterThanOrEqual(1)
    })

    test('401 on read: failed, not a first-build miss', async () => {
      const image = `${locked.host}/outcome/classic`
      const ref = `${image}:buildcache-main`
      const cache = cacheFor(image)
      await wipe('classic')
      const run = await build('classic', {...cache, args: cache.args.slice(0, 2), to: []})
      expect(run.code, run.output).toBe(0)
      expect(run.outcome.imports).toEqual([
        {ref, found: false, error: expect.stringMatching(/: 401 Unauthorized$/)}
      ])
      expect(run.outcome.warnings).toEqual([
        `Could not read the layer cache ${ref} (not authorized: log in to the registry with an account that may pull it); built without it: ${run.outcome.imports[0]?.error}`
      ])
    })
  })
})
