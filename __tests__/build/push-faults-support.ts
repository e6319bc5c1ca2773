/**
 * The bundled action pushing two tags through a fault-injecting proxy that faults a share of every request at
 * random (429 with Retry-After, 500, connections reset before or after the registry saw the request), in front
 * of a real distribution registry; skopeo, straight to the registry, checks what each run left behind. Shared
 * by __tests__/build/push-faults.itg.test.ts and `npm run bench -- push`.
 */
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {ACTION_DIR, runAction, type ActionRun, type RunActionOptions} from '../helpers/action-runner.js'
import {startFaultProxy, type Fault, type FaultProxy, type FaultRule} from '../helpers/fault-proxy.js'
import {startRegistry, type TestRegistry} from '../helpers/registry.js'
import {CONTAINERD_STORE_HOST, type Tool} from '../helpers/require-tool.js'
import {skopeoListTags, skopeoRawManifest} from '../helpers/skopeo.js'

export const FAULT_ENGINES = ['docker', 'buildx', 'buildah'] as const
export type FaultEngine = (typeof FAULT_ENGINES)[number]

/** What each engine needs here: docker on the classic daemon, buildx on the containerd-store one, buildah. */
export const ENGINE_TOOLS: Readonly<Record<FaultEngine, readonly Tool[]>> = {
  docker: ['docker-daemon'],
  buildx: ['containerd-store-daemon', 'docker-buildx'],
  buildah: ['buildah', 'root']
}

const ENGINE_ENV: Readonly<Record<FaultEngine, Record<string, string>>> = {
  docker: {},
  buildx: {DOCKER_HOST: CONTAINERD_STORE_HOST},
  buildah: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}
}

const TOO_MANY = JSON.stringify({errors: [{code: 'TOOMANYREQUESTS', message: 'injected 429: slow down'}]})

/** A third each: 429 with Retry-After, 500, a reset (before or after the registry handled the request). */
export const PUSH_FAULTS: readonly Fault[] = [
  {kind: 'status', status: 429, retryAfter: 1, body: TOO_MANY},
  {kind: 'status', status: 429, retryAfter: 1, body: TOO_MANY},
  {kind: 'status', status: 500},
  {kind: 'status', status: 500},
  {kind: 'drop-request'},
  {kind: 'drop-response'}
]

export const TAGS = ['1', '2'] as const

export interface FaultBench {
  readonly registry: TestRegistry
  readonly proxy: FaultProxy
  stop(): Promise<void>
}

export async function startFaultBench(): Promise<FaultBench> {
  const registry = await startRegistry({auth: 'anonymous'})
  const proxy = await startFaultProxy(registry.url)
  return {
    registry,
    proxy,
    stop: async () => {
      await proxy.close()
      await registry.stop()
    }
  }
}

export interface RunVerdict {
  readonly engine: FaultEngine
  readonly run: number
  /** The refs pushed, as the action names them (through the proxy). */
  readonly refs: readonly string[]
  readonly ok: boolean
  /** The tags skopeo found, with their digests (straight from the registry, not through the proxy). */
  readonly tags: Readonly<Record<string, string>>
  /** Every tag that exists names the one digest (and, after a success, the digest the action output). */
  readonly consistent: boolean
  readonly faults: number
  readonly requests: number
  readonly seconds: number
  /** Engine pushes the action tried again, and tags the registry client wrote, as its log says. */
  readonly retries: number
  readonly clientTags: number
  /** The step's error (its first lines) when it failed. */
  readonly error?: string
  readonly action: ActionRun
}

/** The `::error::` lines of a failed step, unescaped. */
function stepError(run: ActionRun): string {
  const lines = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
  return lines
    .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'))
    .join('\n')
}

const BUNDLE = path.join(ACTION_DIR, 'dist', 'main', 'index.js')

/**
 * runAction, waiting out a rebuild of dist/ by another process (`npm run build` removes it first): a run that
 * found no bundle is not a run of the action, so it is made again.
 */
async function runBundle(options: RunActionOptions): Promise<ActionRun> {
  for (let tries = 1; ; tries++) {
    const run = await runAction(options)
    const missing = run.exitCode !== 0 && run.stderr.includes(`Cannot find module '${BUNDLE}'`)
    if (!missing || tries >= 10) return run
    await sleep(15_000)
  }
}

/**
 * One run of the action at `rate` random faults (and `rules`, exact ones): a copy-only image (a fresh file, so fresh layers) pushed as
 * `<proxy>/faults/<engine>-<id>:1` and `:2`, no cache, no reuse. Then what the registry holds.
 */
export async function runWithFaults(
  bench: FaultBench,
  engine: FaultEngine,
  run: number,
  rate: number,
  rules: readonly FaultRule[] = []
): Promise<RunVerdict> {
  const repo = `faults/${engine}-${Date.now().toString(36)}-${run}`
  bench.proxy.reset()
  bench.proxy.inject(...rules)
  if (rate > 0) bench.proxy.injectRandom({rate, faults: PUSH_FAULTS, seed: run + 1})
  const action = await runBundle({
    post: true,
    prepare: async workspace => {
      await writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY message.txt /message.txt\n')
      await writeFile(path.join(workspace, 'message.txt'), `${engine} run ${run} ${Date.now()}\n`)
    },
    env: ENGINE_ENV[engine],
    inputs: {
      images: `${bench.proxy.host}/${repo}`,
      tags: TAGS.map(tag => `type=raw,value=${tag}`).join('\n'),
      push: 'true',
      engine,
      cache: 'none',
      reuse: 'false'
    },
    timeoutMs: 1_200_000
  })
  const requests = [...bench.proxy.requests]
  const faults = requests.filter(r => r.fault !== undefined).length
  bench.proxy.reset()
  const present = await skopeoListTags(bench.registry, repo).catch(() => [] as string[])
  const tags: Record<string, string> = {}
  for (const tag of present) tags[tag] = (await skopeoRawManifest(bench.registry, `${repo}:${tag}`)).digest
  const digests = new Set(Object.values(tags))
  const ok = action.exitCode === 0
  const consistent =
    digests.size <= 1 && (!ok || (digests.has(action.outputs.digest ?? '') && TAGS.every(tag => tag in tags)))
  return {
    engine,
    run,
    refs: TAGS.map(tag => `${bench.proxy.host}/${repo}:${tag}`),
    ok,
    tags,
    consistent,
    faults,
    requests: requests.length,
    seconds: action.wallMs / 1000,
    retries: (action.stdout.match(/ failed \(.*\); trying again in /g) ?? []).length,
    clientTags: (action.stdout.match(/ with the registry client$/gm) ?? []).length,
    ...(ok ? {} : {error: stepError(action)}),
    action
  }
}

/** One line per run for logs: `docker #3 ok 12.1 s, 4/31 requests faulted, tags 1 2 → sha256:abcd…`. */
export function describeRun(verdict: RunVerdict): string {
  const tags = Object.keys(verdict.tags).sort().join(' ') || 'none'
  const digests = [...new Set(Object.values(verdict.tags))].map(d => d.slice(0, 19)).join(', ')
  const head = `${verdict.engine} #${verdict.run} ${verdict.ok ? 'ok' : 'FAILED'} ${verdict.seconds.toFixed(1)} s`
  const line = `${head}, ${verdict.faults}/${verdict.requests} requests faulted, ${verdict.retries} engine retries, tags ${tags}${digests ? ` → ${digests}` : ''}${verdict.consistent ? '' : ' INCONSISTENT'}`
  return verdict.error ? `${line}\n    ${verdict.error.split('\n').slice(0, 3).join('\n    ')}` : line
}
