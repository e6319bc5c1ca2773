/**
 * The prune planner (pure, deterministic): inventory + rules + context in, every keep and delete with its
 * reason out. Safety comes from the graph, not from the rules: whatever a kept tag, a kept index or a kept
 * subject reaches is needed, and nothing needed is ever deleted — a rule can only take a tag away from it.
 */
import {buildGraph, deletionOrder, reach, type Edge} from './graph.js'
import {judgeTags, trustedTime, untaggedVerdicts, type Judgement} from './judge.js'
import {findNeeds, NO_NEEDS} from './needs.js'
import {DEFAULT_GRACE_MS, formatDuration} from './rules.js'
import {referrersTag} from '../../registry/digest.js'
import {
  UNKNOWN_DIGEST,
  type Inventory,
  type ManifestDecision,
  type PlanContext,
  type PruneRules,
  type PruneStep,
  type RepoPlan,
  type TagDecision,
  type UntaggedRule
} from './types.js'

export const short = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12)

function describeEdge(edge: Edge, from: string): string {
  switch (edge.kind) {
    case 'child':
      return `in index ${short(from)}`
    case 'referrer':
      return `refers to ${short(from)}`
    case 'referrers-index':
      return `referrers index of ${short(from)}`
  }
}

/**
 * Why listed tags that could not be read stop every deletion here, and what to do about it (also what the
 * guard says when a re-reading finds one).
 */
export function unreadableTags(entries: Iterable<readonly [string, string]>): string {
  const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b))
  const one = sorted.length === 1
  const list = sorted.map(([tag, why]) => `${tag} (${why})`).join(', ')
  return (
    `${one ? 'tag' : 'tags'} ${list} ${one ? 'was' : 'were'} listed but could not be read: ` +
    `${one ? 'it' : 'they'} may point at any image here, and deleting a manifest deletes every tag on it. ` +
    'Run the prune again: this is transient (a registry not yet consistent) or a tag changed while it was read'
  )
}

function blocked(inventory: Inventory, why: string): RepoPlan {
  const tags = [...inventory.tags].sort(([a], [b]) => a.localeCompare(b))
  const unreadable = [...inventory.unreadable].sort(([a], [b]) => a.localeCompare(b))
  const decisions: TagDecision[] = [
    ...tags.map(([tag, digest]): TagDecision => ({
      tag,
      digest,
      action: 'keep',
      reason: `nothing deleted here: ${why}`
    })),
    ...unreadable.map(([tag, error]): TagDecision => ({
      tag,
      digest: UNKNOWN_DIGEST,
      action: 'keep',
      reason: `listed, but could not be read (${error}); nothing deleted here`
    }))
  ].sort((a, b) => a.tag.localeCompare(b.tag))
  return {
    repository: inventory.repository,
    kind: inventory.kind,
    blocked: why,
    ...(unreadable.length > 0 ? {unreadable: unreadable.map(([tag]) => tag)} : {}),
    tags: decisions,
    manifests: [],
    steps: [],
    needs: NO_NEEDS,
    notes: [],
    // Unreadable tags fail the run, which reports them as an error rather than a warning.
    warnings: unreadable.length > 0 ? [] : [`${inventory.repository}: nothing deleted: ${why}`]
  }
}

