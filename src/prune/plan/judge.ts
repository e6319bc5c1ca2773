/**
 * Tag-level judgement (pure): protections first, then the first delete rule that matches each tag; rules
 * with `keep`/`older-than` rank the digests they judge. Nothing here knows about manifests beyond their time.
 */
import {attachedSubject} from '../../registry/attached-tags.js'
import {formatDuration} from './rules.js'
import type {
  DeleteRule,
  Inventory,
  ManifestNode,
  PlanContext,
  PruneRules,
  TimeStamp,
  UntaggedRule
} from './types.js'

/** Container images did not exist before Docker's first release: an earlier date is a fixed build date. */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2013, 0, 1)
const FUTURE_SLACK_MS = 86_400_000

/** `1`, `1.2`, `1.2.3`, `v1.2.3`: what type=semver writes. At most 4 digits first, so dates are not releases. */
const SEMVER_RELEASE = /^v?(?:0|[1-9]\d{0,3})(?:\.(?:0|[1-9]\d*)){0,2}$/

export function isSemverRelease(tag: string): boolean {
  return SEMVER_RELEASE.test(tag)
}

export interface Judgement {
  readonly action: 'keep' | 'delete'
  readonly reason: string
}

export interface TagJudgements {
  /** Every tag that is not attached to a subject. */
  readonly tags: ReadonlyMap<string, Judgement>
  /** `sha256-<hex>…` tags → subject digest: they share their subject's fate. */
  readonly attached: ReadonlyMap<string, string>
  /** Digests a time rule judges whose time has not been looked up yet. */
  readonly needsTimes: readonly string[]
  readonly warnings: readonly string[]
}

export type TimeVerdict = {readonly ok: TimeStamp} | {readonly unknown: string}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The node's time if it can be trusted: known, after 2013 and not in the future. */
export function trustedTime(node: ManifestNode | undefined, now: number): TimeVerdict | undefined {
  if (node?.time === undefined)
    return node?.timeUnknown === undefined ? undefined : {unknown: node.timeUnknown}
  const {ms, source} = node.time
  if (ms < EARLIEST_PLAUSIBLE_MS) {
    return {unknown: `${source} says ${day(ms)}, a fixed date from a reproducible build, not a real age`}
  }
  if (ms > now + FUTURE_SLACK_MS) return {unknown: `${source} says ${day(ms)}, in the future`}
  return {ok: node.time}
}

function ruleMatches(rule: DeleteRule, tag: string, ctx: PlanContext): boolean {
  const cachePrefix = `${ctx.cachePrefix}-`
  switch (rule.type) {
    case 'tags':
      return (
        !ctx.layerCache &&
        !tag.startsWith(cachePrefix) &&
        (rule.match?.test(tag) ?? true) &&
        !(rule.exclude?.test(tag) ?? false)
      )
    case 'cache':
      return ctx.layerCache === true || tag.startsWith(`${rule.prefix ?? ctx.cachePrefix}-`)
    case 'pr-closed': {
      if (ctx.closedPr === undefined || ctx.layerCache) return false
      const own = `${rule.prefix}${ctx.closedPr}`
      const cache = `${ctx.cachePrefix}-pr-${ctx.closedPr}`
      const under = (base: string) => tag === base || tag.startsWith(`${base}-`)
      return under(own) || (rule.cache && under(cache))
    }
    case 'untagged':
      return false
  }
}

/** `buildcache-main`, and its per-stage and partial refs (cache/refs.ts): `buildcache-main-stage-build-partial`. */
function isDefaultCacheTag(tag: string, ctx: PlanContext): boolean {
  if (ctx.defaultCacheScope === undefined) return false
  const base = `${ctx.cachePrefix}-${ctx.defaultCacheScope}`
  return tag === base || tag === `${base}-partial` || tag.startsWith(`${base}-stage-`)
}

function protection(tag: string, rules: PruneRules, ctx: PlanContext): string | undefined {
  if (ctx.protectedTags.has(tag)) return 'pushed by this run'
  const keep = rules.keeps.find(rule => rule.match.test(tag))
  if (keep) return `protected by ${keep.label}`
  if (rules.keepLatest && tag === 'latest')
    return 'latest is always kept (type=keep,latest=false allows pruning it)'
  if (rules.keepDefaultCache && isDefaultCacheTag(tag, ctx)) {
    return "the default branch's cache, which pull requests and new branches read (type=keep,default-cache=false allows pruning it)"
  }
  if (rules.keepSemver && isSemverRelease(tag)) {
    return 'semver release, always kept (type=keep,semver=false allows pruning it)'
  }
  return undefined
}

interface Ranked {
  readonly digest: string
  readonly tags: readonly string[]
}

