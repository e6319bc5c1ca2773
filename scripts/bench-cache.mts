/**
 * Cache benchmark: the bundled action (dist/, through the runner emulator) building __tests__/fixtures/
 * cache-bench on every kind of builder users have, each on a wiped engine (its images and build cache
 * removed before every run) against a warm registry cache, as ratios to that builder's cold build + push:
 *   nothing changed · one source file of the final stage changed · an input of the middle stage changed.
 * The builders (`BENCH_CACHE_ENGINES=containerd-store,classic-fallback,docker,buildah`, default all):
 *   containerd-store  buildx, docker driver on the containerd image store (the second daemon): the full cache;
 *   classic-fallback  buildx, docker driver on the classic image store (GitHub's ubuntu-24.04 runners): no
 *                     docker-container builder can be started here, so the step falls back on per-stage
 *                     inline cache;
 *   docker            docker 20.10 without buildx (`DOCKER_BUILDKIT=1 docker build`), `engine: docker`;
 *   buildah           `engine: buildah`, one step image per step in the registry.
 * The docker clients are pinned (a `docker` symlink first on PATH); every run has a HOME of its own, so
 * ~/.docker is never touched. Bytes are counted by a proxy between the engine and the registry, so they are
 * what really crossed the wire (HTTP headers included). `BENCH_BUILDAH_DRIVER=overlay` gives buildah the
 * storage driver CI runners use (default vfs, as the tests); `BENCH_CACHE_LOGS=<dir>` keeps every run's log
 * and summary there. Then a fork's pull request rebuilt from GitHub's Actions cache (simulated service;
 * `BENCH_CACHE_FORK=0` leaves it out).
 */
import {mkdir, rm, symlink, writeFile} from 'node:fs/promises'
import {createServer, connect, type Socket} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {runAction} from '../__tests__/helpers/action-runner.js'
import type {ActionRun} from '../__tests__/helpers/action-runner.js'
import {pushBaseImage} from '../__tests__/helpers/base-image.js'
import {startRegistry} from '../__tests__/helpers/registry.js'
import type {TestRegistry} from '../__tests__/helpers/registry.js'
import {
  CONTAINERD_STORE_HOST,
  DOCKER,
  dockerClient,
  missingTools,
  OLD_DOCKER,
  tempDir
} from '../__tests__/helpers/require-tool.js'
import type {DockerClient, RunOptions, Tool} from '../__tests__/helpers/require-tool.js'
import {skopeoInspect} from '../__tests__/helpers/skopeo.js'
import {
  fixtureWorkspace,
  privateBuildahStorage,
  PUSH_MAIN,
  pullRequest,
  stageRows,
  wipeDocker
} from '../__tests__/cache/support.js'
import {listenLoopback} from '../__tests__/helpers/loopback-server.js'
import {startActionsCacheSim} from '../__tests__/helpers/actions-cache-sim.js'

const FIXTURE = 'cache-bench'
const MB = 1e6
const BUILDERS = ['containerd-store', 'classic-fallback', 'docker', 'buildah'] as const
type BuilderName = (typeof BUILDERS)[number]
type Scenario = 'nothing' | 'final' | 'middle'
const SCENARIOS: readonly Scenario[] = ['nothing', 'final', 'middle']
const SCENARIO_LABEL: Record<Scenario, string> = {
  nothing: 'nothing changed',
  final: 'final-stage file changed',
  middle: 'middle-stage input changed'
}
/** What changes in the workspace for each run (the cold build uses the fixture as it is). */
const SCENARIO_FILES: Record<Scenario, Record<string, string>> = {
  nothing: {},
  final: {'app.txt': 'app 2\n'},
  middle: {'app.txt': 'app 2\n', 'build.txt': 'build 2\n'}
}
/** Largest ratio to the cold build + push each builder is held to (issue 10); none: printed, not judged. */
const TARGETS: Record<BuilderName, Partial<Record<Scenario, number>>> = {
  'containerd-store': {nothing: 0.1, final: 0.12, middle: 0.65},
  'classic-fallback': {final: 0.2},
  docker: {nothing: 0.1, final: 0.15, middle: 0.75},
  buildah: {nothing: 0.1, final: 0.15, middle: 0.75}
}
/** Of the image's bytes, what a nothing-changed run may upload. */
const NOTHING_UPLOAD_TARGET = 0.01

