/**
 * `cache: auto` on GitHub's Actions cache, through the runner emulator (dist/) on the containerd-store daemon
 * (buildx 0.13: no gha v2 backend, so the layer cache is a `type=local` directory that @actions/cache saves
 * and restores) against a SIMULATION of GitHub's cache service (__tests__/helpers/actions-cache-sim.ts):
 * a fork's pull request, which may not write the registry, builds cold and saves; its second build on a
 * wiped engine and a fresh runner restores the entry and runs only the changed steps. A read-only cache
 * token skips the save with a notice.
 */
import {afterAll, beforeAll, expect, test} from 'vitest'
import {runAction, type ActionRun, type EventSpec} from '../helpers/action-runner.js'
import {startActionsCacheSim, type ActionsCacheSim} from '../helpers/actions-cache-sim.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {mkdir, rm} from 'node:fs/promises'
import {
  CONTAINERD_STORE_HOST,
  dockerClient,
  requireTools,
  tempDir,
  type DockerClient
} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'
import {fixtureWorkspace, pullRequest, stageRows} from './support.js'

const describeCache = await requireTools(
  'containerd-store-daemon',
  'docker-buildx',
  'skopeo',
  'docker-registry'
)

const ENV = {DOCKER_HOST: CONTAINERD_STORE_HOST}
const FORK_PR: EventSpec = pullRequest(42, 'someone/fork')
const PR_SCOPE = 'refs/pull/42/merge'

function expectOk(run: ActionRun): void {
  expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0)
}

describeCache("cache: auto on GitHub's Actions cache (simulated service)", () => {
  const shared = useRegistryWithBase()
  let docker: DockerClient
  let sim: ActionsCacheSim
  let runId = 100
  // GitHub's runners have the same RUNNER_TEMP in every job (the entry's version hashes the cache path):
  // one fixed directory here too, emptied before each run (a fresh runner).
  let runnerTemp = ''

  beforeAll(async () => {
    docker = await dockerClient()
    sim = await startActionsCacheSim()
    runnerTemp = await tempDir('actions-cache-runner-temp')
  })
  afterAll(async () => {
    await wipe().catch(() => undefined)
    await docker?.dispose()
    await sim?.close()
    if (runnerTemp) await rm(runnerTemp, {recursive: true, force: true})
  })

  /** A fresh runner: no image of ours and no build cache on the engine. */
  async function wipe(): Promise<void> {
    const listed = await docker.run(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {env: ENV})
    const ours = listed.stdout.split('\n').filter(ref => ref.startsWith(`${shared.registry.host}/`))
    if (ours.length > 0) await docker.run(['image', 'rm', '--force', ...ours], {env: ENV, allowFailure: true})
    await docker.run(['builder', 'prune', '--all', '--force'], {env: ENV})
  }

  async function build(repo: string, cacheEnv: Record<string, string>, files: Record<string, string> = {}) {
    await wipe()
    await rm(runnerTemp, {recursive: true, force: true})
    await mkdir(runnerTemp)
    runId += 1
    const run = await runAction({
      prepare: fixtureWorkspace('cache-app', files),
      event: FORK_PR,
      inputs: {
        images: `${shared.registry.host}/${repo}`,
        context: 'app',
        'build-args': `BASE=${shared.base}`,
        push: 'false',
        load: 'true',
        reuse: 'false'
      },
      env: {
        ...ENV,
        ...cacheEnv,
        RUNNER_TEMP: runnerTemp,
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: '1'
      }
    })
    expectOk(run)
    return run
  }

  test("a fork's pull request: saved cold, restored on a wiped engine, only the changed steps run", async () => {
    const env = sim.env('write', {scope: PR_SCOPE, readScopes: ['refs/heads/main']})
    const cold = await build('gha/app', env)
    expect(cold.summary).toMatch(
      /auto → GitHub's cache \(the registry cache: this build may not write it; read too\)/
    )
    expect(cold.summary).toMatch(/GitHub's cache through @actions\/cache \(cache: gha needs buildx ≥ 0\.21/)
    expect(cold.summary).toMatch(/GitHub's cache: nothing to restore\./)
    expect(cold.summary).toMatch(
      /GitHub's cache: saved `gha-app-buildcache-pr-42-df-[0-9a-f]{8}-101-1` \(\d+\.\d MB/
    )
    expect(Object.values(stageRows(cold.summary)).map(r => [r.stage, r.cached, r.ran])).toEqual([
      ['deps', 0, 2],
      ['build', 0, 4],
      ['stage-2', 0, 4]
    ])
    const saved = sim.entries()
    expect(saved.map(e => [e.key, e.scope])).toEqual([[expect.stringMatching(/-101-1$/), PR_SCOPE]])
    expect(saved[0]?.size).toBeGreaterThan(0)

    // Next push to the pull request: a new runner, an engine that never saw this build, one file changed.
    const warm = await build('gha/app', env, {'app.txt': 'app v2\n'})
    expect(warm.summary).toContain(`GitHub's cache: restored \`${saved[0]?.key}\``)
    const rows = stageRows(warm.summary)
    expect(rows.deps).toMatchObject({cached: 2, ran: 0})
    expect(rows.build).toMatchObject({cached: 4, ran: 0})
    expect(rows['stage-2']).toMatchObject({cached: 2, ran: 2})
    // One entry per run attempt (entries are immutable): the second run saved its own.
    expect(sim.entries()).toHaveLength(2)
    // Nothing went to the registry: a fork may not write there.
    // skopeo fails with the registry's 404 for a repository nothing was ever pushed to (not any other error).
    const tags = await skopeoListTags(shared.registry, 'gha/app').catch((e: unknown) => String(e))
    expect(tags).toMatch(/fetching tags list: invalid status code from registry 404 \(Not Found\)/)
  })

  test('a read-only cache token (ACTIONS_CACHE_MODE read): restored, the save skipped with a notice', async () => {
    const before = sim.requests.length
    const env = {
      ...sim.env('read', {scope: PR_SCOPE, readScopes: ['refs/heads/main']}),
      ACTIONS_CACHE_MODE: 'read'
    }
    const run = await build('gha/app', env)
    expect(run.stdout).toContain(
      "::notice::GitHub's cache not saved: ACTIONS_CACHE_MODE is 'read': GitHub's cache is read only for this run"
    )
    expect(run.summary).toMatch(/GitHub's cache: restored `gha-app-buildcache-pr-42-df-/)
    const methods = sim.requests.slice(before).map(r => r.op)
    expect(methods).toContain('GetCacheEntryDownloadURL')
    expect(methods).not.toContain('CreateCacheEntry')
  })

  test('a token downgraded to read only without the mode: the service refuses, the build still passes', async () => {
    const entries = sim.entries().length
    const run = await build('gha/app', sim.env('read', {scope: PR_SCOPE}), {'app.txt': 'app v3\n'})
    expect(run.stdout).toMatch(
      /::warning::Failed to save: Unable to reserve cache with key .*cache write denied/
    )
    expect(run.summary).toContain(
      "GitHub's cache: not saved: GitHub's cache refused it (see the warning above)."
    )
    expect(sim.entries()).toHaveLength(entries)
  })
})