export function planPrune(inventory: Inventory, rules: PruneRules, ctx: PlanContext): RepoPlan {
  // A listed tag that could not be read may point at any digest here, and a manifest DELETE removes every
  // tag on its digest: no digest delete is safe while one exists. Untagging by name alone could go on (it
  // cannot remove another tag), but on distribution 2.8 an untag is itself a digest delete (its placeholder's)
  // and half a plan helps nobody: the cause is transient, so nothing is deleted here until a run reads every
  // tag, and the run fails meanwhile.
  const whys = [...inventory.problems]
  if (inventory.unreadable.size > 0) whys.push(unreadableTags(inventory.unreadable))
  if (whys.length > 0) return blocked(inventory, whys.join('; '))
  const judged = judgeTags(inventory, rules, ctx)
  const graph = buildGraph(inventory, judged.attached)
  const present = (d: string) => inventory.nodes.has(d) && !inventory.nodes.get(d)?.missing
  const hasParent = (d: string) => (graph.in.get(d) ?? []).some(e => present(e.from))
  const untaggedRule = rules.deletes.find((r): r is UntaggedRule => r.type === 'untagged')
  const untagged = untaggedVerdicts(inventory, untaggedRule, hasParent, ctx.now)
  const graceMs = untaggedRule?.graceMs ?? DEFAULT_GRACE_MS

  // Roots of what must stay: kept tags, untagged manifests no rule takes, anything pushed within the grace
  // window (an index may still be on its way to its children), and tags attached to a subject not here.
  const roots: {digest: string; why: string}[] = []
  for (const [tag, verdict] of [...judged.tags].sort(([a], [b]) => a.localeCompare(b))) {
    if (verdict.action === 'keep')
      roots.push({digest: inventory.tags.get(tag) as string, why: `tagged ${tag}`})
  }
  for (const [digest, verdict] of untagged)
    if (verdict.action === 'keep') roots.push({digest, why: verdict.reason})
  for (const node of [...inventory.nodes.values()].sort((a, b) => a.digest.localeCompare(b.digest))) {
    const time = trustedTime(node, ctx.now)
    const young = time !== undefined && 'ok' in time && ctx.now - time.ok.ms <= graceMs
    if (node.listedUntagged && young)
      roots.push({digest: node.digest, why: `pushed less than ${formatDuration(graceMs)} ago`})
  }
  for (const [tag, subject] of [...judged.attached].sort(([a], [b]) => a.localeCompare(b))) {
    if (!present(subject)) roots.push({digest: inventory.tags.get(tag) as string, why: `tagged ${tag}`})
  }
  const candidates: {digest: string; why: string}[] = []
  for (const [tag, verdict] of [...judged.tags].sort(([a], [b]) => a.localeCompare(b))) {
    if (verdict.action === 'delete') {
      candidates.push({digest: inventory.tags.get(tag) as string, why: `tag ${tag}: ${verdict.reason}`})
    }
  }
  for (const [digest, verdict] of untagged)
    if (verdict.action === 'delete') candidates.push({digest, why: verdict.reason})

  // Every kept tag is a root. Attached tags are decided only once their subject's fate is known, so one
  // kept that way (its subject neither needed nor deleted) joins the roots and the walk is redone; roots
  // only grow, so this ends.
  let needed: Map<string, string>
  let doomedWhy: Map<string, string>
  let tagDecisions: TagDecision[]
  for (;;) {
    needed = reach(graph, roots, describeEdge)
    const stop = (d: string) => needed.has(d) || !present(d)
    doomedWhy = reach(graph, candidates, describeEdge, stop)
    tagDecisions = decideTags(inventory, judged, needed, new Set(doomedWhy.keys()))
    const clashes = tagDecisions.filter(
      t => t.action === 'keep' && !needed.has(t.digest) && present(t.digest)
    )
    if (clashes.length === 0) break
    roots.push(...clashes.map(t => ({digest: t.digest, why: `tagged ${t.tag}`})))
  }
  const doomed = new Set(doomedWhy.keys())

  const deleteTags = new Set(tagDecisions.filter(t => t.action === 'delete').map(t => t.tag))
  const steps: PruneStep[] = tagDecisions
    .filter(t => t.how === 'untag')
    .map(t => ({op: 'untag', tag: t.tag, digest: t.digest}))
  const tagsOf = new Map<string, string[]>()
  for (const [tag, digest] of [...inventory.tags].sort(([a], [b]) => a.localeCompare(b))) {
    tagsOf.set(digest, [...(tagsOf.get(digest) ?? []), tag])
  }
  const manifests: ManifestDecision[] = []
  for (const {digest, after} of deletionOrder(graph, doomed)) {
    const node = inventory.nodes.get(digest)
    const tags = (tagsOf.get(digest) ?? []).filter(tag => deleteTags.has(tag))
    const subject = node?.content?.subject
    // A referrer leaving a subject that stays must also leave the subject's `sha256-<hex>` index.
    const fallback = subject === undefined ? undefined : referrersTag(subject)
    const updateFallback =
      subject !== undefined && !doomed.has(subject) && fallback !== undefined && inventory.tags.has(fallback)
    steps.push({
      op: 'delete',
      digest,
      tags,
      after,
      ...(updateFallback ? {subject} : {}),
      ...(node?.versionId === undefined ? {} : {versionId: node.versionId})
    })
    const reason = doomedWhy.get(digest) as string
    manifests.push({
      digest,
      action: 'delete',
      reason,
      tags,
      ...(node?.versionId === undefined ? {} : {versionId: node.versionId})
    })
  }
  for (const [digest, verdict] of untagged) {
    if (verdict.action === 'keep' && untaggedRule)
      manifests.push({digest, action: 'keep', reason: verdict.reason, tags: []})
  }

  const notes: string[] = []
  if (untaggedRule && !inventory.untaggedListed) {
    notes.push(
      `${untaggedRule.label}: this registry cannot list untagged manifests, so the rule has nothing to act on`
    )
  }
  const prRule = rules.deletes.find(r => r.type === 'pr-closed')
  if (prRule && ctx.closedPr === undefined)
    notes.push(`${prRule.label}: not a closed pull request, nothing to do`)
  const needs = findNeeds(inventory, needed, doomed, judged.needsTimes)
  return {
    repository: inventory.repository,
    kind: inventory.kind,
    tags: tagDecisions,
    manifests,
    steps,
    needs,
    notes,
    warnings: judged.warnings
  }
}

/** Final tag decisions: attached tags follow their subject; a deleted tag on a needed digest is only untagged. */
function decideTags(
  inventory: Inventory,
  judged: ReturnType<typeof judgeTags>,
  needed: ReadonlyMap<string, string>,
  doomed: ReadonlySet<string>
): TagDecision[] {
  const decisions: TagDecision[] = []
  for (const [tag, digest] of [...inventory.tags].sort(([a], [b]) => a.localeCompare(b))) {
    const subject = judged.attached.get(tag)
    let verdict: Judgement
    if (subject === undefined) verdict = judged.tags.get(tag) as Judgement
    else if (doomed.has(subject))
      verdict = {action: 'delete', reason: `attached to deleted ${short(subject)}`}
    else if (needed.has(subject)) verdict = {action: 'keep', reason: `attached to kept ${short(subject)}`}
    else verdict = {action: 'keep', reason: `attached to ${short(subject)}, which is not deleted`}
    if (verdict.action === 'keep') {
      decisions.push({tag, digest, action: 'keep', reason: verdict.reason})
    } else if (doomed.has(digest)) {
      decisions.push({tag, digest, action: 'delete', how: 'with-manifest', reason: verdict.reason})
    } else {
      const stays = needed.get(digest) ?? 'not deletable'
      decisions.push({
        tag,
        digest,
        action: 'delete',
        how: 'untag',
        reason: `${verdict.reason}; only the tag goes (digest ${stays})`
      })
    }
  }
  return decisions
}
