/**
 * Random repositories (tags, digests, nested indexes, referrers, attached `sha256-` tags, times good and
 * bogus) under random rules: the planner never deletes anything a kept or protected tag still reaches,
 * and plans the same whatever order the inventory comes in. Listed tags that could not be read (each in
 * truth on some digest of the repository) never let a digest go that they may hold: none does.
 */
import fc from 'fast-check'
import {expect, test} from 'vitest'
import {planPrune} from '../../../src/prune/plan/planner.js'
import {referrersTag} from '../../../src/registry/digest.js'
import {
  UNKNOWN_DIGEST,
  type Inventory,
  type ManifestNode,
  type PlanContext,
  type RepoPlan
} from '../../../src/prune/plan/types.js'
import {d, DAY, NOW, OCI_INDEX, OCI_MANIFEST, rules} from '../support.js'

const TAG_POOL = ['v1.0.0', '1.2', 'latest', 'pr-1', 'pr-1-arm', 'pr-2', 'sha-a', 'sha-b', 'main', 'rc1', 'x']
const RULE_POOL = [
  'type=tags,match=.*,keep=2',
  'type=tags,match=sha-.*,older-than=10d',
  'type=tags,match=pr-.*',
  'type=tags,older-than=5d',
  'type=cache,older-than=1d',
  'type=pr-closed',
  'type=untagged,older-than=2d',
  'type=tags,match=.*,exclude=main'
]
const KEEP_POOL = ['type=keep,match=main', 'type=keep,semver=false', 'type=keep,latest=false']

const nodeArb = (count: number) =>
  fc.record({
    children: fc.uniqueArray(fc.nat({max: count - 1}), {maxLength: 3}),
    subject: fc.option(fc.nat({max: count - 1}), {nil: undefined}),
    age: fc.option(fc.oneof(fc.integer({min: 0, max: 40}), fc.constant(-20_000)), {nil: undefined}),
    listedUntagged: fc.boolean(),
    versionId: fc.option(fc.nat({max: 1000}), {nil: undefined})
  })

const scenarioArb = fc.integer({min: 1, max: 10}).chain(count =>
  fc.record({
    nodes: fc.array(nodeArb(count), {minLength: count, maxLength: count}),
    tags: fc.dictionary(
      fc.constantFrom(...TAG_POOL, 'buildcache-main', 'buildcache-pr-1'),
      fc.nat({max: count - 1})
    ),
    attached: fc.array(fc.tuple(fc.nat({max: count - 1}), fc.nat({max: count - 1}), fc.boolean()), {
      maxLength: 3
    }),
    rules: fc.uniqueArray(fc.constantFrom(...RULE_POOL), {minLength: 1, maxLength: 3}),
    keeps: fc.uniqueArray(fc.constantFrom(...KEEP_POOL), {maxLength: 2}),
    protect: fc.uniqueArray(fc.constantFrom(...TAG_POOL), {maxLength: 2}),
    closedPr: fc.option(fc.constantFrom(1, 2), {nil: undefined}),
    kind: fc.constantFrom('oci' as const, 'ghcr' as const, 'hub' as const),
    referrersApi: fc.boolean(),
    incomplete: fc.boolean(),
    // Listed tags whose read failed, and the digest each really points at; mostly none.
    unreadable: fc.oneof(
      {arbitrary: fc.constant({} as Record<string, number>), weight: 4},
      fc.dictionary(fc.constantFrom(...TAG_POOL), fc.nat({max: count - 1}), {minKeys: 1, maxKeys: 2})
    )
  })
)

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never

/** Child edges only to higher indexes keep index nesting acyclic; subjects may point anywhere. */
function build(s: Scenario, reverse: boolean): {inventory: Inventory; ctx: PlanContext; text: string} {
  const nodes = new Map<string, ManifestNode>()
  s.nodes.forEach((spec, i) => {
    const children = spec.children.filter(c => c > i).map(c => d(c))
    const subject = spec.subject !== undefined && spec.subject !== i ? d(spec.subject) : undefined
    nodes.set(d(i), {
      digest: d(i),
      mediaType: children.length > 0 ? OCI_INDEX : OCI_MANIFEST,
      content: subject ? {children, subject} : {children},
      ...(spec.age === undefined
        ? {timeUnknown: 'none'}
        : {time: {ms: NOW - spec.age * DAY, source: 'test'}}),
      ...(s.referrersApi ? {referrers: []} : {}),
      ...(spec.listedUntagged ? {listedUntagged: true} : {}),
      ...(spec.versionId === undefined ? {} : {versionId: spec.versionId})
    })
  })
  const tags = new Map<string, string>(Object.entries(s.tags).map(([tag, i]) => [tag, d(i)]))
  for (const [subject, index, sig] of s.attached)
    tags.set(`${referrersTag(d(subject))}${sig ? '.sig' : ''}`, d(index))
  // A tag listed but unreadable is not in `tags`: its digest is what the inventory does not know.
  for (const tag of Object.keys(s.unreadable)) tags.delete(tag)
  const unreadable = new Map(Object.keys(s.unreadable).map(tag => [tag, '404 Not Found']))
  const order = <K, V>(map: Map<K, V>) => new Map(reverse ? [...map].reverse() : map)
  return {
    inventory: {
      repository: 'r.example/app',
      kind: s.kind,
      tags: order(tags),
      unreadable: order(unreadable),
      nodes: order(nodes),
      referrers: s.referrersApi ? 'api' : 'tag-schema',
      untaggedListed: s.kind === 'ghcr',
      problems: s.incomplete && s.nodes.length % 3 === 0 ? ['page 2 failed'] : []
    },
    ctx: {
      now: NOW,
      protectedTags: new Set(s.protect),
      cachePrefix: 'buildcache',
      ...(s.closedPr ? {closedPr: s.closedPr} : {})
    },
    text: [...s.rules, ...s.keeps].join('\n')
  }
}

