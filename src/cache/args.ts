/** Cache arguments per engine (pure): the plan in, argv fragments out. */
import type {CachePlan} from './policy.js'

/** Where buildx writes a local cache before it replaces the old one (the cache grows without bound otherwise). */
export function localCacheStaging(dir: string): string {
  return `${dir}-new`
}

/**
 * `--cache-to` for the registry: mode=max caches every stage; image-manifest + oci-mediatypes is the format
 * every registry accepts (ECR, GCR, Quay, Harbor reject the index form); ignore-error because a failed
 * cache export must never fail a build.
 */
const REGISTRY_TO = 'mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'

function buildxFrom(plan: CachePlan): string[] {
  switch (plan.mode) {
    case 'registry':
    case 'inline':
      return plan.readRefs.map(ref => `type=registry,ref=${ref}`)
    case 'gha':
      return plan.readRefs.map(scope => `type=gha,scope=${scope}`)
    case 'local':
      return plan.readRefs.map(dir => `type=local,src=${dir}`)
    case 'none':
      return []
  }
}

function buildxTo(plan: CachePlan): string[] {
  const ref = plan.writeRef
  if (ref === undefined) return []
  switch (plan.mode) {
    case 'registry':
      return [`type=registry,ref=${ref},${REGISTRY_TO}`]
    case 'gha':
      return [`type=gha,scope=${ref},mode=max,ignore-error=true`]
    case 'inline':
      return ['type=inline']
    case 'local':
      return [`type=local,dest=${localCacheStaging(ref)},mode=max,ignore-error=true`]
    case 'none':
      return []
  }
}

export interface BuildxCache {
  readonly args: readonly string[]
  /**
   * Extra tags for the image: inline cache travels inside the pushed image, so the cache ref is simply one
   * more tag of it; without push there is nowhere to write it.
   */
  readonly tags: readonly string[]
}

/** Raw `cache-from` / `cache-to` lines replace the computed ones, direction by direction. */
export function buildxCacheArgs(plan: CachePlan, push: boolean): BuildxCache {
  const from = plan.rawFrom.length > 0 ? plan.rawFrom : buildxFrom(plan)
  const computedTo = plan.mode === 'inline' && !push ? [] : buildxTo(plan)
  const to = plan.rawTo.length > 0 ? plan.rawTo : computedTo
  const tags =
    plan.rawTo.length === 0 && plan.mode === 'inline' && push && plan.writeRef ? [plan.writeRef] : []
  return {args: [...from.flatMap(v => ['--cache-from', v]), ...to.flatMap(v => ['--cache-to', v])], tags}
}

/** BuildKit writes inline cache metadata into the image config only when asked with this build argument. */
export const INLINE_CACHE_BUILD_ARG = 'BUILDKIT_INLINE_CACHE=1'

/** buildah needs a repository of its own: it pushes one image per step, tagged with the step's cache key. */
export function buildahCacheRepository(plan: CachePlan): string | undefined {
  if (plan.mode !== 'registry' || !plan.repository) return undefined
  return `${plan.repository}-${plan.tagPrefix ?? 'buildcache'}`
}

/** `--cache-from` always (a missing repository is a miss); `--cache-to` only when this build may write. */
export function buildahCacheArgs(plan: CachePlan): string[] {
  const repository = buildahCacheRepository(plan)
  if (!repository) return []
  return ['--cache-from', repository, ...(plan.writeRef ? ['--cache-to', repository] : [])]
}

/** Repositories the cache reads or writes, for engine configuration (buildah's registries.conf). */
export function cacheRepositories(build: {readonly cache?: CachePlan}): string[] {
  const plan = build.cache
  if (!plan?.repository) return []
  const buildah = buildahCacheRepository(plan)
  return [plan.repository, ...(buildah ? [buildah] : [])]
}
