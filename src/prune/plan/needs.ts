/**
 * What a plan still needs read before it may run (pure). Reading is lazy because it costs requests (and, on
 * Docker Hub and GHCR, pulls and downloads): only what a deletion depends on is asked for.
 */
import type {Inventory, PlanNeeds, RepoPlan} from './types.js'

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

export const NO_NEEDS: PlanNeeds = {heads: [], manifests: [], referrers: [], times: []}

export function isIndexType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_TYPES.has(mediaType)
}

/**
 * What must be read before the plan may run. Only when something is deleted: then every needed manifest's
 * type must be known and every needed index read (its children are what a deletion could break), and every
 * doomed manifest read (its children and subject) with its referrers listed where the registry has the API.
 */
export function findNeeds(
  inventory: Inventory,
  needed: ReadonlyMap<string, string>,
  doomed: ReadonlySet<string>,
  times: readonly string[]
): PlanNeeds {
  const heads: string[] = []
  const manifests: string[] = []
  const referrers: string[] = []
  if (doomed.size > 0) {
    for (const digest of [...needed.keys()].sort()) {
      const node = inventory.nodes.get(digest)
      if (node === undefined || node.missing || node.content !== undefined) continue
      if (node.mediaType === undefined) heads.push(digest)
      else if (isIndexType(node.mediaType)) manifests.push(digest)
    }
    for (const digest of [...doomed].sort()) {
      const node = inventory.nodes.get(digest)
      if (node?.content === undefined) manifests.push(digest)
      if (inventory.referrers === 'api' && node?.referrers === undefined) referrers.push(digest)
    }
  }
  return {heads, manifests, referrers, times: [...times]}
}

export function hasNeeds(plan: RepoPlan): boolean {
  const {heads, manifests, referrers, times} = plan.needs
  return heads.length + manifests.length + referrers.length + times.length > 0
}
