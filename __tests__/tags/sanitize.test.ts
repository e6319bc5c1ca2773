import {describe, expect, test} from 'vitest'

import {MAX_TAG_LENGTH, sanitizeTag} from '../../src/tags/index.js'
import {run, runCtx} from './helpers.js'

describe('sanitizeTag', () => {
  test.each([
    ['dev', 'dev'],
    ['my/feature#1245', 'my-feature-1245'],
    ['Feature/ÜmlautS & co', 'Feature-mlautS-co'],
    ['a//b', 'a-b'],
    ['v1.2.3+build', 'v1.2.3-build'],
    ['UPPER_case.ok-1', 'UPPER_case.ok-1'],
    ['-leading', '-leading'],
    ['.dot', '.dot'],
    ['tab\there', 'tab-here']
  ])('%j → %j', (input, output) => {
    expect(sanitizeTag(input)).toBe(output)
  })
})

describe('tags longer than 128 characters', () => {
  test('a long branch is cut to 128 characters, with a warning', () => {
    const meta = run('push_long_branch', {images: 'u/a', tags: 'type=ref,event=branch\ntype=sha'})
    const full = 'feature-' + 'a-very-long-branch-name-'.repeat(6) + 'END'
    expect(full.length).toBeGreaterThan(MAX_TAG_LENGTH)
    expect(meta.version.main).toBe(full.substring(0, 128))
    expect(meta.tags).toEqual([`u/a:${full.substring(0, 128)}`, 'u/a:sha-860c190'])
    expect(meta.warnings).toEqual([
      `Tag "${full}" is ${full.length} characters long; registries accept at most 128, so it was truncated to "${full.substring(0, 128)}"`
    ])
  })

  test('exactly 128 characters is kept', () => {
    const meta = runCtx({}, {tags: `type=raw,value=${'x'.repeat(128)}`})
    expect(meta.tags).toEqual(['x'.repeat(128)])
    expect(meta.warnings).toEqual([])
  })

  test('two long values that agree on 128 characters collapse into one tag', () => {
    const meta = runCtx({}, {tags: `type=raw,value=${'y'.repeat(130)}a\ntype=raw,value=${'y'.repeat(130)}b`})
    expect(meta.tags).toEqual(['y'.repeat(128)])
    expect(meta.warnings).toHaveLength(2)
  })

  test('a long latest tag is cut too', () => {
    const meta = runCtx(
      {ref: 'refs/tags/v1.0.0'},
      {tags: 'type=semver,pattern={{version}}', flavor: `suffix=-${'s'.repeat(130)},onlatest=true`}
    )
    expect(meta.tagNames.map(t => t.length)).toEqual([128, 128])
    expect(meta.tagNames[1]?.startsWith('latest-sss')).toBe(true)
  })
})
