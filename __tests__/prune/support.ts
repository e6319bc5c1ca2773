/** Small builders for planner tests: inventories written as data. */
import {createHash} from 'node:crypto'
import {parsePruneRules} from '../../src/prune/plan/rules.js'
import type {Inventory, ManifestNode, PlanContext, PruneRules, RepoPlan} from '../../src/prune/plan/types.js'

export const NOW = Date.UTC(2025, 5, 1)
export const DAY = 86_400_000
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

/** A stable fake digest per name: d('a') is always the same sha256. */
export function d(name: string | number): string {
  return `sha256:${createHash('sha256').update(String(name)).digest('hex')}`
}

export function rules(text: string): PruneRules {
  const parsed = parsePruneRules(text)
  if (!parsed) throw new Error('no rules')
  return parsed
}

export function ctx(over: Partial<PlanContext> = {}): PlanContext {
  return {now: NOW, protectedTags: new Set(), cachePrefix: 'buildcache', ...over}
}

export interface NodeSpec extends Partial<Omit<ManifestNode, 'digest'>> {
  /** Age in days (time source 'test'), or an absolute ms time. */
  readonly ageDays?: number
  readonly children?: readonly string[]
  readonly subject?: string
}

/**
 * `tags`: tag → digest. `nodes`: digest → spec; any digest named by a tag or spec gets a node read in full
 * (image manifest, no children) unless the spec says otherwise.
 */
export function inventory(spec: {
  tags: Record<string, string>
  nodes?: Record<string, NodeSpec>
  kind?: Inventory['kind']
  referrers?: Inventory['referrers']
  untaggedListed?: boolean
  problems?: string[]
  /** Listed tags whose manifest could not be read: tag → what the registry answered. */
  unreadable?: Record<string, string>
}): Inventory {
  const nodes = new Map<string, ManifestNode>()
  const digests = new Set([...Object.values(spec.tags), ...Object.keys(spec.nodes ?? {})])
  for (const [, node] of Object.entries(spec.nodes ?? {})) {
    for (const child of node.children ?? []) digests.add(child)
    if (node.subject) digests.add(node.subject)
  }
  for (const digest of digests) {
    const s = spec.nodes?.[digest] ?? {}
    const {ageDays, children, subject, ...rest} = s
    const isIndex = (children?.length ?? 0) > 0
    nodes.set(digest, {
      digest,
      mediaType: isIndex ? OCI_INDEX : OCI_MANIFEST,
      content: {children: children ?? [], ...(subject ? {subject} : {})},
      ...(ageDays === undefined ? {} : {time: {ms: NOW - ageDays * DAY, source: 'test'}}),
      ...rest
    })
  }
  return {
    repository: 'r.example/app',
    kind: spec.kind ?? 'oci',
    tags: new Map(Object.entries(spec.tags)),
    unreadable: new Map(Object.entries(spec.unreadable ?? {})),
    nodes,
    referrers: spec.referrers ?? 'tag-schema',
    untaggedListed: spec.untaggedListed ?? false,
    problems: spec.problems ?? []
  }
}

export function decision(plan: RepoPlan, tag: string) {
  const found = plan.tags.find(t => t.tag === tag)
  if (!found) throw new Error(`no decision for ${tag}`)
  return found
}

export const deletedDigests = (plan: RepoPlan): string[] =>
  plan.steps.flatMap(s => (s.op === 'delete' ? [s.digest] : []))
export const untaggedTags = (plan: RepoPlan): string[] =>
  plan.steps.flatMap(s => (s.op === 'untag' ? [s.tag] : []))