/** Independently of the planner: everything a kept or protected tag reaches. */
function mustStay(inventory: Inventory, plan: RepoPlan, protectedTags: ReadonlySet<string>): Set<string> {
  const edges = new Map<string, string[]>()
  const add = (from: string, to: string) => edges.set(from, [...(edges.get(from) ?? []), to])
  for (const node of inventory.nodes.values()) {
    for (const child of node.content?.children ?? []) add(node.digest, child)
    if (node.content?.subject) add(node.content.subject, node.digest)
    for (const r of node.referrers ?? []) add(node.digest, r)
  }
  for (const [tag, digest] of inventory.tags) {
    const match = /^sha256-([a-f0-9]{64})/.exec(tag)
    if (match) add(`sha256:${match[1]}`, digest)
  }
  const kept = plan.tags.filter(t => t.action === 'keep' || protectedTags.has(t.tag)).map(t => t.digest)
  const seen = new Set<string>()
  const queue = [...kept]
  while (queue.length > 0) {
    const digest = queue.pop() as string
    if (seen.has(digest)) continue
    seen.add(digest)
    queue.push(...(edges.get(digest) ?? []))
  }
  return seen
}

test('no protected or still-needed digest is ever deleted, and plans do not depend on order', () => {
  fc.assert(
    fc.property(scenarioArb, scenario => {
      const forward = build(scenario, false)
      const backward = build(scenario, true)
      const parsed = rules(forward.text)
      const plan = planPrune(forward.inventory, parsed, forward.ctx)
      expect(planPrune(backward.inventory, parsed, backward.ctx)).toEqual(plan)
      expect(planPrune(forward.inventory, parsed, forward.ctx)).toEqual(plan)

      if (forward.inventory.problems.length > 0) expect(plan.steps).toEqual([])
      const unreadable = Object.keys(scenario.unreadable).sort()
      if (unreadable.length > 0) {
        // Each may hold any digest (in truth: scenario.unreadable): no digest, and no tag, goes.
        expect(plan.steps).toEqual([])
        expect(plan.unreadable).toEqual(unreadable)
        for (const tag of unreadable)
          expect(plan.tags.find(t => t.tag === tag)).toMatchObject({action: 'keep', digest: UNKNOWN_DIGEST})
      } else expect(plan.unreadable).toBeUndefined()
      for (const tag of forward.ctx.protectedTags) {
        if (forward.inventory.tags.has(tag)) expect(plan.tags.find(t => t.tag === tag)?.action).toBe('keep')
      }
      const stay = mustStay(forward.inventory, plan, forward.ctx.protectedTags)
      const deleteTags = new Set(plan.tags.filter(t => t.action === 'delete').map(t => t.tag))
      for (const step of plan.steps) {
        if (step.op === 'untag') {
          expect(forward.ctx.protectedTags.has(step.tag)).toBe(false)
          expect(deleteTags.has(step.tag)).toBe(true)
          continue
        }
        expect(stay.has(step.digest)).toBe(false)
        // Every tag on a deleted manifest is itself planned for deletion.
        for (const [tag, digest] of forward.inventory.tags) {
          if (digest === step.digest) expect(deleteTags.has(tag)).toBe(true)
        }
        // Parents come first.
        const index = plan.steps.indexOf(step)
        for (const parent of step.after) {
          expect(plan.steps.findIndex(s => s.op === 'delete' && s.digest === parent)).toBeLessThan(index)
        }
      }
    }),
    {numRuns: Number(process.env.PRUNE_PROPERTY_RUNS ?? 2000)}
  )
}, 600_000)