/** Judges the tags one keep/older-than rule matched, per digest: ten tags on one image count as one. */
function rankByTime(
  rule: Extract<DeleteRule, {type: 'tags' | 'cache'}>,
  tags: readonly string[],
  inventory: Inventory,
  ctx: PlanContext,
  out: {verdicts: Map<string, Judgement>; needsTimes: Set<string>; warnings: string[]}
): void {
  const byDigest = new Map<string, string[]>()
  for (const tag of tags) {
    const digest = inventory.tags.get(tag) as string
    byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag])
  }
  const known: (Ranked & {time: TimeStamp})[] = []
  for (const [digest, digestTags] of byDigest) {
    const verdict = trustedTime(inventory.nodes.get(digest), ctx.now)
    const set = (reason: string) =>
      digestTags.forEach(tag => out.verdicts.set(tag, {action: 'keep', reason: `${reason} (${rule.label})`}))
    if (verdict === undefined) {
      out.needsTimes.add(digest)
      set('creation time not read yet')
    } else if ('unknown' in verdict) {
      set(`no trustworthy creation time: ${verdict.unknown}`)
      out.warnings.push(`${inventory.repository}: kept ${digestTags.join(', ')}: ${verdict.unknown}`)
    } else known.push({digest, tags: [...digestTags].sort(), time: verdict.ok})
  }
  // Newest first; equal times fall back to the tag name so that every run ranks alike.
  known.sort((a, b) => b.time.ms - a.time.ms || (a.tags[0] as string).localeCompare(b.tags[0] as string))
  const keep = rule.keep ?? 0
  known.forEach((entry, index) => {
    const created = `${day(entry.time.ms)} per ${entry.time.source}`
    let verdict: Judgement
    if (index < keep) verdict = {action: 'keep', reason: `one of the ${keep} newest (${created})`}
    else if (rule.olderThanMs === undefined) {
      verdict = {action: 'delete', reason: `not one of the ${keep} newest (${created})`}
    } else if (ctx.now - entry.time.ms > rule.olderThanMs) {
      verdict = {action: 'delete', reason: `older than ${formatDuration(rule.olderThanMs)} (${created})`}
    } else {
      verdict = {action: 'keep', reason: `younger than ${formatDuration(rule.olderThanMs)} (${created})`}
    }
    for (const tag of entry.tags) {
      out.verdicts.set(tag, {action: verdict.action, reason: `${verdict.reason} (${rule.label})`})
    }
  })
}

/** Judges every tag of the inventory against the rules; deterministic whatever the maps' order. */
export function judgeTags(inventory: Inventory, rules: PruneRules, ctx: PlanContext): TagJudgements {
  const verdicts = new Map<string, Judgement>()
  const attached = new Map<string, string>()
  const judged = new Map<DeleteRule, string[]>()
  for (const tag of [...inventory.tags.keys()].sort()) {
    const subject = attachedSubject(tag)
    if (subject !== undefined && !ctx.protectedTags.has(tag)) {
      attached.set(tag, subject)
      continue
    }
    const protectedBy = protection(tag, rules, ctx)
    if (protectedBy !== undefined) {
      verdicts.set(tag, {action: 'keep', reason: protectedBy})
      continue
    }
    const rule = rules.deletes.find(candidate => ruleMatches(candidate, tag, ctx))
    if (rule === undefined) verdicts.set(tag, {action: 'keep', reason: 'no rule matches'})
    else judged.set(rule, [...(judged.get(rule) ?? []), tag])
  }
  const out = {verdicts, needsTimes: new Set<string>(), warnings: [] as string[]}
  for (const [rule, tags] of judged) {
    if (rule.type === 'pr-closed') {
      const reason = `pull request #${ctx.closedPr} was closed (${rule.label})`
      tags.forEach(tag => verdicts.set(tag, {action: 'delete', reason}))
    } else if (rule.type !== 'untagged' && (rule.keep !== undefined || rule.olderThanMs !== undefined)) {
      rankByTime(rule, tags, inventory, ctx, out)
    } else {
      tags.forEach(tag => verdicts.set(tag, {action: 'delete', reason: `matches ${rule.label}`}))
    }
  }
  return {
    tags: verdicts,
    attached,
    needsTimes: [...out.needsTimes].sort(),
    warnings: [...new Set(out.warnings)].sort()
  }
}

/** Untagged manifests nothing points at, listed by the registry: what `type=untagged` may take. */
export function untaggedVerdicts(
  inventory: Inventory,
  rule: UntaggedRule | undefined,
  hasParent: (digest: string) => boolean,
  now: number
): Map<string, Judgement> {
  const verdicts = new Map<string, Judgement>()
  const tagged = new Set(inventory.tags.values())
  for (const node of [...inventory.nodes.values()].sort((a, b) => a.digest.localeCompare(b.digest))) {
    if (!node.listedUntagged || tagged.has(node.digest) || node.missing || hasParent(node.digest)) continue
    if (rule === undefined || !inventory.untaggedListed) {
      verdicts.set(node.digest, {action: 'keep', reason: 'untagged; no type=untagged rule'})
      continue
    }
    const time = trustedTime(node, now)
    const grace = formatDuration(rule.graceMs)
    if (time === undefined || 'unknown' in time) {
      verdicts.set(node.digest, {action: 'keep', reason: `untagged, age unknown (${rule.label})`})
    } else if (now - time.ok.ms <= rule.graceMs) {
      verdicts.set(node.digest, {action: 'keep', reason: `untagged for less than ${grace} (${rule.label})`})
    } else {
      verdicts.set(node.digest, {action: 'delete', reason: `untagged for over ${grace} (${rule.label})`})
    }
  }
  return verdicts
}
