import {describe, expect, test} from 'vitest'
import {InputError} from '../../../src/shared/errors.js'
import {closedPullRequest, pruneConfig} from '../../../src/prune/plan/config.js'
import {formatDuration, parseDuration, parsePruneRules} from '../../../src/prune/plan/rules.js'

describe('the prune rule grammar', () => {
  test('every rule type with its attributes and defaults', () => {
    const rules = parsePruneRules(`
      # comments and blank lines are skipped but counted
      type=pr-closed
      type=tags,match=sha-.*,exclude=sha-keep.*,older-than=30d,keep=10
      type=cache,older-than=2w,keep=1,prefix=cache
      type=untagged,older-than=12h

      "type=keep","match=^(main|release-.*)$"
      type=keep,semver=false,latest=FALSE
    `)
    expect(rules?.deletes.map(r => [r.type, r.line])).toEqual([
      ['pr-closed', 3],
      ['tags', 4],
      ['cache', 5],
      ['untagged', 6]
    ])
    expect(rules?.deletes[0]).toMatchObject({prefix: 'pr-', cache: true, label: 'line 3 (type=pr-closed)'})
    expect(rules?.deletes[1]).toMatchObject({olderThanMs: 30 * 86_400_000, keep: 10})
    expect(rules?.deletes[2]).toMatchObject({olderThanMs: 14 * 86_400_000, keep: 1, prefix: 'cache'})
    expect(rules?.deletes[3]).toMatchObject({graceMs: 12 * 3_600_000})
    expect(rules?.keeps[0]?.match.test('release-1')).toBe(true)
    expect(rules).toMatchObject({keepSemver: false, keepLatest: false})
  })

  test('defaults: cache tags older than a week, untagged after a day', () => {
    const rules = parsePruneRules('type=cache\ntype=untagged')
    expect(rules?.deletes).toMatchObject([{olderThanMs: 7 * 86_400_000}, {graceMs: 86_400_000}])
    expect(rules).toMatchObject({keepSemver: true, keepLatest: true, keepDefaultCache: true})
    expect(parsePruneRules('type=cache\ntype=keep,default-cache=false')?.keepDefaultCache).toBe(false)
  })

  test('no rules, no pruning', () => {
    expect(parsePruneRules('')).toBeUndefined()
    expect(parsePruneRules('\n  # nothing\n')).toBeUndefined()
  })

  test.each([
    ['type=tags', /line 1 "type=tags": would delete every unprotected tag/],
    ['match=x', /line 1 "match=x": attribute 'type' is required/],
    ['type=tag,match=x', /attribute 'type': unknown type 'tag'/],
    ['type=tags,match=x,keep-last=3', /attribute 'keep-last' is not known for type=tags/],
    ['type=tags,older-than=30 days', /attribute 'older-than': '30 days' is not a duration/],
    ['type=tags,keep=-1', /attribute 'keep': '-1' is not a whole number/],
    ['type=tags,match=(', /attribute 'match': Invalid regular expression/],
    ['type=tags,match=x,match=y', /attribute 'match' is given twice/],
    ['type=pr-closed,cache=maybe', /attribute 'cache': write true or false/],
    ['\n\ntype=untagged,keep=1', /line 3 .*attribute 'keep' is not known for type=untagged/],
    ['type=keep', /type=keep needs 'match', 'semver', 'latest' or 'default-cache'/],
    ['type=keep,match=v.*', /has only type=keep rules/],
    ['type=tags,match', /'match' is not key=value/],
    ['type=tags,match=a"b', /line 1 .*Invalid Opening Quote/]
  ])('%s is refused by input, line and attribute', (text, message) => {
    expect(() => parsePruneRules(text)).toThrow(InputError)
    expect(() => parsePruneRules(text)).toThrow(message)
    expect(() => parsePruneRules(text)).toThrow(/^input 'prune': /)
  })

  test('durations', () => {
    expect(parseDuration('1w2d')).toBe(9 * 86_400_000)
    expect(parseDuration('90m')).toBe(90 * 60_000)
    expect(parseDuration('1y')).toBe(365 * 86_400_000)
    expect(parseDuration('5')).toBeUndefined()
    expect(formatDuration(14 * 86_400_000)).toBe('2w')
    expect(formatDuration(36 * 3_600_000)).toBe('36h')
  })
})

