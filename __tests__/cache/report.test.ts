import {describe, expect, test} from 'vitest'
import {planCache} from '../../src/cache/policy.js'
import {describeCachePlan, mergeStageStats, renderCacheSection} from '../../src/cache/report.js'
import type {CacheReport} from '../../src/cache/report.js'

const plan = planCache(
  {mode: 'registry', cacheRef: '', cacheFrom: [], cacheTo: []},
  {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'},
  {image: 'r.io/app'}
)

const report: CacheReport = {
  mode: 'registry',
  reason: plan.reason,
  stages: [
    {stage: 'deps', steps: 2, cached: 2, ran: 0, seconds: 0},
    {stage: 'stage-1', steps: 3, cached: 1, ran: 2, seconds: 4.25}
  ],
  imports: [
    {ref: 'r.io/app:buildcache-main', found: true},
    {ref: 'r.io/app:buildcache-main-partial', found: false}
  ],
  buildSeconds: 5.5,
  exportSeconds: 1.25,
  writes: [
    {ref: 'r.io/app:buildcache-main-partial', ok: true, seconds: 1.2, layersPushed: 1, layersExisting: 4}
  ],
  warnings: []
}

describe('renderCacheSection', () => {
  test('per-stage hits and misses, build vs export time, what was written', () => {
    expect(renderCacheSection(plan, report).join('\n')).toBe(
      [
        '### Cache',
        '',
        'Mode `registry`: push on the default branch: read main; write main',
        '',
        '| Stage | Steps | From cache | Ran | Run time |',
        '|---|---|---|---|---|',
        '| `deps` | 2 | 2 | 0 | 0.0 s |',
        '| `stage-1` | 3 | 1 | 2 | 4.3 s |',
        '',
        'Build 5.5 s · cache export 1.3 s',
        '',
        'Cache refs found: 1 of 2 read (a missing one is a first build in that scope, not an error).',
        '',
        '| Cache written | OK | Layers | Time |',
        '|---|---|---|---|',
        '| `r.io/app:buildcache-main-partial` | yes | 1 pushed, 4 already there | 1.2 s |',
        ''
      ].join('\n')
    )
  })

  test('buildah: build and cache are one, step times unknown', () => {
    const buildah = {
      ...report,
      stages: [{stage: 'deps', steps: 2, cached: 0, ran: 2}],
      stepImagesPulled: 3,
      stepImagesPushed: 2
    }
    const text = renderCacheSection(plan, buildah).join('\n')
    expect(text).toContain('| `deps` | 2 | 0 | 2 | — |')
    expect(text).toContain('Build 5.5 s, cache included: step images pulled 3, pushed 2')
    expect(text).not.toContain('Cache written')
  })

  test('a failed write is shown as such', () => {
    const failed = {...report, writes: [{ref: 'x/y:z', ok: false, seconds: 0}]}
    expect(renderCacheSection(plan, failed).join('\n')).toContain('| `x/y:z` | **failed** |  | 0.0 s |')
  })

  test('dry run: the plan', () => {
    expect(renderCacheSection(plan, undefined)).toEqual([
      '### Cache',
      '',
      'registry — push on the default branch: read main; write main (read r.io/app:buildcache-main)',
      '',
      'Would write `r.io/app:buildcache-main`.',
      ''
    ])
  })
})

test('describeCachePlan: raw values are shown as given', () => {
  expect(describeCachePlan({...plan, rawFrom: ['type=gha']})).toBe('registry, raw: from type=gha')
  expect(describeCachePlan({...plan, mode: 'none', reason: 'cache: none'})).toBe('none (cache: none)')
})

test('mergeStageStats: a stage is reported from its own build', () => {
  const own = {stage: 'deps', steps: 2, cached: 0, ran: 2, seconds: 1}
  const later = {stage: 'deps', steps: 2, cached: 2, ran: 0, seconds: 0}
  const final = {stage: 'stage-1', steps: 1, cached: 0, ran: 1, seconds: 1}
  expect(mergeStageStats([[own], [later, final]], ['deps', 'stage-1'])).toEqual([own, final])
})
