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
        '| Cache read | Result |',
        '|---|---|',
        '| `r.io/app:buildcache-main` | found |',
        '| `r.io/app:buildcache-main-partial` | not there yet (a first build in that scope) |',
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

  test('failed reads and writes are failed, with a short reason; remote hits are hits; notes last', () => {
    const failed: CacheReport = {
      ...report,
      stages: [
        {stage: 'deps', steps: 2, cached: 2, ran: 0, seconds: 0},
        {stage: 'stage-1', steps: 4, cached: 2, ran: 2, remote: 1, seconds: 0.6}
      ],
      imports: [
        {
          ref: 'r.io/app:buildcache-main',
          found: false,
          error:
            'failed to configure registry cache importer: unexpected status from HEAD request to https://r.io/v2/app/manifests/buildcache-main: 401 Unauthorized'
        },
        {
          ref: 'r.io/app:buildcache-dev',
          found: false,
          error: 'dial tcp 10.0.0.1:443: connect: connection refused'
        },
        {
          ref: 'o-app-main',
          found: false,
          error: 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
        }
      ],
      writes: [
        {
          ref: 'r.io/app:buildcache-main',
          ok: false,
          seconds: 0.4,
          error:
            'error writing layer blob: unexpected status from POST request to https://r.io/v2/app/blobs/uploads/: 403 Forbidden'
        },
        {ref: 'r.io/app:buildcache-x', ok: false, seconds: 0, error: 'weird | error\nover two lines'}
      ],
      notes: ['BuildKit 0.11.6 writes the registry cache as an OCI index.']
    }
    const text = renderCacheSection(plan, failed).join('\n')
    expect(text).toContain(
      [
        '| `stage-1` | 4 | 2 | 2 | 0.6 s |',
        '',
        'Steps downloaded from the remote cache: 1 (counted as from cache; later steps or the output needed their files).'
      ].join('\n')
    )
    expect(text).toContain(
      [
        '| Cache read | Result |',
        '|---|---|',
        '| `r.io/app:buildcache-main` | **failed** (not authorized) |',
        '| `r.io/app:buildcache-dev` | **failed** (could not connect) |',
        '| `o-app-main` | **failed** (left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment) |'
      ].join('\n')
    )
    expect(text).toContain(
      [
        '| `r.io/app:buildcache-main` | **failed** (access denied) |  | 0.4 s |',
        '| `r.io/app:buildcache-x` | **failed** (weird \\| error over two lines) |  | 0.0 s |',
        '',
        'Note: BuildKit 0.11.6 writes the registry cache as an OCI index.',
        ''
      ].join('\n')
    )
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
