import {describe, expect, test} from 'vitest'
import {parseStages} from '../../src/dockerfile/parse.js'
import {planDockerCache, refToWrite} from '../../src/cache/docker-stages.js'
import {planCache} from '../../src/cache/policy.js'
import type {CacheEvent, CacheMode} from '../../src/cache/policy.js'

const DOCKERFILE = `ARG BASE
FROM \${BASE} AS deps
RUN make deps
FROM \${BASE} AS build
COPY --from=deps /d /d
RUN make
FROM \${BASE} AS lint
RUN lint
FROM \${BASE} AS meta
ENV X=1
FROM meta
COPY --from=build /out /out
`
const stages = parseStages(DOCKERFILE)
const feature: CacheEvent = {eventName: 'push', ref: 'refs/heads/feat', payload: {}, defaultBranch: 'main'}
const tag: CacheEvent = {...feature, ref: 'refs/tags/v1'}
const plan = (mode: CacheMode, event = feature) =>
  planCache({mode, cacheRef: '', cacheFrom: [], cacheTo: []}, event, {image: 'r.io/app'})

describe('planDockerCache', () => {
  test('registry: each needed stage with steps gets a build, in dependency order, then the final one', () => {
    const {builds} = planDockerCache(plan('registry'), stages)
    expect(builds).toEqual([
      {
        stage: 'deps',
        target: 'deps',
        label: 'r.io/app:buildcache-feat-stage-deps',
        fullRef: 'r.io/app:buildcache-feat-stage-deps',
        partialRef: 'r.io/app:buildcache-feat-stage-deps-partial'
      },
      {
        stage: 'build',
        target: 'build',
        label: 'r.io/app:buildcache-feat-stage-build',
        fullRef: 'r.io/app:buildcache-feat-stage-build',
        partialRef: 'r.io/app:buildcache-feat-stage-build-partial'
      },
      // meta has no steps of its own; lint is not needed for the final stage.
      {stage: 'stage-4', fullRef: 'r.io/app:buildcache-feat', partialRef: 'r.io/app:buildcache-feat-partial'}
    ])
  })

  test('every build reads every stage, own scope first', () => {
    expect(planDockerCache(plan('registry'), stages).cacheFrom).toEqual([
      'r.io/app:buildcache-feat-stage-deps',
      'r.io/app:buildcache-feat-stage-deps-partial',
      'r.io/app:buildcache-feat-stage-build',
      'r.io/app:buildcache-feat-stage-build-partial',
      'r.io/app:buildcache-feat',
      'r.io/app:buildcache-feat-partial',
      'r.io/app:buildcache-main-stage-deps',
      'r.io/app:buildcache-main-stage-deps-partial',
      'r.io/app:buildcache-main-stage-build',
      'r.io/app:buildcache-main-stage-build-partial',
      'r.io/app:buildcache-main',
      'r.io/app:buildcache-main-partial'
    ])
  })

  test('a target stops at that stage', () => {
    expect(planDockerCache(plan('registry'), stages, 'build').builds.map(b => [b.stage, b.target])).toEqual([
      ['deps', 'deps'],
      ['build', undefined]
    ])
  })

  test('inline caches only the final build', () => {
    const docker = planDockerCache(plan('inline'), stages)
    expect(docker.builds.map(b => b.stage)).toEqual(['stage-4'])
    expect(docker.cacheFrom).toEqual([
      'r.io/app:buildcache-feat',
      'r.io/app:buildcache-feat-partial',
      'r.io/app:buildcache-main',
      'r.io/app:buildcache-main-partial'
    ])
  })

  test('read only (a tag build): reads, but no ref to write', () => {
    const docker = planDockerCache(plan('registry', tag), stages)
    expect(docker.builds.every(b => b.fullRef === undefined && b.partialRef === undefined)).toBe(true)
    expect(docker.cacheFrom[0]).toBe('r.io/app:buildcache-main-stage-deps')
  })

  test('none: one plain build, nothing read', () => {
    expect(planDockerCache(plan('none'), stages)).toEqual({builds: [{stage: 'stage-4'}], cacheFrom: []})
  })

  test('unnamed intermediate stages cannot be targeted and are left to the final build', () => {
    const unnamed = parseStages('FROM a\nRUN x\nFROM b\nCOPY --from=0 /x /x\nRUN y')
    expect(planDockerCache(plan('registry'), unnamed).builds.map(b => b.stage)).toEqual(['stage-1'])
  })
})

describe('refToWrite: full when every step ran, partial when some came from a cache, nothing otherwise', () => {
  const build = {stage: 'deps', target: 'deps', fullRef: 'F', partialRef: 'P'}
  test.each([
    [{ran: 3, cached: 0}, 'F'],
    [{ran: 1, cached: 2}, 'P'],
    [{ran: 0, cached: 3}, undefined],
    [undefined, undefined]
  ])('%o → %s', (counts, expected) => {
    expect(refToWrite(build, counts)).toBe(expected)
  })

  test('a build that may not write writes nothing', () => {
    expect(refToWrite({stage: 'deps'}, {ran: 3, cached: 0})).toBeUndefined()
  })
})
