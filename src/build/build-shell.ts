/** What every engine's build runner shares (shell): the build's deps and result, pushing every tag, finishing. */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import type {Exec} from '../shell/exec.js'
import {type ActionsCacheLib} from './actions-cache.js'
import {NO_CACHE} from '../cache/policy.js'
import type {CacheReport} from '../cache/report.js'
import type {CredentialStore} from '../registry/auth.js'
import {connectRegistry} from '../registry/connect.js'
import type {Clock} from '../registry/retry.js'
import type {BuildRequest} from './args.js'
import type {Engine} from './engine.js'
import {engineCredentials} from './push-credentials.js'
import type {PushRetryPolicy} from './push-retry.js'
import {enginePush, pushFirstTag, writeOtherTags} from './push-tags.js'
import type {Connect, EnginePush, PushDeps, TagDeps} from './push-tags.js'

export interface PushedRef {
  readonly ref: string
  readonly digest: string
}

export interface BuildResult {
  readonly imageId: string
  /** Manifest digest in the registry, when pushed. */
  readonly digest?: string
  readonly pushed: readonly PushedRef[]
  /** Image size in bytes as the engine reports it, when it keeps the image locally. */
  readonly size?: number
  /** The engine's own build metadata (buildx), or the same keys filled in for the others. */
  readonly metadata: Readonly<Record<string, unknown>>
  /** What the layer cache did: per-stage hits, refs read and written, time spent. */
  readonly cache?: CacheReport
}

export interface BuildDeps {
  readonly exec: Exec
  /** Environment for engine commands (the process environment plus the engine's own). */
  readonly env: Record<string, string>
  /** Cache problems are warnings, never failures (core.warning in the action). */
  readonly warn?: (message: string) => void
  /** Progress worth a line in the job log, such as a push tried again (core.info by default). */
  readonly info?: (message: string) => void
  /**
   * The registry client that writes every tag after the first; by default one per registry with `credentials`,
   * else the credentials of the engine's own auth file (push-credentials.ts).
   */
  readonly connect?: Connect
  readonly credentials?: CredentialStore
  /** How pushes are retried (PUSH_RETRY_POLICY by default), and on which clock: for tests. */
  readonly pushPolicy?: PushRetryPolicy
  readonly clock?: Clock
  /** @actions/cache, for a local cache kept in GitHub's cache (loaded on first use by default): for tests. */
  readonly actionsCache?: () => Promise<ActionsCacheLib>
}

/** Deps with the warnings also collected for the report. */
export interface Shell extends BuildDeps {
  readonly warn: (message: string) => void
  readonly warnings: string[]
}

export async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    return ''
  }
}

export async function localSize(
  engine: Engine,
  deps: BuildDeps,
  imageId: string
): Promise<number | undefined> {
  const args =
    engine.kind === 'buildah'
      ? ['inspect', '--type', 'image', '--format', '{{.ImageSize}}', imageId]
      : ['image', 'inspect', '--format', '{{.Size}}', imageId]
  const out = await deps.exec(engine.command, args, {env: deps.env, allowFailure: true})
  const size = Number(out.stdout.trim())
  return out.exitCode === 0 && Number.isFinite(size) && size > 0 ? size : undefined
}

export function firstDigest(pushed: readonly PushedRef[]): string | undefined {
  return pushed[0]?.digest
}

export const seconds = (since: number) => (performance.now() - since) / 1000

export function baseReport(
  req: BuildRequest,
  shell: Shell
): Pick<CacheReport, 'mode' | 'reason' | 'warnings'> {
  const plan = req.cache ?? NO_CACHE
  return {mode: plan.mode, reason: plan.reason, warnings: shell.warnings}
}

/** The step's login first, then what the engine itself would push with. */
export function defaultConnect(engine: Engine, deps: BuildDeps): Connect {
  const own = engineCredentials(engine.kind, deps.env, deps.exec)
  const credentials: CredentialStore = {
    get: async registry => (await deps.credentials?.get(registry)) ?? (await own.get(registry))
  }
  return registry => connectRegistry({registry, credentials})
}

/** What pushes need: the registry client (engine credentials), the retry policy, the step's temp dir. */
export function pushDeps(engine: Engine, req: BuildRequest, shell: Shell): PushDeps {
  return {
    exec: shell.exec,
    env: shell.env,
    log: shell.info ?? (message => core.info(message)),
    connect: shell.connect ?? defaultConnect(engine, shell),
    tempDir: path.dirname(req.iidFile),
    ...(shell.pushPolicy ? {policy: shell.pushPolicy} : {}),
    ...(shell.clock ? {clock: shell.clock} : {})
  }
}

export function tagDeps(deps: PushDeps, fallback?: TagDeps['fallback']): TagDeps {
  return {
    connect: deps.connect ?? (registry => connectRegistry({registry})),
    log: deps.log,
    ...(fallback ? {fallback} : {})
  }
}

/** Engine push of the first tag, then the other tags from its digest (the engine again where the client cannot). */
export async function pushEveryTag(
  engine: Engine,
  req: BuildRequest,
  shell: Shell,
  push: EnginePush
): Promise<PushedRef[]> {
  if (!req.push || req.tags.length === 0) return []
  const deps = pushDeps(engine, req, shell)
  const first = await pushFirstTag(req.tags, push, deps)
  // The engine's push of a tag the client could not write: the client cannot reach that registry.
  const fallback = (ref: string) => enginePush(ref, push, {...deps, connect: undefined})
  return writeOtherTags(first, req.tags, tagDeps(deps, fallback))
}

export async function finish(
  engine: Engine,
  deps: BuildDeps,
  imageId: string,
  pushed: PushedRef[]
): Promise<BuildResult> {
  const digest = firstDigest(pushed)
  const metadata: Record<string, unknown> = {
    'containerimage.config.digest': imageId,
    ...(digest ? {'containerimage.digest': digest} : {}),
    'image.name': pushed.map(p => p.ref).join(',')
  }
  return {imageId, digest, pushed, size: await localSize(engine, deps, imageId), metadata}
}
