/**
 * Random manifest graphs and random changes to the tags between the inventory and the deletions: once the
 * guard re-read the tags, it refuses exactly the digests that a new or moved surviving tag reaches (through
 * index entries and referrer subjects), and never asks where a tag deleted with its manifest points. The
 * listing may lag (surviving tags missing from it) and may name tags that answer 404: one of those that is
 * not deleted with its manifest stops every digest delete (issue 11.4), whatever else changed.
 */
import fc from 'fast-check'
import {expect, test} from 'vitest'
import type {RegistryClient} from '../../../src/registry/index.js'
import {DeleteGuard, type TagReading} from '../../../src/prune/run/guard.js'
import {unreadableTags} from '../../../src/prune/plan/planner.js'
import {StopRepository} from '../../../src/prune/run/steps.js'
import {d} from '../support.js'

const TAGS = ['latest', 'v1', 'v2', 'main', 'pr-1', 'pr-2', 'sha-a', 'sha-b']

const scenarioArb = fc.integer({min: 1, max: 12}).chain(count =>
  fc.record({
    // Edges point to lower numbers only: content addressing makes every graph acyclic.
    nodes: fc.array(
      fc.record({
        children: fc.uniqueArray(fc.nat({max: count - 1}), {maxLength: 3}),
        subject: fc.option(fc.nat({max: count - 1}), {nil: undefined})
      }),
      {minLength: count, maxLength: count}
    ),
    before: fc.dictionary(fc.constantFrom(...TAGS), fc.nat({max: count - 1})),
    deleting: fc.uniqueArray(fc.constantFrom(...TAGS), {maxLength: 4}),
    after: fc.dictionary(fc.constantFrom(...TAGS), fc.nat({max: count - 1})),
    // Tags the listing leaves out although HEAD resolves them (a lagging listing).
    unlisted: fc.uniqueArray(fc.constantFrom(...TAGS), {maxLength: 2}),
    // Tags the listing names that answer 404 (not yet consistent, or changed meanwhile); mostly none.
    unreadable: fc.oneof(
      {arbitrary: fc.constant([] as string[]), weight: 3},
      fc.uniqueArray(fc.constantFrom(...TAGS), {minLength: 1, maxLength: 2})
    )
  })
)

type Scenario = {
  nodes: {children: number[]; subject: number | undefined}[]
  before: Record<string, number>
  deleting: string[]
  after: Record<string, number>
  unlisted: string[]
  unreadable: string[]
}

function edges(s: Scenario, i: number): number[] {
  const node = s.nodes[i]
  if (!node) return []
  return [...node.children, ...(node.subject === undefined ? [] : [node.subject])].filter(j => j < i)
}

function reach(s: Scenario, from: number[]): Set<number> {
  const seen = new Set<number>()
  const stack = [...from]
  while (stack.length > 0) {
    const i = stack.pop() as number
    if (seen.has(i)) continue
    seen.add(i)
    stack.push(...edges(s, i))
  }
  return seen
}

test('the guard protects exactly what new or moved surviving tags reach, and stops on a listed 404', async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async s => {
      const deleting = new Set(s.deleting)
      const surviving = new Map(
        Object.entries(s.before)
          .filter(([tag]) => !deleting.has(tag))
          .map(([tag, i]) => [tag, d(i)])
      )
      const reading: TagReading = {surviving, deleting}
      // The registry now: HEAD resolves `after` except the unreadable tags; the listing names the resolvable
      // tags except the unlisted ones, plus the unreadable ones.
      const unreadable = new Set(s.unreadable)
      const resolves = (tag: string) => (unreadable.has(tag) ? undefined : s.after[tag])
      const listed = [
        ...new Set([...Object.keys(s.after).filter(tag => !s.unlisted.includes(tag)), ...unreadable])
      ]
      const asked: string[] = []
      const client = {
        listTags: async () => listed,
        headManifest: async (_path: string, tag: string) => {
          asked.push(tag)
          const i = resolves(tag)
          return i === undefined ? undefined : {digest: d(i), mediaType: 'm', size: 1}
        },
        getManifest: async (_path: string, digest: string) => {
          const i = s.nodes.findIndex((_, k) => d(k) === digest)
          const ref = (j: number) => ({digest: d(j), mediaType: 'm', size: 1})
          const node = s.nodes[i]
          const children = (node?.children ?? []).filter(j => j < i)
          const subject = node?.subject !== undefined && node.subject < i ? node.subject : undefined
          return {
            parsed: {manifests: children.map(ref), ...(subject === undefined ? {} : {subject: ref(subject)})}
          }
        }
      } as unknown as RegistryClient
      const guard = new DeleteGuard({client, path: 'app', reading, readAt: 0, maxAgeMs: 1, now: () => 10})

      const stops = [...unreadable].filter(tag => !deleting.has(tag))
      if (stops.length > 0) {
        // Any digest at all (one outside the graph too): where the unreadable tag points is unknown.
        const message = `before deleting, ${unreadableTags(stops.map(tag => [tag, '404 Not Found']))}`
        for (const i of new Set([0, s.nodes.length - 1, 99]))
          await expect(guard.blocks(d(i))).rejects.toThrow(new StopRepository(message))
        expect(guard.rereads).toBe(0)
      } else {
        // Seen by the guard: listed or surviving tags, not deleted with their manifest, that resolve.
        const seen = (tag: string) => listed.includes(tag) || surviving.has(tag)
        const changed = Object.keys(s.after)
          .filter(tag => !deleting.has(tag) && seen(tag) && resolves(tag) !== undefined)
          .filter(tag => surviving.get(tag) !== d(s.after[tag] as number))
          .map(tag => s.after[tag] as number)
        const expected = reach(s, changed)
        for (let i = 0; i < s.nodes.length; i++) {
          const why = await guard.blocks(d(i))
          expect(why !== undefined, `digest ${i}: ${why ?? 'not protected'}`).toBe(expected.has(i))
        }
        expect(guard.rereads).toBe(1)
      }
      expect(asked.filter(tag => deleting.has(tag))).toEqual([])
    }),
    {numRuns: 1000}
  )
}, 60_000)
