/**
 * Prune benchmark: 1,200 tags (each its own image, dated as this action's builds date them: `created` in the
 * config, and with buildx or buildah also the `org.opencontainers.image.created` manifest annotation) on a
 * local distribution 2.8 registry; the prune stage keeps the 200 newest and deletes 1,000. Its requests
 * are counted in the registry client's transport (every HTTP answer received, retries included). Side by
 * side: a sequential `skopeo delete` loop over the same 1,000 tags on an identical copy of the data, its
 * requests counted by an HTTP proxy in front of the registry (skopeo has no hook of its own).
 */
import {spawn} from 'node:child_process'
import {createServer, request as httpRequest, Agent, type Server} from 'node:http'
import {startRegistry} from '../__tests__/helpers/registry.js'
import type {TestRegistry} from '../__tests__/helpers/registry.js'
import {missingTools} from '../__tests__/helpers/require-tool.js'
import {digestOf, json} from '../__tests__/prune/fixtures.js'
import {
  MediaType,
  RegistryClient,
  createLimiter,
  fetchTransport,
  type Transport
} from '../src/registry/index.js'
import {parsePruneRules} from '../src/prune/plan/rules.js'
import {runPrune} from '../src/prune/run/run.js'
import {closeServer, listenLoopback} from '../__tests__/helpers/loopback-server.js'

const TAGS = Number(process.env.BENCH_PRUNE_TAGS ?? 1200)
const KEEP = Number(process.env.BENCH_PRUNE_KEEP ?? 200)
const HOUR = 3_600_000

