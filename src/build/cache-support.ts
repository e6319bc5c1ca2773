/** Which cache modes each engine can honour, and what happens to the others (pure). */
import type {EngineKind} from './engine.js'
import {NO_CACHE} from '../cache/policy.js'
import type {CacheMode, CachePlan} from '../cache/policy.js'

const SUPPORTED: Readonly<Record<EngineKind, readonly CacheMode[]>> = {
  buildx: ['registry', 'gha', 'inline', 'local', 'none'],
  // Without buildx, BuildKit can only export inline cache (into the image config) and import images.
  docker: ['registry', 'inline', 'none'],
  // buildah has its own registry cache (one image per step); nothing else.
  buildah: ['registry', 'none']
}

const WHY: Readonly<Record<EngineKind, string>> = {
  buildx: '',
  docker:
    'docker without buildx can only use registry or inline cache; the daemon still keeps its own local cache',
  buildah:
    'buildah can only use a registry cache (cache: registry); it keeps layers in its local storage anyway'
}

export interface EngineCache {
  readonly plan: CachePlan
  readonly warnings: readonly string[]
}

/**
 * The plan as this engine will carry it out. An unsupported mode falls back to no remote cache with a
 * warning rather than failing the build: the cache is an optimisation. Raw cache-from/cache-to values are
 * buildx syntax, so other engines ignore them (and say so).
 */
export function cacheForEngine(plan: CachePlan, engine: EngineKind): EngineCache {
  const warnings: string[] = []
  if (engine !== 'buildx' && (plan.rawFrom.length > 0 || plan.rawTo.length > 0)) {
    warnings.push(`cache-from / cache-to are buildx syntax and are ignored by the ${engine} engine`)
  }
  const raw = engine === 'buildx' ? plan : {...plan, rawFrom: [], rawTo: []}
  if (SUPPORTED[engine].includes(plan.mode)) return {plan: raw, warnings}
  // buildah's --layers already is a local cache: asking for one is not worth a warning.
  if (!(engine === 'buildah' && plan.mode === 'local')) {
    warnings.push(
      `cache: ${plan.mode} is not supported by the ${engine} engine (${WHY[engine]}); building without a remote cache`
    )
  }
  return {plan: {...NO_CACHE, reason: `cache: ${plan.mode} is not available with ${engine}`}, warnings}
}
