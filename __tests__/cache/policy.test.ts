import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'
import {parseCacheRef, planCache, sanitizeScope} from '../../src/cache/policy.js'
import type {CacheEvent, CacheInputs} from '../../src/cache/policy.js'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cache-events')

/** An event fixture as the action reads it: the default branch from the repository API, GITHUB_REPOSITORY. */
function event(name: string): CacheEvent {
  const fixture = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Omit<
    CacheEvent,
    'defaultBranch'
  >
  return {...fixture, defaultBranch: 'main', repository: 'octo-org/octo-repo'}
}

const registry: CacheInputs = {mode: 'registry', cacheRef: '', cacheFrom: [], cacheTo: []}
const IMAGE = 'ghcr.io/octo-org/app'
const ref = (tag: string) => `${IMAGE}:${tag}`

// prettier-ignore
const table: [fixture: string, read: string[], write: string | undefined, reason: RegExp][] = [
  ['push-main', ['buildcache-main'], 'buildcache-main', /default branch/],
  ['push-feature', ['buildcache-feature-Login-Form', 'buildcache-main'], 'buildcache-feature-Login-Form', /branch feature\/Login-Form/],
  ['pr-same-repo', ['buildcache-pr-42', 'buildcache-release-1.x', 'buildcache-main'], 'buildcache-pr-42', /pull request #42/],
  ['pr-fork', ['buildcache-pr-7', 'buildcache-main'], undefined, /fork: read only/],
  ['pr-target-fork', ['buildcache-pr-8', 'buildcache-main'], undefined, /fork: read only/],
  ['pr-deleted-fork', ['buildcache-pr-9', 'buildcache-main'], undefined, /fork/],
  ['tag-push', ['buildcache-main'], undefined, /tag build/],
  ['schedule', ['buildcache-main'], 'buildcache-main', /schedule on the default branch/],
  ['workflow-dispatch', ['buildcache-hotfix', 'buildcache-main'], 'buildcache-hotfix', /workflow_dispatch on branch hotfix/],
  ['merge-group', ['buildcache-main'], undefined, /merge queue/]
]

describe('planCache: read own scope, then base, then default; write own scope only', () => {
  test.each(table)('%s', (fixture, read, write, reason) => {
    const plan = planCache(registry, event(fixture), {image: IMAGE})
    expect(plan.readRefs).toEqual(read.map(ref))
    expect(plan.writeRef).toBe(write && ref(write))
    expect(plan.reason).toMatch(reason)
    expect(plan.repository).toBe(IMAGE)
  })

  test('the reason says what is read and written', () => {
    expect(planCache(registry, event('pr-same-repo'), {image: IMAGE}).reason).toBe(
      'pull request #42: read pr-42 → release-1.x → main; write pr-42'
    )
  })

  test('without a known default branch the chain is shorter, never wrong', () => {
    const plan = planCache(registry, {...event('push-feature'), defaultBranch: undefined}, {image: IMAGE})
    expect(plan.readScopes).toEqual(['feature-Login-Form'])
    expect(
      planCache(registry, {...event('tag-push'), defaultBranch: undefined}, {image: IMAGE}).readRefs
    ).toEqual([])
  })

  test('a pull request payload without head repository counts as a fork', () => {
    const bare: CacheEvent = {
      eventName: 'pull_request',
      ref: 'refs/pull/3/merge',
      payload: {},
      defaultBranch: 'main'
    }
    expect(planCache(registry, bare, {image: IMAGE}).writeRef).toBeUndefined()
  })

  test('same-repo is decided case-insensitively against the base repository', () => {
    const e = event('pr-same-repo')
    const pr = e.payload.pull_request as {head: {repo: {full_name: string}}}
    const shouted = {
      ...e,
      payload: {
        ...e.payload,
        pull_request: {...pr, head: {...pr.head, repo: {full_name: 'Octo-Org/Octo-Repo'}}}
      }
    }
    expect(planCache(registry, shouted, {image: IMAGE}).writeRef).toBe(ref('buildcache-pr-42'))
  })
})

describe('modes and cache-ref', () => {
  test('none reads and writes nothing but keeps raw values', () => {
    const plan = planCache({...registry, mode: 'none', cacheFrom: ['type=gha']}, event('push-main'), {
      image: IMAGE
    })
    expect(plan).toMatchObject({mode: 'none', readRefs: [], rawFrom: ['type=gha']})
    expect(plan.writeRef).toBeUndefined()
  })

  test('inline uses the same refs as registry', () => {
    expect(planCache({...registry, mode: 'inline'}, event('push-feature'), {image: IMAGE}).readRefs).toEqual(
      planCache(registry, event('push-feature'), {image: IMAGE}).readRefs
    )
  })

  test('gha keys carry the image path, not the registry', () => {
    const plan = planCache({...registry, mode: 'gha'}, event('pr-same-repo'), {image: IMAGE})
    expect(plan.readRefs).toEqual([
      'octo-org-app-buildcache-pr-42',
      'octo-org-app-buildcache-release-1.x',
      'octo-org-app-buildcache-main'
    ])
    expect(plan.writeRef).toBe('octo-org-app-buildcache-pr-42')
    // GitHub's cache keeps a fork's writes to its pull request (refs/pull/N/merge): no other branch reads them.
    const fork = planCache({...registry, mode: 'gha'}, event('pr-fork'), {image: IMAGE})
    expect(fork.writeRef).toBe('octo-org-app-buildcache-pr-7')
    expect(fork.reason).toMatch(/from a fork: GitHub's cache keeps what it writes to the pull request/)
    expect(planCache(registry, event('pr-fork'), {image: IMAGE}).writeRef).toBeUndefined()
  })

  test("local reads and writes its directory, also in a fork (it is the runner's own)", () => {
    const plan = planCache({...registry, mode: 'local'}, event('pr-fork'), {
      image: IMAGE,
      localDir: '/tmp/r/cache'
    })
    expect(plan).toMatchObject({readRefs: ['/tmp/r/cache'], writeRef: '/tmp/r/cache'})
  })

  test('registry without an image or cache-ref caches nothing and says why', () => {
    const plan = planCache(registry, event('push-main'), {})
    expect(plan.mode).toBe('none')
    expect(plan.reason).toMatch(/no image/)
  })

  test.each([
    ['127.0.0.1:5000/team/app-cache', '127.0.0.1:5000/team/app-cache:buildcache-main'],
    ['127.0.0.1:5000/team/app:cache', '127.0.0.1:5000/team/app:cache-main'],
    ['ghcr.io/o/cache:app', 'ghcr.io/o/cache:app-main']
  ])('cache-ref %s', (cacheRef, expected) => {
    const plan = planCache({...registry, cacheRef}, event('push-main'), {image: IMAGE})
    expect(plan.writeRef).toBe(expected)
  })

  test('the image tag or digest never leaks into cache refs', () => {
    expect(planCache(registry, event('push-main'), {image: 'localhost:5000/app:1'}).writeRef).toBe(
      'localhost:5000/app:buildcache-main'
    )
  })

  test('a long branch name still gives a valid tag, distinct from its neighbours', () => {
    const long = (suffix: string): CacheEvent => ({
      ...event('push-feature'),
      ref: `refs/heads/${'x'.repeat(200)}${suffix}`
    })
    const a = planCache(registry, long('a'), {image: IMAGE}).writeRef as string
    const b = planCache(registry, long('b'), {image: IMAGE}).writeRef as string
    expect(a.split(':').pop()?.length).toBe(128)
    expect(a).not.toBe(b)
  })
})

describe('parseCacheRef', () => {
  test.each([
    ['ghcr.io/o/app', {repository: 'ghcr.io/o/app', prefix: 'buildcache'}],
    ['host:5000/app', {repository: 'host:5000/app', prefix: 'buildcache'}],
    ['host:5000/app:c', {repository: 'host:5000/app', prefix: 'c'}]
  ])('%s', (value, expected) => {
    expect(parseCacheRef(value)).toEqual(expected)
  })

  test.each([
    ['ghcr.io/o/App', "'ghcr.io/o/App' is not a valid repository (lower case, e.g. ghcr.io/owner/app-cache)"],
    [
      'ghcr.io/o/app@sha256:abc',
      "'ghcr.io/o/app@sha256:abc' has a digest; give a repository, optionally with :prefix"
    ],
    ['o/app:-x', "'-x' is not a valid tag prefix"]
  ])('rejects %s', (value, error) => {
    expect(parseCacheRef(value)).toEqual({error})
  })
})

test.each([
  ['feature/Login-Form', 'feature-Login-Form'],
  ['dependabot/npm_and_yarn/@types/node-20', 'dependabot-npm_and_yarn-types-node-20'],
  ['-weird-', 'weird'],
  ['/', 'none']
])('sanitizeScope(%s)', (name, expected) => {
  expect(sanitizeScope(name)).toBe(expected)
})