describe('prune configuration from the inputs and the event', () => {
  const event = {eventName: 'push', payload: {}, images: ['ghcr.io/o/app', 'docker.io/u/app', 'alpine']}

  test('every enabled image, in canonical form; prune-images overrides', () => {
    expect(pruneConfig({prune: 'type=pr-closed', 'prune-images': ''}, event)?.repositories).toEqual([
      'ghcr.io/o/app',
      'docker.io/u/app',
      'docker.io/library/alpine'
    ])
    const override = pruneConfig(
      {prune: 'type=pr-closed', 'prune-images': '# only\nghcr.io/o/other\n'},
      event
    )
    expect(override?.repositories).toEqual(['ghcr.io/o/other'])
  })

  test('the cache repository joins when a rule prunes cache tags', () => {
    const withCache = {
      ...event,
      images: ['ghcr.io/o/app'],
      cacheRepository: 'ghcr.io/o/app-cache',
      cachePrefix: 'bc'
    }
    expect(pruneConfig({prune: 'type=pr-closed', 'prune-images': ''}, withCache)).toMatchObject({
      repositories: ['ghcr.io/o/app', 'ghcr.io/o/app-cache'],
      cachePrefix: 'bc'
    })
    expect(
      pruneConfig({prune: 'type=pr-closed,cache=false', 'prune-images': ''}, withCache)?.repositories
    ).toEqual(['ghcr.io/o/app'])
  })

  test("buildah's layer cache repository joins for type=cache only, marked as such", () => {
    const withLayers = {
      ...event,
      images: ['ghcr.io/o/app'],
      cacheRepository: 'ghcr.io/o/app',
      cachePrefix: 'buildcache',
      layerCacheRepository: 'ghcr.io/o/app-buildcache'
    }
    expect(pruneConfig({prune: 'type=cache,older-than=7d', 'prune-images': ''}, withLayers)).toMatchObject({
      repositories: ['ghcr.io/o/app', 'ghcr.io/o/app-buildcache'],
      layerCacheRepositories: ['ghcr.io/o/app-buildcache']
    })
    expect(pruneConfig({prune: 'type=pr-closed', 'prune-images': ''}, withLayers)).toMatchObject({
      repositories: ['ghcr.io/o/app'],
      layerCacheRepositories: []
    })
  })

  test('bad repositories and missing ones are input errors', () => {
    expect(() => pruneConfig({prune: 'type=pr-closed', 'prune-images': 'ghcr.io/o/app:1'}, event)).toThrow(
      /input 'prune-images': line 1 "ghcr.io\/o\/app:1": name a repository without a tag/
    )
    expect(() => pruneConfig({prune: 'type=pr-closed', 'prune-images': ''}, {...event, images: []})).toThrow(
      /input 'prune-images': prune has rules but no repository/
    )
    expect(() => pruneConfig({prune: '', 'prune-images': 'ghcr.io/o/app'}, event)).toThrow(
      /prune has no rules/
    )
  })

  test('a closed pull request, merged or not', () => {
    expect(closedPullRequest('pull_request', {action: 'closed', number: 12})).toBe(12)
    expect(closedPullRequest('pull_request_target', {action: 'closed', pull_request: {number: 7}})).toBe(7)
    expect(closedPullRequest('pull_request', {action: 'opened', number: 12})).toBeUndefined()
    expect(closedPullRequest('push', {action: 'closed', number: 12})).toBeUndefined()
  })
})