/** A TCP proxy that counts bytes each way: what the engine sends to the registry (up) and gets (down). */
async function countingProxy(target: number) {
  const counts = {up: 0, down: 0}
  const sockets = new Set<Socket>()
  const server = createServer(client => {
    const upstream = connect(target, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk: Buffer) => (counts.up += chunk.length))
    upstream.on('data', (chunk: Buffer) => (counts.down += chunk.length))
    client.pipe(upstream).pipe(client)
  })
  const host = await listenLoopback(server)
  return {
    port: Number(host.split(':')[1]),
    take(): {up: number; down: number} {
      const taken = {...counts}
      counts.up = counts.down = 0
      return taken
    },
    close: () => {
      sockets.forEach(s => s.destroy())
      return new Promise(resolve => server.close(resolve))
    }
  }
}
type CountingProxy = Awaited<ReturnType<typeof countingProxy>>

interface Measured {
  readonly seconds: number
  readonly up: number
  readonly down: number
  /** 1-minute load average when the run ended: other work on the machine makes the figures noisy. */
  readonly load: number
  readonly run: ActionRun
}

interface BuilderSetup {
  readonly name: BuilderName
  /** What the builder is, for the header. */
  readonly what: string
  /** Engines the step may end up on (metadata's `engine`): a run on another one is not this builder. */
  readonly engines: readonly string[]
  readonly env: Record<string, string>
  readonly inputs: Record<string, string>
  /** Removes everything the runs left in the engine; returns what it could not remove. */
  wipe(imageIds: readonly string[]): Promise<string[]>
  dispose(): Promise<void>
}

/** What each builder needs on this machine. */
const NEEDS: Record<BuilderName, Tool[]> = {
  'containerd-store': ['containerd-store-daemon', 'docker-buildx', DOCKER],
  'classic-fallback': ['docker-daemon', 'docker-buildx', DOCKER],
  docker: ['docker-daemon', OLD_DOCKER],
  buildah: ['buildah']
}

/** `client` talking to the daemon at `dockerHost` (the default socket when undefined). */
function onDaemon(client: DockerClient, dockerHost: string | undefined): DockerClient {
  if (!dockerHost) return client
  return {
    ...client,
    run: (args: readonly string[], options: RunOptions = {}) =>
      client.run(args, {...options, env: {DOCKER_HOST: dockerHost, ...options.env}})
  }
}

