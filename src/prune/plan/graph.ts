/**
 * The manifest graph of one repository (pure): an edge runs from a manifest to what lives or dies with it —
 * index → child, subject → referrer, subject → its `sha256-<hex>` referrers index. Keeping a manifest keeps
 * everything downstream; deleting one may take downstream manifests along, never upstream ones.
 */
import type {Inventory} from './types.js'

export type EdgeKind = 'child' | 'referrer' | 'referrers-index'

export interface Edge {
  readonly to: string
  readonly kind: EdgeKind
}

export interface Graph {
  /** Sorted by target digest for deterministic walks. */
  readonly out: ReadonlyMap<string, readonly Edge[]>
  /** Reverse edges: who a manifest depends on. */
  readonly in: ReadonlyMap<string, readonly {from: string; kind: EdgeKind}[]>
}

export function buildGraph(inventory: Inventory, attached: ReadonlyMap<string, string>): Graph {
  const out = new Map<string, Map<string, EdgeKind>>()
  const add = (from: string, to: string, kind: EdgeKind): void => {
    if (from === to) return
    const edges = out.get(from) ?? new Map<string, EdgeKind>()
    // A manifest that is both a child and a referrer of one parent is recorded once, as the stronger bond.
    if (!edges.has(to) || kind === 'child') edges.set(to, kind)
    out.set(from, edges)
  }
  for (const node of inventory.nodes.values()) {
    for (const child of node.content?.children ?? []) add(node.digest, child, 'child')
    if (node.content?.subject !== undefined) add(node.content.subject, node.digest, 'referrer')
    for (const referrer of node.referrers ?? []) add(node.digest, referrer, 'referrer')
  }
  for (const [tag, subject] of attached) {
    const digest = inventory.tags.get(tag)
    if (digest !== undefined) add(subject, digest, 'referrers-index')
  }
  const sortedOut = new Map<string, Edge[]>()
  const incoming = new Map<string, {from: string; kind: EdgeKind}[]>()
  for (const from of [...out.keys()].sort()) {
    const edges = [...(out.get(from) as Map<string, EdgeKind>)]
      .map(([to, kind]) => ({to, kind}))
      .sort((a, b) => a.to.localeCompare(b.to))
    sortedOut.set(from, edges)
    for (const edge of edges)
      incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), {from, kind: edge.kind}])
  }
  return {out: sortedOut, in: incoming}
}

/**
 * Breadth-first from `roots` (visited in the given order), recording for each reached manifest why it was
 * reached: the root's own reason, or the edge it came through. `stop` digests are neither entered nor passed.
 */
export function reach(
  graph: Graph,
  roots: readonly {digest: string; why: string}[],
  describe: (edge: Edge, from: string) => string,
  stop: (digest: string) => boolean = () => false
): Map<string, string> {
  const why = new Map<string, string>()
  const queue: string[] = []
  for (const root of roots) {
    if (why.has(root.digest) || stop(root.digest)) continue
    why.set(root.digest, root.why)
    queue.push(root.digest)
  }
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i] as string
    for (const edge of graph.out.get(from) ?? []) {
      if (why.has(edge.to) || stop(edge.to)) continue
      why.set(edge.to, describe(edge, from))
      queue.push(edge.to)
    }
  }
  return why
}

/**
 * Deletion order for `doomed`: a manifest after every doomed manifest upstream of it (Kahn's algorithm,
 * ties by digest). A cycle (possible only with odd referrers) is broken deterministically, and its
 * back edges dropped so no step waits on a later one.
 */
export function deletionOrder(
  graph: Graph,
  doomed: ReadonlySet<string>
): {digest: string; after: string[]}[] {
  const upstream = new Map<string, string[]>()
  for (const digest of doomed) {
    const from = (graph.in.get(digest) ?? []).map(e => e.from).filter(d => doomed.has(d))
    upstream.set(digest, [...new Set(from)].sort())
  }
  const done = new Set<string>()
  const order: {digest: string; after: string[]}[] = []
  const pending = [...doomed].sort()
  while (pending.length > 0) {
    const ready = pending.find(d => (upstream.get(d) as string[]).every(u => done.has(u)))
    const next = ready ?? (pending[0] as string)
    pending.splice(pending.indexOf(next), 1)
    order.push({digest: next, after: (upstream.get(next) as string[]).filter(u => done.has(u))})
    done.add(next)
  }
  return order
}
