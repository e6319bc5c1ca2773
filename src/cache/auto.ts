/** `cache: auto` (pure): which cache a run gets, from what it may write and what the runner offers. */
import {
  planCache,
  type CacheEvent,
  type CacheInputs,
  type CachePlan,
  type PlanCacheOptions
} from './policy.js'

/**
 * `cache: auto`: the registry cache where this build can write it (it pushes, and the scope may be written);
 * otherwise GitHub's cache, which a fork's pull request or a build that does not push can write, reading the
 * registry cache too; with neither, the registry cache read only.
 */
export function planAuto(
  inputs: Omit<CacheInputs, 'mode'>,
  event: CacheEvent,
  options: PlanCacheOptions
): CachePlan {
  const registry = planCache({...inputs, mode: 'registry'}, event, options)
  // Without GitHub's cache there is nothing better to try: the engine may hold credentials of its own.
  const credentials = options.push || options.registryLogin || options.actionsCacheMissing !== undefined
  if (registry.writeRef !== undefined && credentials) {
    return {...registry, auto: true, reason: `auto → registry: ${registry.reason}`}
  }
  const why =
    registry.repository === undefined
      ? 'no image to keep it next to'
      : registry.writeRef === undefined
        ? 'this build may not write it'
        : 'the build neither pushes nor logs in'
  if (options.actionsCacheMissing !== undefined) {
    return {
      ...registry,
      writeRef: undefined,
      auto: true,
      reason: `auto → registry, read only (${why}; GitHub's cache: ${options.actionsCacheMissing}): ${registry.reason}`
    }
  }
  const gha = planCache({...inputs, mode: 'gha'}, event, options)
  return {
    ...gha,
    auto: true,
    ...(registry.readRefs.length > 0 ? {alsoReadRegistry: registry.readRefs} : {}),
    reason: `auto → GitHub's cache (the registry cache: ${why}; read too): ${gha.reason}`
  }
}