/** Image refs (repository:tag) under `host` in the daemon. */
async function refsUnder(docker: DockerClient, host: string): Promise<string[]> {
  const listed = await docker.run(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
  return listed.stdout
    .split('\n')
    .map(line => line.trim())
    .filter(line => line.startsWith(`${host}/`))
}

/**
 * A fresh runner: the images of this benchmark (by ref, by ID, stage images by label, the base image, which
 * also lives under `host`) and the daemon's whole build cache. The containerd image store names an image by
 * its ref (its ID is the manifest's digest, not the config's the action reports), so refs go first.
 */
async function wipeDaemon(
  docker: DockerClient,
  host: string,
  imageIds: readonly string[]
): Promise<string[]> {
  const refs = (await refsUnder(docker, host)).filter(ref => !ref.endsWith(':<none>'))
  if (refs.length > 0) await docker.run(['image', 'rm', '--force', ...refs], {allowFailure: true})
  await wipeDocker(docker, host, imageIds)
  return refsUnder(docker, host)
}

/** A directory holding only a `docker` symlink to `client`, to put first on PATH. */
async function pinnedDocker(client: string): Promise<string> {
  const bin = await tempDir('bench-docker-bin')
  await symlink(client, path.join(bin, 'docker'))
  return bin
}

async function dockerSetup(name: BuilderName, registryHost: string): Promise<BuilderSetup> {
  const home = await tempDir('bench-home')
  const bin = await pinnedDocker(name === 'docker' ? OLD_DOCKER : DOCKER)
  const dockerHost = name === 'containerd-store' ? CONTAINERD_STORE_HOST : undefined
  const client = await dockerClient()
  const docker = onDaemon(client, dockerHost)
  const what: Record<string, string> = {
    'containerd-store': `buildx on the docker driver, containerd image store (DOCKER_HOST=${CONTAINERD_STORE_HOST})`,
    'classic-fallback':
      'buildx on the docker driver, classic image store (default socket): docker-container builder or per-stage inline cache',
    docker: `docker 20.10 client (${OLD_DOCKER}), no buildx, engine: docker, classic image store`
  }
  return {
    name,
    what: what[name] ?? name,
    // The classic store ends on buildx where a docker-container builder can be pulled, on docker where not.
    engines: name === 'containerd-store' ? ['buildx'] : name === 'docker' ? ['docker'] : ['docker', 'buildx'],
    env: {
      HOME: home,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      ...(dockerHost ? {DOCKER_HOST: dockerHost} : {})
    },
    inputs: name === 'docker' ? {engine: 'docker'} : {},
    wipe: ids => wipeDaemon(docker, registryHost, ids),
    async dispose() {
      await client.dispose()
      await rm(home, {recursive: true, force: true})
      await rm(bin, {recursive: true, force: true})
    }
  }
}

async function buildahSetup(): Promise<BuilderSetup> {
  const driver = process.env.BENCH_BUILDAH_DRIVER || 'vfs'
  const storage = await privateBuildahStorage(driver)
  const home = await tempDir('bench-home')
  return {
    name: 'buildah',
    what: `buildah, ${driver} storage, engine: buildah`,
    engines: ['buildah'],
    env: {HOME: home, ...storage.env},
    inputs: {engine: 'buildah'},
    wipe: async () => {
      await storage.wipe()
      return []
    },
    async dispose() {
      await storage.dispose()
      await rm(home, {recursive: true, force: true})
    }
  }
}

function describeStages(run: ActionRun): string {
  return Object.values(stageRows(run.summary))
    .map(row => `${row.stage} ${row.cached}/${row.steps} cached`)
    .join(', ')
}

/** `Build 12.3 s · cache export 4.5 s` (or buildah's step image counts) from the summary. */
function buildLine(run: ActionRun): string {
  const match = /^Build [\d.]+ s.*$/m.exec(run.summary)
  return match ? match[0] : ''
}

function engineOf(run: ActionRun): string {
  try {
    return String((JSON.parse(run.outputs.metadata ?? '{}') as {engine?: unknown}).engine ?? '?')
  } catch {
    return '?'
  }
}

/**
 * Layers + config of the image as pushed. buildx on the containerd store pushes an index (the image and its
 * provenance attestation, platform `unknown`): its image manifest is what counts.
 */
async function imageBytes(registry: TestRegistry, repoTag: string): Promise<number> {
  let {manifest} = await skopeoInspect(registry, repoTag)
  const children = manifest.manifests as {digest: string; platform?: {architecture?: string}}[] | undefined
  const image = children?.find(child => child.platform?.architecture !== 'unknown')
  if (image) manifest = (await skopeoInspect(registry, `${repoTag.split(':')[0]}@${image.digest}`)).manifest
  const layers = (manifest.layers as {size: number}[] | undefined) ?? []
  return (
    layers.reduce((sum, layer) => sum + layer.size, 0) + ((manifest.config as {size?: number})?.size ?? 0)
  )
}

const fmt = {
  s: (seconds: number) => `${seconds.toFixed(1).padStart(6)} s`,
  mb: (bytes: number) => `${(bytes / MB).toFixed(2)} MB`,
  verdict: (value: number, target: number | undefined) =>
    target === undefined ? '' : ` (target ≤ ${target.toFixed(2)}: ${value <= target ? 'met' : 'MISSED'})`
}

interface BuilderResult {
  readonly name: BuilderName
  readonly cold?: Measured
  readonly runs: Partial<Record<Scenario, Measured>>
  readonly error?: string
}

async function benchBuilder(
  builder: BuilderSetup,
  registry: TestRegistry,
  proxy: CountingProxy,
  base: string,
  logs: string | undefined
): Promise<BuilderResult> {
  const host = `127.0.0.1:${proxy.port}`
  const repo = `bench/${builder.name}-${Date.now()}`
  const imageIds: string[] = []
  const measure = async (label: string, files: Record<string, string>): Promise<Measured> => {
    const left = await builder.wipe(imageIds)
    if (left.length > 0)
      console.log(`  (${builder.name} ${label}: the wipe left ${left.join(', ')} in the engine)`)
    proxy.take()
    const run = await runAction({
      prepare: fixtureWorkspace(FIXTURE, files),
      event: PUSH_MAIN,
      env: builder.env,
      inputs: {
        images: `${host}/${repo}`,
        context: 'app',
        'build-args': `BASE=${base}`,
        push: 'true',
        // The layer cache is what is measured here; content-hash reuse has its own section (bench-reuse.mts).
        reuse: 'false',
        ...builder.inputs
      }
    })
    const bytes = proxy.take()
    const load = os.loadavg()[0] ?? 0
    // The runner emulator leaves its workspace and runner temp behind.
    await rm(path.dirname(run.runnerTemp), {recursive: true, force: true})
    if (logs) {
      const log = [run.stdout, run.stderr, run.post?.stdout ?? '', run.post?.stderr ?? '', run.summary]
      await writeFile(path.join(logs, `${builder.name}-${label}.log`), log.join('\n----\n'))
    }
    imageIds.push(run.outputs.imageid ?? '')
    if (run.exitCode !== 0) {
      const why =
        [...run.stdout.matchAll(/^::error::(.*)$/gm)].pop()?.[1] ??
        run.stderr
          .trim()
          .split('\n')
          .find(line => /Error/.test(line)) ??
        `exit ${run.exitCode}`
      throw new Error(
        `${label} run failed: ${why.slice(0, 300)}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`
      )
    }
    const engine = engineOf(run)
    if (!builder.engines.includes(engine))
      throw new Error(`${label} run built with engine ${engine}, not ${builder.engines.join(' or ')}`)
    return {seconds: run.wallMs / 1000, ...bytes, load, run}
  }

  const runs: Partial<Record<Scenario, Measured>> = {}
  let cold: Measured | undefined
  try {
    cold = await measure('cold', {})
    const image = await imageBytes(registry, `${repo}:main`)
    for (const scenario of SCENARIOS) runs[scenario] = await measure(scenario, SCENARIO_FILES[scenario])
    printDetail(builder, image, cold, runs)
    return {name: builder.name, cold, runs}
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error)
    console.log(`cache, ${builder.name}: FAILED — ${message}`)
    return {name: builder.name, ...(cold ? {cold} : {}), runs, error: message.split('\n')[0] ?? message}
  } finally {
    await builder.wipe(imageIds).catch(() => [])
  }
}

