import {describe, expect, test} from 'vitest'
import {externalImages} from '../../src/reuse/bases.js'
import {contentRef, planReuse} from '../../src/reuse/policy.js'
import type {ReuseFacts} from '../../src/reuse/policy.js'

const facts: ReuseFacts = {
  reuse: true,
  push: true,
  noCache: false,
  load: false,
  outputs: [],
  tags: ['r.io/o/app:1']
}

describe('planReuse', () => {
  test.each([
    ['reuse off', {reuse: false}, 'reuse is false'],
    ['no push', {push: false}, 'push is false'],
    ['no-cache', {noCache: true}, 'no-cache'],
    ['load', {load: true}, 'load'],
    ['outputs', {outputs: ['type=docker,dest=x']}, 'outputs'],
    ['a build option that needs the engine', {blocker: 'build-contexts bring files'}, 'build-contexts']
  ] as [string, Partial<ReuseFacts>, string][])('%s → off', (_t, change, reason) => {
    const plan = planReuse({...facts, ...change})
    expect(plan.enabled).toBe(false)
    if (!plan.enabled) expect(plan.reason).toContain(reason)
  })

  test('on: content tags live next to the first image', () => {
    const plan = planReuse(facts)
    expect(plan).toEqual({enabled: true, repository: 'r.io/o/app'})
    expect(contentRef({repository: 'r.io/o/app'}, `sha256:${'a'.repeat(64)}`)).toBe(
      `r.io/o/app:content-${'a'.repeat(64)}`
    )
  })
})

describe('externalImages', () => {
  test('bases, COPY --from and mount images and the syntax frontend; not stages, not scratch', () => {
    const dockerfile = [
      '# syntax=docker/dockerfile:1.7',
      'ARG BASE=alpine:3',
      'FROM ${BASE} AS build',
      'COPY --from=r.io/tools:1 /bin/t /t',
      'RUN --mount=type=cache,target=/c --mount=from=r.io/data:2,target=/d true',
      'FROM scratch AS out',
      'COPY --from=build /x /x',
      'FROM build'
    ].join('\n')
    expect(externalImages(dockerfile, ['BASE=r.io/base:9'])).toEqual({
      images: ['docker/dockerfile:1.7', 'r.io/base:9', 'r.io/data:2', 'r.io/tools:1']
    })
    // `out` copies from `build`, so it reads build's images (BASE at its default) too.
    expect(externalImages(dockerfile, [], 'out')).toEqual({
      images: ['alpine:3', 'docker/dockerfile:1.7', 'r.io/data:2', 'r.io/tools:1']
    })
    expect(externalImages('FROM scratch\nCOPY a /a', [])).toEqual({images: []})
  })

  test('what the hash cannot see means no reuse', () => {
    expect(externalImages('FROM x\nADD https://e.com/f /f', [])).toMatchObject({
      error: expect.stringContaining('network')
    })
    expect(externalImages('ARG B\nFROM ${B}', [])).toMatchObject({error: expect.stringContaining('empty')})
    expect(externalImages('FROM x', [], 'nope')).toMatchObject({error: expect.stringContaining('no stage')})
  })
})
