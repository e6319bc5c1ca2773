/**
 * Cache benchmark: the bundled action (dist/, through the runner emulator) building __tests__/fixtures/
 * cache-bench on a fresh engine state (images and build cache wiped before every run) against a warm
 * registry cache, compared with the cold build + push:
 *   nothing changed · one source file of the final stage changed · an input of the middle stage changed.
 * Bytes are counted by a proxy between the engine and the registry, so they are what really crossed the
 * wire (HTTP headers included). `BENCH_CACHE_ENGINES=docker,buildah` (default both) picks the engines;
 * `BENCH_BUILDAH_DRIVER=overlay` gives buildah the storage driver CI runners use (default vfs, as the tests).
 */
import {createServer, connect, type Socket} from 'node:net'
import {runAction} from '../__tests__/helpers/action-runner.js'
import type {ActionRun} from '../__tests__/helpers/action-runner.js'
import {pushBaseImage} from '../__tests__/helpers/base-image.js'
import {startRegistry} from '../__tests__/helpers/registry.js'
import type {TestRegistry} from '../__tests__/helpers/registry.js'
import {dockerClient, missingTools} from '../__tests__/helpers/require-tool.js'
import type {DockerClient} from '../__tests__/helpers/require-tool.js'
import {skopeoInspect} from '../__tests__/helpers/skopeo.js'
import {
  fixtureWorkspace,
  privateBuildahStorage,
  PUSH_MAIN,
  stageRows,
  wipeDocker
} from '../__tests__/cache/support.js'
import {listenLoopback} from '../__tests__/helpers/loopback-server.js'

const FIXTURE = 'cache-bench'
const MB = 1e6

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

interface Measured {
  readonly seconds: number
  readonly up: number
  readonly down: number
  readonly run: ActionRun
}

interface EngineSetup {
  readonly name: string
  readonly env: Record<string, string>
  wipe(imageIds: readonly string[]): Promise<void>
  dispose(): Promise<void>
}

async function dockerSetup(host: string): Promise<EngineSetup> {
  const docker: DockerClient = await dockerClient()
  return {
    name: 'docker',
    env: {},
    wipe: ids => wipeDocker(docker, host, ids),
    dispose: () => docker.dispose()
  }
}

async function buildahSetup(): Promise<EngineSetup> {
  const storage = await privateBuildahStorage(process.env.BENCH_BUILDAH_DRIVER || 'vfs')
  return {name: 'buildah', env: storage.env, wipe: () => storage.wipe(), dispose: () => storage.dispose()}
}

function describeStages(run: ActionRun): string {
  return Object.values(stageRows(run.summary))
    .map(row => `${row.stage} ${row.cached}/${row.steps} cached`)
    .join(', ')
}

async function imageBytes(registry: TestRegistry, repoTag: string): Promise<number> {
  const {manifest} = await skopeoInspect(registry, repoTag)
  const layers = (manifest.layers as {size: number}[] | undefined) ?? []
  return (
    layers.reduce((sum, layer) => sum + layer.size, 0) + ((manifest.config as {size?: number})?.size ?? 0)
  )
}

const fmt = {
  s: (seconds: number) => `${seconds.toFixed(1).padStart(6)} s`,
  mb: (bytes: number) => `${(bytes / MB).toFixed(2)} MB`,
  ratio: (value: number, target: number) =>
    `${value.toFixed(2)}× cold (target ≤ ${target.toFixed(2)}${value <= target ? ', met' : ', NOT met'})`
}

async function benchEngine(
  engine: EngineSetup,
  registry: TestRegistry,
  proxy: Awaited<ReturnType<typeof countingProxy>>,
  base: string
) {
  const host = `127.0.0.1:${proxy.port}`
  const repo = `bench/${engine.name}-${Date.now()}`
  const imageIds: string[] = []
  const measure = async (files: Record<string, string>): Promise<Measured> => {
    await engine.wipe(imageIds)
    proxy.take()
    const run = await runAction({
      post: false,
      prepare: fixtureWorkspace(FIXTURE, files),
      event: PUSH_MAIN,
      env: engine.env,
      inputs: {
        images: `${host}/${repo}`,
        context: 'app',
        'build-args': `BASE=${base}`,
        push: 'true',
        // The layer cache is what is measured here; content-hash reuse has its own section (bench-reuse.mts).
        reuse: 'false',
        engine: engine.name
      }
    })
    const bytes = proxy.take()
    imageIds.push(run.outputs.imageid ?? '')
    if (run.exitCode !== 0)
      throw new Error(`${engine.name} run failed:\n${run.stdout.slice(-4000)}\n${run.stderr}`)
    return {seconds: run.wallMs / 1000, ...bytes, run}
  }

  const cold = await measure({})
  const image = await imageBytes(registry, `${repo}:main`)
  const nothing = await measure({})
  const final = await measure({'app.txt': 'app 2\n'})
  const middle = await measure({'app.txt': 'app 2\n', 'build.txt': 'build 2\n'})
  await engine.wipe(imageIds)

  const line = (label: string, m: Measured, extra = '') =>
    console.log(
      `  ${label.padEnd(28)}${fmt.s(m.seconds)}  up ${fmt.mb(m.up).padStart(9)}  down ${fmt.mb(m.down).padStart(9)}${extra}`
    )
  console.log(
    `cache, ${engine.name} (fixture ${FIXTURE}: 3 stages, 31 s of slow steps; image ${fmt.mb(image)} in the registry):`
  )
  line('cold build + push', cold)
  line('nothing changed', nothing, `  → ${fmt.ratio(nothing.seconds / cold.seconds, 0.1)}`)
  console.log(
    `  ${''.padEnd(28)}uploaded ${fmt.mb(nothing.up)} = ${((nothing.up / image) * 100).toFixed(2)}% of the image bytes (target ≤ 1%${nothing.up / image <= 0.01 ? ', met' : ', NOT met'})`
  )
  line('final-stage file changed', final, `  → ${fmt.ratio(final.seconds / cold.seconds, 0.15)}`)
  line('middle-stage input changed', middle, `  → ${fmt.ratio(middle.seconds / cold.seconds, 0.75)}`)
  for (const [label, m] of [
    ['cold', cold],
    ['nothing', nothing],
    ['final', final],
    ['middle', middle]
  ] as const) {
    console.log(`    ${label.padEnd(8)} ${describeStages(m.run)}`)
  }
}

export async function benchCache(): Promise<void> {
  const wanted = (process.env.BENCH_CACHE_ENGINES ?? 'docker,buildah').split(',').filter(Boolean)
  const needs = [
    'docker-registry',
    'skopeo',
    ...(wanted.includes('docker') ? ['docker-daemon'] : []),
    ...(wanted.includes('buildah') ? ['buildah'] : [])
  ]
  const missing = await missingTools(needs)
  if (missing.length > 0) {
    console.log(`cache benchmark skipped: missing ${missing.join(', ')}`)
    return
  }
  const registry = await startRegistry({auth: 'anonymous'})
  const proxy = await countingProxy(Number(registry.host.split(':')[1]))
  try {
    // Through the proxy, so the images name the host the engines will talk to.
    const base = await pushBaseImage({
      ...registry,
      host: `127.0.0.1:${proxy.port}`,
      url: `http://127.0.0.1:${proxy.port}`
    })
    for (const name of wanted) {
      const engine = name === 'docker' ? await dockerSetup(`127.0.0.1:${proxy.port}`) : await buildahSetup()
      try {
        await benchEngine(engine, registry, proxy, base)
      } finally {
        await engine.dispose()
      }
    }
  } finally {
    await proxy.close()
    await registry.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCache()