function printDetail(
  builder: BuilderSetup,
  image: number,
  cold: Measured,
  runs: Partial<Record<Scenario, Measured>>
): void {
  const line = (label: string, m: Measured, extra = '') =>
    console.log(
      `  ${label.padEnd(28)}${fmt.s(m.seconds)}  up ${fmt.mb(m.up).padStart(9)}  down ${fmt.mb(m.down).padStart(9)}  load ${m.load.toFixed(1)}${extra}`
    )
  console.log(`cache, ${builder.name}: ${builder.what}; the step built with engine ${engineOf(cold.run)}`)
  console.log(`  (fixture ${FIXTURE}: 3 stages, 31 s of slow steps; image ${fmt.mb(image)} in the registry)`)
  line('cold build + push', cold)
  for (const scenario of SCENARIOS) {
    const m = runs[scenario]
    if (!m) continue
    const ratio = m.seconds / cold.seconds
    line(
      SCENARIO_LABEL[scenario],
      m,
      `  → ${ratio.toFixed(3)}× cold${fmt.verdict(ratio, TARGETS[builder.name][scenario])}`
    )
    if (scenario === 'nothing') {
      const share = m.up / image
      const verdict = share <= NOTHING_UPLOAD_TARGET ? 'met' : 'MISSED'
      console.log(
        `  ${''.padEnd(28)}uploaded ${fmt.mb(m.up)} = ${(share * 100).toFixed(2)}% of the image bytes (target ≤ ${NOTHING_UPLOAD_TARGET * 100}%: ${verdict})`
      )
    }
  }
  for (const [label, m] of [['cold', cold], ...SCENARIOS.map(s => [s, runs[s]] as const)] as const) {
    if (!m) continue
    const warned = (m.run.stdout.match(/^::warning::/gm) ?? []).length
    console.log(
      `    ${label.padEnd(8)} ${describeStages(m.run)}; ${buildLine(m.run)}${warned ? `; ${warned} warning(s)` : ''}`
    )
  }
}