/** A reverse proxy that counts requests by method on their way to the registry. */
async function countingProxy(target: string) {
  const counts = new Map<string, number>()
  const agent = new Agent({keepAlive: true, maxSockets: 64})
  const [targetHost, targetPort] = target.split(':') as [string, string]
  const server: Server = createServer((req, res) => {
    counts.set(req.method ?? '?', (counts.get(req.method ?? '?') ?? 0) + 1)
    const upstream = httpRequest(
      {host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers, agent},
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  // A TLS hello (clients try https first on loopback) is not HTTP: it never reaches the counter.
  server.on('clientError', (_error, socket) => socket.destroy())
  const host = await listenLoopback(server)
  return {
    host,
    take(): {total: number; byMethod: string} {
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      const byMethod = [...counts].map(([m, n]) => `${m} ${n}`).join(', ')
      counts.clear()
      return {total, byMethod}
    },
    close: () => {
      agent.destroy()
      return closeServer(server)
    }
  }
}

/** The client's transport, counting every answer by method. */
function countingTransport(): Transport & {take(): {total: number; byMethod: string}} {
  const base = fetchTransport()
  const counts = new Map<string, number>()
  const transport: Transport = async (url, request) => {
    const response = await base(url, request)
    counts.set(request.method, (counts.get(request.method) ?? 0) + 1)
    return response
  }
  return Object.assign(transport, {
    take() {
      const total = [...counts.values()].reduce((a, b) => a + b, 0)
      const byMethod = [...counts].map(([m, n]) => `${m} ${n}`).join(', ')
      counts.clear()
      return {total, byMethod}
    }
  })
}

type TimeSource = 'config' | 'annotation'

/**
 * TAGS images in `repo`, `build-0000` the oldest; one shared layer, a unique config each. The creation time
 * is in the config (docker's classic builder can write nothing else) or also in a manifest annotation (what
 * this action has buildx and buildah write, from the computed annotations), which saves reading the config.
 */
async function seed(registry: TestRegistry, repo: string, time: TimeSource): Promise<void> {
  const client = new RegistryClient({registry: registry.host, concurrency: 32})
  const layer = new TextEncoder().encode('bench layer')
  await client.uploadBlob(repo, layer)
  const limit = createLimiter(32)
  const now = Date.now()
  await Promise.all(
    Array.from({length: TAGS}, (_, i) =>
      limit(async () => {
        const created = new Date(now - (TAGS - i) * HOUR).toISOString()
        const config = json({
          architecture: 'amd64',
          os: 'linux',
          created,
          config: {Labels: {build: String(i)}},
          rootfs: {type: 'layers', diff_ids: [digestOf(layer)]}
        })
        await client.uploadBlob(repo, config)
        const manifest = json({
          schemaVersion: 2,
          mediaType: MediaType.ociManifest,
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: digestOf(config),
            size: config.length
          },
          layers: [
            {mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length}
          ],
          ...(time === 'annotation' ? {annotations: {'org.opencontainers.image.created': created}} : {})
        })
        await client.putManifest(repo, `build-${String(i).padStart(4, '0')}`, manifest, MediaType.ociManifest)
      })
    )
  )
}

function skopeoDelete(ref: string): Promise<number> {
  return new Promise(resolve => {
    const child = spawn('skopeo', ['delete', '--tls-verify=false', '--no-creds', ref], {stdio: 'ignore'})
    child.on('close', code => resolve(code ?? 1))
  })
}

async function listTags(host: string, repo: string): Promise<string[]> {
  return new RegistryClient({registry: host}).listTags(repo)
}

const per = (requests: number, deleted: number) => (requests / deleted).toFixed(2)

/** Plans (dry run), then plans and deletes, counting requests; returns the tags it deleted. */
interface Measured {
  readonly toDelete: string[]
  readonly seconds: number
  readonly requests: number
}

async function measurePrune(registry: TestRegistry, repo: string, time: TimeSource): Promise<Measured> {
  const rules = parsePruneRules(`type=tags,match=build-.*,keep=${KEEP}`)
  if (!rules) throw new Error('no rules')
  const counted = countingTransport()
  const prune = (dryRun: boolean) =>
    runPrune({
      rules,
      repositories: [`${registry.host}/${repo}`],
      context: {now: Date.now(), cachePrefix: 'buildcache'},
      protectedRefs: [],
      credentials: {},
      dryRun,
      log: {
        info: () => undefined,
        warning: line => console.log(`  warning: ${line}`),
        error: line => console.log(`  error: ${line}`)
      },
      endpoints: {transport: counted}
    })
  let started = performance.now()
  const dry = await prune(true)
  const planSeconds = (performance.now() - started) / 1000
  const planned = counted.take()
  const toDelete = dry.repositories[0]?.plan.steps.flatMap(s => (s.op === 'delete' ? s.tags : [])) ?? []
  started = performance.now()
  const real = await prune(false)
  const runSeconds = (performance.now() - started) / 1000
  const ran = counted.take()
  const results = real.repositories[0]?.results ?? []
  const done = results.filter(r => r.status === 'done').length
  const left = (await listTags(registry.host, repo)).length
  const n = toDelete.length
  const inventory = time === 'config' ? 'GET manifest + GET config' : 'GET manifest'
  console.log(
    time === 'annotation'
      ? '  prune of images as this action builds them with buildx or buildah (creation time in a manifest annotation):'
      : "  prune of images from docker's classic builder (creation time only in the config):"
  )
  console.log(
    `    plan only (dry run): ${planSeconds.toFixed(2)} s, ${planned.total} requests (${planned.byMethod})`
  )
  console.log(
    `    plan + delete:       ${runSeconds.toFixed(2)} s (target ≤ 20 s), ${ran.total} requests (${ran.byMethod}); ` +
      `${done}/${results.length} deletions done, ${left} tags left`
  )
  console.log(
    `    per deleted tag:     ${per(ran.total, n)} requests (target ≤ 3) = ${per(ran.total - planned.total, n)} to delete ` +
      `(DELETE, plus the guard's re-reading of the ${KEEP} kept tags when the first is over 10 s old) + ` +
      `${per(planned.total, n)} to inventory all ${TAGS} tags (${inventory} each)`
  )
  return {toDelete, seconds: runSeconds, requests: ran.total}
}

export async function benchPrune(): Promise<void> {
  const missing = await missingTools(['docker-registry', 'skopeo'])
  if (missing.length > 0) {
    console.log(`prune: skipped (missing ${missing.join(', ')})`)
    return
  }
  const registry = await startRegistry({auth: 'anonymous'})
  const proxy = await countingProxy(registry.host)
  try {
    const seedStarted = performance.now()
    await Promise.all([
      seed(registry, 'annotated', 'annotation'),
      seed(registry, 'action', 'config'),
      seed(registry, 'skopeo', 'annotation')
    ])
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(
      `prune: ${TAGS} tags, one image each, on distribution 2.8; keep=${KEEP} → ${TAGS - KEEP} to delete`
    )
    console.log(`  (seeding three copies took ${seedSeconds.toFixed(1)} s, not counted)`)
    const annotated = await measurePrune(registry, 'annotated', 'annotation')
    const classic = await measurePrune(registry, 'action', 'config')
    const {toDelete} = annotated

    proxy.take()
    const started = performance.now()
    let failures = 0
    for (const tag of toDelete)
      if ((await skopeoDelete(`docker://${proxy.host}/skopeo:${tag}`)) !== 0) failures++
    const seconds = (performance.now() - started) / 1000
    const requests = proxy.take()
    const left = (await listTags(registry.host, 'skopeo')).length
    console.log(
      `  sequential skopeo delete loop over the same ${toDelete.length} tags: ${seconds.toFixed(2)} s, ${requests.total} ` +
        `requests (${requests.byMethod}; through the counting proxy), ${failures} failures, ${left} tags left ` +
        '— no plan, no graph, no re-check, and a shared digest would take its sibling tags along'
    )
    const ratio = (m: Measured) =>
      `${(m.seconds / seconds).toFixed(2)}× its time, ${(m.requests / requests.total).toFixed(2)}× its requests`
    console.log(
      `  against that loop: annotated images ${ratio(annotated)}; classic-builder images ${ratio(classic)}`
    )
  } finally {
    await proxy.close()
    await registry.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPrune()
