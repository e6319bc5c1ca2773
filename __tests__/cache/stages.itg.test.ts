/**
 * Registry-backed layer cache on a wiped engine, through the runner emulator (dist/): every unchanged stage
 * must come from the registry cache, including the stages and steps before a changed one; a pull request
 * reads the default branch's cache; a fork never writes.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'
import type {ActionRun, EventSpec} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {dockerClient, requireTools} from '../helpers/require-tool.js'
import type {DockerClient} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'
import type {BuildahStorage} from './support.js'
import {
  fixtureWorkspace,
  privateBuildahStorage,
  PUSH_MAIN,
  pullRequest,
  stageRows,
  stepImages,
  wipeDocker,
  writtenRefs
} from './support.js'

const describeCache = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry', 'root')

const FIXTURE = 'cache-app'
/** Steps per stage in the fixture (FROM not counted): deps 2, build 4, final 4. */
const FINAL = 'stage-2'

interface Build {
  readonly files?: Record<string, string>
  readonly event?: EventSpec
  readonly push?: boolean
}

function expectOk(run: ActionRun): void {
  expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
}

describeCache('layer cache for every stage', () => {
  const shared = useRegistryWithBase()

  describe('docker with built-in BuildKit (no buildx)', () => {
    let docker: DockerClient
    const imageIds: string[] = []
    beforeAll(async () => {
      docker = await dockerClient()
    })
    afterAll(async () => {
      if (!docker) return
      await wipeDocker(docker, shared.registry.host, imageIds)
      await docker.dispose()
    })

    /** One action run on a freshly wiped engine. */
    async function build(
      repo: string,
      {files = {}, event = PUSH_MAIN, push = true}: Build
    ): Promise<ActionRun> {
      await wipeDocker(docker, shared.registry.host, imageIds)
      const run = await runAction({
        prepare: fixtureWorkspace(FIXTURE, files),
        event,
        inputs: {
          images: `${shared.registry.host}/${repo}`,
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          push: String(push),
          // These tests measure the layer cache: content-hash reuse would skip the very builds they look at.
          reuse: 'false',
          engine: 'docker'
        }
      })
      imageIds.push(run.outputs.imageid ?? '')
      expectOk(run)
      return run
    }

    test('cold, then warm on a wiped engine: unchanged stages and the steps before a change are cache hits', async () => {
      const repo = 'cache/docker-app'
      const cold = await build(repo, {})
      expect(stageRows(cold.summary)).toEqual({
        deps: {stage: 'deps', steps: 2, cached: 0, ran: 2},
        build: {stage: 'build', steps: 4, cached: 0, ran: 4},
        [FINAL]: {stage: FINAL, steps: 4, cached: 0, ran: 4}
      })
      const ref = `${shared.registry.host}/${repo}`
      expect(writtenRefs(cold.summary).sort()).toEqual([
        `${ref}:buildcache-main`,
        `${ref}:buildcache-main-stage-build`,
        `${ref}:buildcache-main-stage-deps`
      ])
      expect(await skopeoListTags(shared.registry, repo)).toEqual([
        'buildcache-main',
        'buildcache-main-stage-build',
        'buildcache-main-stage-deps',
        'main'
      ])

      const warm = stageRows((await build(repo, {})).summary)
      expect([warm.deps?.ran, warm.build?.ran, warm[FINAL]?.ran]).toEqual([0, 0, 0])

      // A change in the middle stage: the first stage and the middle stage's first two steps stay cached.
      const middle = await build(repo, {files: {'build.txt': 'build v2\n'}})
      expect(stageRows(middle.summary)).toMatchObject({
        deps: {cached: 2, ran: 0},
        build: {cached: 2, ran: 2},
        [FINAL]: {ran: 4}
      })
      // Partly reused: written beside the full ref, which still holds the layers of the unchanged steps.
      expect(writtenRefs(middle.summary).sort()).toEqual([
        `${ref}:buildcache-main`,
        `${ref}:buildcache-main-stage-build-partial`
      ])

      // Two final-stage changes in a row: each reuses everything before the changed file.
      for (const version of ['app v2\n', 'app v3\n']) {
        const final = await build(repo, {files: {'build.txt': 'build v2\n', 'app.txt': version}})
        expect(stageRows(final.summary)).toMatchObject({
          deps: {ran: 0},
          build: {ran: 0},
          [FINAL]: {cached: 2, ran: 2}
        })
      }
      // And the middle stage again, after partial writes: its first steps still come from the cache.
      const again = await build(repo, {files: {'build.txt': 'build v3\n', 'app.txt': 'app v3\n'}})
      expect(stageRows(again.summary)).toMatchObject({deps: {ran: 0}, build: {cached: 2, ran: 2}})
    })

    test("a pull request reads the default branch's cache; a fork's build writes nothing", async () => {
      const repo = 'cache/docker-pr'
      await build(repo, {})
      const pr = await build(repo, {event: pullRequest(42), push: false})
      expect(Object.values(stageRows(pr.summary)).map(row => row.ran)).toEqual([0, 0, 0])
      expect(pr.summary).toContain('pull request #42: read pr-42 → main; write pr-42')

      const changed = await build(repo, {
        event: pullRequest(42),
        push: false,
        files: {'app.txt': 'pr change\n'}
      })
      expect(stageRows(changed.summary)[FINAL]).toMatchObject({cached: 2, ran: 2})
      expect(writtenRefs(changed.summary)).toEqual([
        `${shared.registry.host}/${repo}:buildcache-pr-42-partial`
      ])

      const fork = await build(repo, {
        event: pullRequest(43, 'mallory/octo-repo'),
        push: false,
        files: {'app.txt': 'fork\n'}
      })
      expect(stageRows(fork.summary)[FINAL]).toMatchObject({cached: 2, ran: 2})
      expect(writtenRefs(fork.summary)).toEqual([])
      expect((await skopeoListTags(shared.registry, repo)).filter(tag => tag.includes('pr-43'))).toEqual([])
    })

    test('a cache push that fails is a warning; the image is still built and pushed', async () => {
      const repo = 'cache/docker-unwritable'
      await wipeDocker(docker, shared.registry.host, imageIds)
      const run = await runAction({
        prepare: fixtureWorkspace(FIXTURE),
        event: PUSH_MAIN,
        inputs: {
          images: `${shared.registry.host}/${repo}`,
          // Nothing listens on port 9: reads miss, writes fail.
          'cache-ref': '127.0.0.1:9/nowhere/cache',
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          push: 'true',
          engine: 'docker'
        }
      })
      imageIds.push(run.outputs.imageid ?? '')
      expectOk(run)
      expect(run.outputs.digest).toMatch(/^sha256:/)
      expect(run.stdout).toMatch(
        /::warning::Could not write the layer cache 127\.0\.0\.1:9\/nowhere\/cache:buildcache-main/
      )
      expect(run.summary).toContain('**failed**')
    })
  })

  describe('buildah', () => {
    let storage: BuildahStorage
    beforeAll(async () => {
      storage = await privateBuildahStorage()
    })
    afterAll(async () => storage?.dispose())

    async function build(
      repo: string,
      {files = {}, event = PUSH_MAIN, push = true}: Build
    ): Promise<ActionRun> {
      await storage.wipe()
      const run = await runAction({
        prepare: fixtureWorkspace(FIXTURE, files),
        event,
        env: storage.env,
        inputs: {
          images: `${shared.registry.host}/${repo}`,
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          push: String(push),
          // These tests measure the layer cache: content-hash reuse would skip the very builds they look at.
          reuse: 'false',
          engine: 'buildah'
        }
      })
      expectOk(run)
      return run
    }

    test('cold, then warm on wiped storage: every step before a change is pulled from the cache', async () => {
      const repo = 'cache/buildah-app'
      const cold = await build(repo, {})
      expect(Object.values(stageRows(cold.summary)).map(r => [r.stage, r.ran])).toEqual([
        ['deps', 2],
        ['build', 4],
        [FINAL, 4]
      ])
      // One step image per step, and per LABEL buildah adds for --label.
      expect(stepImages(cold.summary)?.pulled).toBe(0)
      expect(stepImages(cold.summary)?.pushed).toBeGreaterThanOrEqual(10)
      expect((await skopeoListTags(shared.registry, `${repo}-buildcache`)).length).toBeGreaterThanOrEqual(10)

      const warm = await build(repo, {})
      expect(Object.values(stageRows(warm.summary)).map(r => r.ran)).toEqual([0, 0, 0])
      expect(stepImages(warm.summary)?.pulled).toBeGreaterThanOrEqual(10)

      const middle = await build(repo, {files: {'build.txt': 'build v2\n'}})
      expect(stageRows(middle.summary)).toMatchObject({
        deps: {ran: 0},
        build: {cached: 2, ran: 2},
        [FINAL]: {ran: 4}
      })
    })

    test('a fork pull request reads the cache and writes nothing', async () => {
      const repo = 'cache/buildah-pr'
      await build(repo, {})
      const fork = await build(repo, {
        event: pullRequest(7, 'mallory/octo-repo'),
        push: false,
        files: {'app.txt': 'fork\n'}
      })
      expect(stageRows(fork.summary)).toMatchObject({
        deps: {ran: 0},
        build: {ran: 0},
        [FINAL]: {cached: 2, ran: 2}
      })
      expect(stepImages(fork.summary)?.pushed).toBe(0)
    })
  })
})