/** The builders' ratios side by side, each against its own cold build + push. */
function printTable(results: readonly BuilderResult[]): void {
  const cell = (result: BuilderResult, scenario: Scenario): string => {
    const m = result.runs[scenario]
    if (!result.cold || !m) return '—'
    const ratio = m.seconds / result.cold.seconds
    const target = TARGETS[result.name][scenario]
    if (target === undefined) return `${ratio.toFixed(3)}×`
    return `${ratio.toFixed(3)}× ${ratio <= target ? 'met' : 'MISSED'} ≤${target.toFixed(2)}`
  }
  const widths = [18, 9, 26, 26, 26]
  const row = (cells: string[]) =>
    console.log(`  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' ')}`.trimEnd())
  console.log(
    'cache, side by side (each builder on a wiped engine, warm registry cache; ratio to its cold build + push):'
  )
  row(['builder', 'cold', ...SCENARIOS.map(s => SCENARIO_LABEL[s])])
  for (const result of results) {
    const cold = result.cold ? fmt.s(result.cold.seconds).trim() : '—'
    row([result.name, cold, ...SCENARIOS.map(s => cell(result, s))])
    if (result.error) console.log(`  ${''.padEnd(widths[0] ?? 0)} failed: ${result.error}`)
  }
}

function wantedBuilders(): BuilderName[] {
  const asked = (process.env.BENCH_CACHE_ENGINES ?? BUILDERS.join(','))
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
  const unknown = asked.filter(name => !(BUILDERS as readonly string[]).includes(name))
  if (unknown.length > 0)
    throw new Error(`BENCH_CACHE_ENGINES: unknown ${unknown.join(', ')}; pick from ${BUILDERS.join(', ')}`)
  return BUILDERS.filter(name => asked.includes(name))
}

/** Issue 15: a fork's pull request rebuilt on a wiped engine from GitHub's cache, against its own cold build. */
const FORK_PR_TARGET = 0.3

/**
 * A fork's pull request cannot write the registry cache: `cache: auto` keeps its layer cache in GitHub's
 * Actions cache (here a SIMULATION of the service v2, __tests__/helpers/actions-cache-sim.ts) through
 * @actions/cache, buildx 0.13 having no gha v2 backend. Cold build, then the same PR with a final-stage file
 * changed on a wiped engine and a fresh RUNNER_TEMP (same path, as on GitHub's runners), both without push.
 */
