/**
 * The prune stage (shell): for each repository, list → plan (reading more until the plan needs nothing
 * else) → print the plan → unless dry-run, execute it. Repositories are independent: one that cannot be
 * listed completely deletes nothing and says why, the others go on.
 */
import {
  connectRegistry,
  createLimiter,
  parseReference,
  staticCredentials,
  type Credentials,
  type RegistryClient,
  type Transport
} from '../../registry/index.js'
import {systemClock, type Clock} from '../../registry/retry.js'
import {toMessage} from '../../shared/errors.js'
import {backendFor} from './backends.js'
import {DeleteGuard, tagReading} from './guard.js'
import {fillNeeds, type InventoryBuilder} from './inventory.js'
import {GhcrApi} from '../../registry/apis/ghcr.js'
import {HubApi} from '../../registry/apis/hub.js'
import {hasNeeds, NO_NEEDS} from '../plan/needs.js'
import {planPrune} from '../plan/planner.js'
import {planLines} from './report.js'
import {ghcrSource, hubSource, ociSource, type Target} from './sources.js'
import {runSteps} from './steps.js'
import type {PlanContext, PruneRules, PruneRun, RegistryKind, RepoOutcome, RepoPlan} from '../plan/types.js'

const MAX_ROUNDS = 16
/** Long enough for a pull request's few deletions to need no second reading, short against a rollback. */
const GUARD_MAX_AGE_MS = 10_000

export interface PruneLog {
  info(line: string): void
  warning(line: string): void
  error(line: string): void
}

/** Where and how to reach things; tests point these at local servers. */
export interface PruneEndpoints {
  readonly hubApi?: string
  readonly githubApi?: string
  /** Registry host → kind, overriding the built-in docker.io → hub, ghcr.io → ghcr. */
  readonly kinds?: Readonly<Record<string, RegistryKind>>
  readonly transport?: Transport
  readonly apiTransport?: Transport
  readonly clock?: Clock
  readonly sleep?: (ms: number) => Promise<void>
  /** GitHub's pause between mutations (default 1 s, as GitHub asks). */
  readonly mutationIntervalMs?: number
  /** How old the last reading of the surviving tags may be when a manifest is deleted (default 10 s). */
  readonly guardMaxAgeMs?: number
  readonly concurrency?: number
}

export interface PruneOptions {
  readonly rules: PruneRules
  /** Repositories: `ghcr.io/o/app`, `127.0.0.1:5000/app`. */
  readonly repositories: readonly string[]
  /** Repositories that hold buildah's layer cache only (PlanContext.layerCache). */
  readonly layerCacheRepositories?: readonly string[]
  readonly context: Omit<PlanContext, 'protectedTags'>
  /** Full references (`ghcr.io/o/app:1.2.3`) this run pushed, or would push: never touched. */
  readonly protectedRefs: readonly string[]
  readonly credentials: Readonly<Record<string, Credentials>>
  readonly dryRun: boolean
  readonly log: PruneLog
  readonly endpoints?: PruneEndpoints
}

export function kindOf(registry: string, kinds: Readonly<Record<string, RegistryKind>> = {}): RegistryKind {
  return kinds[registry] ?? (registry === 'docker.io' ? 'hub' : registry === 'ghcr.io' ? 'ghcr' : 'oci')
}

function targetOf(repository: string): Target {
  const ref = parseReference(repository)
  return {name: `${ref.registry}/${ref.repository}`, registry: ref.registry, path: ref.repository}
}

function protectedTags(target: Target, refs: readonly string[]): Set<string> {
  const tags = new Set<string>()
  for (const text of refs) {
    const ref = parseReference(text)
    if (ref.registry === target.registry && ref.repository === target.path && ref.tag) tags.add(ref.tag)
  }
  return tags
}

interface Apis {
  hub?: HubApi
  ghcr?: GhcrApi
}

function apisFor(target: Target, kind: RegistryKind, options: PruneOptions): Apis | string {
  const login = options.credentials[target.registry]
  const e = options.endpoints ?? {}
  const http = {
    ...(e.apiTransport ? {transport: e.apiTransport} : {}),
    ...(e.clock ? {clock: e.clock} : {})
  }
  if (kind === 'hub') {
    if (!login)
      return 'Docker Hub deletes need a login: set username and password (a PAT with Read, Write, Delete)'
    return {hub: new HubApi({...login, ...http, ...(e.hubApi ? {baseUrl: e.hubApi} : {})})}
  }
  if (kind === 'ghcr') {
    if (!login) return 'GHCR deletes need a token: github-token or a ghcr.io login with delete:packages'
    const mutationIntervalMs = e.mutationIntervalMs ?? 1000
    return {
      ghcr: new GhcrApi({
        token: login.password,
        mutationIntervalMs,
        ...http,
        ...(e.githubApi ? {baseUrl: e.githubApi} : {})
      })
    }
  }
  return {}
}

