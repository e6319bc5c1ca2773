/**
 * From the action's inputs and the event to what the prune stage needs (pure): the rules, the repositories
 * (`prune-images`, else every enabled image, plus the cache repository when a rule prunes cache tags), the
 * closed pull request, and whether a build is wanted at all.
 */
import {InputError} from '../../shared/errors.js'
import {parseReference} from '../../registry/reference.js'
import {parsePruneRules} from './rules.js'
import type {PruneRules} from './types.js'

export interface PruneConfig {
  readonly rules: PruneRules
  /** Canonical `registry/repository` names, in input order, without duplicates. */
  readonly repositories: readonly string[]
  /** Those of the repositories that are buildah's layer cache (PlanContext.layerCache). */
  readonly layerCacheRepositories: readonly string[]
  readonly closedPr?: number
  readonly cachePrefix: string
  readonly defaultCacheScope?: string
}

export interface PruneInputs {
  readonly prune: string
  readonly 'prune-images': string
}

export interface PruneEvent {
  readonly eventName: string
  readonly payload: Readonly<Record<string, unknown>>
  /** Enabled image names (`meta.images`). */
  readonly images: readonly string[]
  /** The cache plan's repository and tag prefix, when the cache lives in a registry. */
  readonly cacheRepository?: string
  readonly cachePrefix?: string
  /** buildah's layer cache repository next to it (cache/args.ts buildahCacheRepository), when there is one. */
  readonly layerCacheRepository?: string
  /** The default branch's cache scope (cache/policy.ts sanitizeScope), when the default branch is known. */
  readonly defaultCacheScope?: string
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {}

/** The number of the pull request this event closed (merged or not), else undefined. */
export function closedPullRequest(
  eventName: string,
  payload: Readonly<Record<string, unknown>>
): number | undefined {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined
  if (payload.action !== 'closed') return undefined
  const number = payload.number ?? record(payload.pull_request).number
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined
}

function canonical(input: string, name: string, where: string): string {
  let ref
  try {
    ref = parseReference(name)
  } catch (error: unknown) {
    throw new InputError(input, `${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const slash = name.lastIndexOf('/')
  if (name.includes('@') || name.lastIndexOf(':') > slash) {
    throw new InputError(
      input,
      `${where}: name a repository without a tag or digest (e.g. ghcr.io/owner/app)`
    )
  }
  return `${ref.registry}/${ref.repository}`
}

export function pruneConfig(inputs: PruneInputs, event: PruneEvent): PruneConfig | undefined {
  const rules = parsePruneRules(inputs.prune)
  if (rules === undefined) {
    if (inputs['prune-images'].trim() !== '') {
      throw new InputError(
        'prune-images',
        'is set but prune has no rules; add rules to prune (e.g. type=pr-closed)'
      )
    }
    return undefined
  }
  const named = inputs['prune-images']
    .split(/\r?\n/)
    .map((text, index) => ({text: text.trim(), line: index + 1}))
    .filter(line => line.text !== '' && !line.text.startsWith('#'))
  const repositories = named.length
    ? named.map(line => canonical('prune-images', line.text, `line ${line.line} "${line.text}"`))
    : event.images.map(image => canonical('images', image, `"${image}"`))
  const prunesCache = rules.deletes.some(r => r.type === 'cache' || (r.type === 'pr-closed' && r.cache))
  if (prunesCache && event.cacheRepository && named.length === 0)
    repositories.push(canonical('cache-ref', event.cacheRepository, 'cache repository'))
  // Not scoped per branch or pull request: only an age or count rule on cache tags can judge its entries.
  const layerCache =
    rules.deletes.some(r => r.type === 'cache') && event.layerCacheRepository && named.length === 0
      ? [canonical('cache-ref', event.layerCacheRepository, 'layer cache repository')]
      : []
  repositories.push(...layerCache)
  if (repositories.length === 0) {
    throw new InputError(
      'prune-images',
      'prune has rules but no repository to apply them to; name images or prune-images'
    )
  }
  const closedPr = closedPullRequest(event.eventName, event.payload)
  return {
    rules,
    repositories: [...new Set(repositories)],
    layerCacheRepositories: layerCache,
    ...(closedPr === undefined ? {} : {closedPr}),
    cachePrefix: event.cachePrefix ?? 'buildcache',
    ...(event.defaultCacheScope === undefined ? {} : {defaultCacheScope: event.defaultCacheScope})
  }
}