async function benchForkPr(registryHost: string, base: string, logs: string | undefined): Promise<void> {
  const absent = await missingTools(NEEDS['containerd-store'])
  if (absent.length > 0) {
    console.log(`cache, fork pull request: skipped, missing ${absent.join(', ')}`)
    return
  }
  const builder = await dockerSetup('containerd-store', registryHost)
  const sim = await startActionsCacheSim()
  const runnerTemp = await tempDir('bench-fork-runner-temp')
  const imageIds: string[] = []
  const repo = `bench/fork-${Date.now()}`
  const env = sim.env('write', {scope: 'refs/pull/7/merge', readScopes: ['refs/heads/main']})
  const measure = async (label: string, files: Record<string, string>, runId: number) => {
    await builder.wipe(imageIds)
    await rm(runnerTemp, {recursive: true, force: true})
    await mkdir(runnerTemp)
    const run = await runAction({
      prepare: fixtureWorkspace(FIXTURE, files),
      event: pullRequest(7, 'someone/fork'),
      env: {...builder.env, ...env, RUNNER_TEMP: runnerTemp, GITHUB_RUN_ID: String(runId)},
      inputs: {
        images: `${registryHost}/${repo}`,
        context: 'app',
        'build-args': `BASE=${base}`,
        reuse: 'false'
      }
    })
    await rm(path.dirname(run.runnerTemp), {recursive: true, force: true})
    if (logs)
      await writeFile(
        path.join(logs, `fork-pr-${label}.log`),
        [run.stdout, run.stderr, run.summary].join('\n----\n')
      )
    imageIds.push(run.outputs.imageid ?? '')
    if (run.exitCode !== 0)
      throw new Error(`fork pull request, ${label}: exit ${run.exitCode}\n${run.stdout.slice(-3000)}`)
    return run
  }
  try {
    const cold = await measure('cold', {}, 1)
    const saved = sim.entries().at(-1)
    const warm = await measure('final', SCENARIO_FILES.final, 2)
    const ratio = warm.wallMs / cold.wallMs
    const restored = /GitHub's cache: restored `[^`]+` \(([\d.]+ MB), ([\d.]+) s\)/.exec(warm.summary)
    console.log(
      "cache, fork pull request (buildx 0.13, containerd store; cache: auto → GitHub's cache through @actions/cache, SIMULATED service):"
    )
    console.log(
      `  cold build (no push)        ${fmt.s(cold.wallMs / 1000)}  saved ${fmt.mb(saved?.size ?? 0)}`
    )
    console.log(
      `  final-stage file changed    ${fmt.s(warm.wallMs / 1000)}  restored ${restored ? `${restored[1]} in ${restored[2]} s` : 'NOTHING'}` +
        `  → ${ratio.toFixed(3)}× cold${fmt.verdict(ratio, FORK_PR_TARGET)}`
    )
    console.log(`    cold     ${describeStages(cold)}`)
    console.log(`    final    ${describeStages(warm)}`)
  } catch (error: unknown) {
    console.log(
      `cache, fork pull request: FAILED — ${error instanceof Error ? error.message : String(error)}`
    )
  } finally {
    await builder.wipe(imageIds).catch(() => [])
    await builder.dispose()
    await sim.close()
    await rm(runnerTemp, {recursive: true, force: true})
  }
}

export async function benchCache(): Promise<void> {
  const wanted = wantedBuilders()
  const missing = await missingTools(['docker-registry', 'skopeo'])
  if (missing.length > 0) {
    console.log(`cache benchmark skipped: missing ${missing.join(', ')}`)
    return
  }
  const logs = process.env.BENCH_CACHE_LOGS
  if (logs) await mkdir(logs, {recursive: true})
  const registry = await startRegistry({auth: 'anonymous'})
  const proxy = await countingProxy(Number(registry.host.split(':')[1]))
  const results: BuilderResult[] = []
  try {
    const host = `127.0.0.1:${proxy.port}`
    // Through the proxy, so the images name the host the engines will talk to.
    const base = await pushBaseImage({...registry, host, url: `http://${host}`})
    for (const name of wanted) {
      const absent = await missingTools(NEEDS[name])
      if (absent.length > 0) {
        console.log(`cache, ${name}: skipped, missing ${absent.join(', ')}`)
        continue
      }
      const builder = name === 'buildah' ? await buildahSetup() : await dockerSetup(name, host)
      try {
        results.push(await benchBuilder(builder, registry, proxy, base, logs))
      } finally {
        await builder.dispose()
      }
    }
    if (process.env.BENCH_CACHE_FORK !== '0') await benchForkPr(host, base, logs)
  } finally {
    await proxy.close()
    await registry.stop()
  }
  if (results.length > 0) printTable(results)
  if (logs) console.log(`cache: every run's log and summary in ${logs}`)
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCache()