async function gather(
  target: Target,
  kind: RegistryKind,
  client: RegistryClient,
  apis: Apis,
  plan: (builder: InventoryBuilder) => RepoPlan
): Promise<RepoPlan> {
  const builder =
    kind === 'hub'
      ? await hubSource(target, client, apis.hub as HubApi)
      : kind === 'ghcr'
        ? await ghcrSource(target, apis.ghcr as GhcrApi)
        : await ociSource(target, client)
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = plan(builder)
    if (current.blocked !== undefined || !hasNeeds(current)) return current
    await fillNeeds(builder, client, target.path, current.needs)
  }
  builder.problems.push(`the manifest graph did not settle after ${MAX_ROUNDS} rounds of reading`)
  return plan(builder)
}

function emptyPlan(target: Target, kind: RegistryKind, why: string): RepoPlan {
  return {
    repository: target.name,
    kind,
    blocked: why,
    tags: [],
    manifests: [],
    steps: [],
    needs: NO_NEEDS,
    notes: [],
    warnings: [`${target.name}: nothing deleted: ${why}`]
  }
}

async function pruneOne(
  repository: string,
  options: PruneOptions,
  limit: ReturnType<typeof createLimiter>
): Promise<RepoOutcome> {
  const target = targetOf(repository)
  const e = options.endpoints ?? {}
  const kind = kindOf(target.registry, e.kinds)
  const apis = apisFor(target, kind, options)
  if (typeof apis === 'string') return {plan: emptyPlan(target, kind, apis), results: []}
  const client = await connectRegistry({
    registry: target.registry,
    credentials: staticCredentials(options.credentials),
    concurrency: limit,
    ...(e.transport ? {transport: e.transport} : {}),
    ...(e.clock ? {clock: e.clock} : {})
  })
  const ctx: PlanContext = {
    ...options.context,
    protectedTags: protectedTags(target, options.protectedRefs),
    ...(options.layerCacheRepositories?.includes(repository) ? {layerCache: true} : {})
  }
  const now = () => (e.clock ?? systemClock).now()
  const readAt = now()
  let plan: RepoPlan
  try {
    plan = await gather(target, kind, client, apis, builder =>
      planPrune(builder.snapshot(), options.rules, ctx)
    )
  } catch (error: unknown) {
    plan = emptyPlan(target, kind, `could not list the repository: ${toMessage(error)}`)
  }
  for (const line of planLines(plan)) options.log.info(line)
  for (const warning of plan.warnings) options.log.warning(warning)
  if (options.dryRun || plan.blocked !== undefined || plan.steps.length === 0) return {plan, results: []}
  const guard = new DeleteGuard({
    client,
    path: target.path,
    reading: tagReading(plan),
    readAt,
    maxAgeMs: e.guardMaxAgeMs ?? GUARD_MAX_AGE_MS,
    now
  })
  const shell = {client, path: target.path, ...(e.sleep ? {sleep: e.sleep} : {})}
  const backend = backendFor(kind, shell, apis, guard)
  const results = await runSteps(plan, backend, {
    concurrency: e.concurrency ?? 8,
    log: line => options.log.info(line)
  })
  return {plan, results}
}

/** Prunes every repository in turn; never throws for a registry's answer, only reports. */
export async function runPrune(options: PruneOptions): Promise<PruneRun> {
  const limit = createLimiter(options.endpoints?.concurrency ?? 8)
  const repositories: RepoOutcome[] = []
  for (const repository of options.repositories) repositories.push(await pruneOne(repository, options, limit))
  const failures: string[] = []
  const warnings = new Set<string>()
  for (const {plan, results} of repositories) {
    // A listed tag nobody could read blocked the repository: a surprise the step must not pass over.
    if (plan.unreadable !== undefined) {
      const message = `${plan.repository}: nothing deleted: ${plan.blocked ?? ''}`
      failures.push(message)
      options.log.error(message)
    }
    for (const result of results) {
      if (result.status === 'failed') {
        const what = result.step.op === 'untag' ? `tag ${result.step.tag}` : result.step.digest
        failures.push(`${plan.repository}: ${what}: ${result.detail}`)
        options.log.error(`${plan.repository}: ${what}: ${result.detail}`)
      } else if (result.detail.startsWith('stopped: ')) {
        // Credentials that may not delete stop the repository and fail the step (never "already gone").
        const message = `${plan.repository}: ${result.detail}`
        if (!failures.includes(message)) {
          failures.push(message)
          options.log.error(message)
        }
      } else if (result.status === 'refused') {
        // One line per cause, not per step: a registry refusing deletes would otherwise say so 1,000 times.
        warnings.add(`${plan.repository}: ${result.status}: ${result.detail}`)
      }
    }
  }
  for (const warning of warnings) options.log.warning(warning)
  return {dryRun: options.dryRun, repositories, failures}
}
