/**
 * Random manifest graphs and random changes to the tags between the inventory and the deletions: once the
 * guard re-read the tags, it refuses exactly the digests that a new or moved surviving tag reaches (through
 * index entries and referrer subjects), and never asks where a tag deleted with its manifest points.
 */
import fc from 'fast-check'
import {expect, test} from 'vitest'
import type {RegistryClient} from '../../src/registry/index.js'
import {DeleteGuard, type TagReading} from '../../src/prune/guard.js'
import {d} from './support.js'

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
    after: fc.dictionary(fc.constantFrom(...TAGS), fc.nat({max: count - 1}))
  })
)

type Scenario = {
  nodes: {children: number[]; subject: number | undefined}[]
  before: Record<string, number>
  deleting: string[]
  after: Record<string, number>
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

test('the guard protects exactly what new or moved surviving tags reach', async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async s => {
      const deleting = new Set(s.deleting)
      const surviving = new Map(
        Object.entries(s.before)
          .filter(([tag]) => !deleting.has(tag))
          .map(([tag, i]) => [tag, d(i)])
      )
      const reading: TagReading = {surviving, deleting}
      const asked: string[] = []
      const client = {
        listTags: async () => Object.keys(s.after),
        headManifest: async (_path: string, tag: string) => {
          asked.push(tag)
          const i = s.after[tag]
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

      const changed = Object.entries(s.after)
        .filter(([tag, i]) => !deleting.has(tag) && surviving.get(tag) !== d(i))
        .map(([, i]) => i)
      const expected = reach(s, changed)
      for (let i = 0; i < s.nodes.length; i++) {
        const why = await guard.blocks(d(i))
        expect(why !== undefined, `digest ${i}: ${why ?? 'not protected'}`).toBe(expected.has(i))
      }
      expect(guard.rereads).toBe(1)
      expect(asked.filter(tag => deleting.has(tag))).toEqual([])
    }),
    {numRuns: 1000}
  )
})
