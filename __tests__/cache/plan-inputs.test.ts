import {describe, expect, test} from 'vitest'
import {readInputs} from '../../src/inputs/inputs.js'
import {planCacheFromInputs} from '../../src/cache/plan-inputs.js'

const context = {
  eventName: 'push',
  ref: 'refs/heads/main',
  payload: {},
  defaultBranch: 'main',
  repository: 'o/r',
  images: ['ghcr.io/o/app', 'docker.io/o/app'],
  runnerTemp: '/rt',
  workspace: '/w',
  dockerfile: '/w/Dockerfile',
  target: '',
  push: true,
  registryLogin: false,
  env: {} as Record<string, string>
}

function inputs(values: Record<string, string>) {
  return readInputs(name => values[name] ?? '')
}

test('defaults: auto, which is the registry cache next to the first image when the build pushes', () => {
  const read = inputs({})
  expect([read.cache, read['cache-ref'], read['cache-from'], read['cache-to']]).toEqual(['auto', '', [], []])
  expect(planCacheFromInputs(read, context)).toMatchObject({
    mode: 'registry',
    writeRef: 'ghcr.io/o/app:buildcache-main'
  })
})

test('cache-from / cache-to are lists; cache is one of the modes', () => {
  const read = inputs({
    cache: 'GHA',
    'cache-from': 'type=gha\n# not this\ntype=local,src=/x',
    'cache-to': 'type=gha,mode=max'
  })
  expect(read.cache).toBe('gha')
  expect(read['cache-from']).toEqual(['type=gha', 'type=local,src=/x'])
  expect(() => inputs({cache: 'redis'})).toThrow(
    /input 'cache': 'redis' is not one of auto, registry, gha, inline, local, none/
  )
})

test('local lives under RUNNER_TEMP', () => {
  expect(planCacheFromInputs(inputs({cache: 'local'}), context).writeRef).toBe('/rt/image-action-cache')
})

test('a bad cache-ref names the input', () => {
  expect(() => planCacheFromInputs(inputs({'cache-ref': 'Bad/Repo'}), context)).toThrow(
    /input 'cache-ref': 'Bad\/Repo' is not a valid repository/
  )
})

// GitHub's cache as the runner gives it to an action step (service v2).
const GHA_ENV = {
  ACTIONS_RUNTIME_TOKEN: 't',
  ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/',
  ACTIONS_CACHE_SERVICE_V2: 'true',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '2'
}
const forkPr = {
  eventName: 'pull_request',
  ref: 'refs/pull/42/merge',
  payload: {
    pull_request: {number: 42, base: {ref: 'main'}, head: {repo: {full_name: 'someone/r', fork: true}}},
    repository: {full_name: 'o/r'}
  }
}
const key = 'o-app-buildcache'

describe('cache: auto', () => {
  const auto = (overrides: Partial<typeof context>) =>
    planCacheFromInputs(inputs({}), {...context, ...overrides})

  test.each([
    {
      name: 'a branch build that pushes: the registry, written',
      over: {env: GHA_ENV},
      want: {mode: 'registry', writeRef: 'ghcr.io/o/app:buildcache-main', reason: /^auto → registry: push on/}
    },
    {
      name: 'a build that does not push, on GitHub: GitHub’s cache, the registry read too',
      over: {push: false, env: GHA_ENV},
      want: {
        mode: 'gha',
        writeRef: `${key}-main`,
        readRefs: [`${key}-main`],
        alsoReadRegistry: ['ghcr.io/o/app:buildcache-main'],
        reason:
          /^auto → GitHub's cache \(the registry cache: the build neither pushes nor logs in; read too\)/
      }
    },
    {
      name: 'a fork’s pull request that pushes: GitHub’s cache, written to the PR’s own scope',
      over: {...forkPr, env: GHA_ENV},
      want: {
        mode: 'gha',
        writeRef: `${key}-pr-42`,
        readRefs: [`${key}-pr-42`, `${key}-main`],
        alsoReadRegistry: ['ghcr.io/o/app:buildcache-pr-42', 'ghcr.io/o/app:buildcache-main'],
        reason:
          /the registry cache: this build may not write it; read too\).*from a fork: GitHub's cache keeps/
      }
    },
    {
      name: 'a build that does not push but logs in, on GitHub: the registry, written',
      over: {push: false, registryLogin: true, env: GHA_ENV},
      want: {mode: 'registry', writeRef: 'ghcr.io/o/app:buildcache-main', reason: /^auto → registry: push on/}
    },
    {
      name: 'no GitHub cache (not an Actions step): the registry, written with what the engine has',
      over: {push: false},
      want: {mode: 'registry', writeRef: 'ghcr.io/o/app:buildcache-main', reason: /^auto → registry: push on/}
    },
    {
      name: 'a fork without GitHub cache: the registry, read only',
      over: {...forkPr},
      want: {
        mode: 'registry',
        writeRef: undefined,
        readRefs: ['ghcr.io/o/app:buildcache-pr-42', 'ghcr.io/o/app:buildcache-main'],
        reason:
          /^auto → registry, read only \(this build may not write it; GitHub's cache: no ACTIONS_RUNTIME_TOKEN: not a step of a GitHub Actions job\)/
      }
    },
    {
      name: 'ACTIONS_CACHE_MODE none, a fork: the registry, read only',
      over: {...forkPr, env: {...GHA_ENV, ACTIONS_CACHE_MODE: 'none'}},
      want: {mode: 'registry', writeRef: undefined, reason: /ACTIONS_CACHE_MODE is 'none'/}
    }
  ])('$name', ({over, want}) => {
    const {reason, ...rest} = want
    const plan = auto(over)
    expect(plan).toMatchObject({...rest, auto: true})
    expect(plan.reason).toMatch(reason)
  })

  test('the @actions/cache entry: one key per run attempt and Dockerfile, restored by scope prefixes', () => {
    const plan = auto({...forkPr, env: GHA_ENV})
    const entry = plan.actionsCacheFallback
    expect(entry?.dir).toBe('/rt/image-action-cache')
    expect(entry?.key).toMatch(new RegExp(`^${key}-pr-42-df-[0-9a-f]{8}-77-2$`))
    const df = /-(df-[0-9a-f]{8})-/.exec(entry?.key ?? '')?.[1]
    expect(entry?.restoreKeys).toEqual([`${key}-pr-42-${df}-`, `${key}-main-${df}-`])
    expect(entry?.noSave).toBeUndefined()
    // Another Dockerfile (a monorepo's second image) has entries of its own.
    const other = auto({...forkPr, env: GHA_ENV, dockerfile: '/w/api/Dockerfile'}).actionsCacheFallback
    expect(other?.key).not.toBe(entry?.key)
    expect(auto({...forkPr, env: GHA_ENV, target: 'test'}).actionsCacheFallback?.key).not.toBe(entry?.key)
  })

  test('a read-only cache token (ACTIONS_CACHE_MODE read) restores but does not save', () => {
    const entry = auto({...forkPr, env: {...GHA_ENV, ACTIONS_CACHE_MODE: ' Read '}}).actionsCacheFallback
    expect(entry?.noSave).toBe("ACTIONS_CACHE_MODE is 'read': GitHub's cache is read only for this run")
  })

  test('a tag build restores the default branch and saves nothing', () => {
    const entry = auto({ref: 'refs/tags/v1', push: false, env: GHA_ENV}).actionsCacheFallback
    expect(entry?.noSave).toBe('this build writes no cache scope')
    expect(entry?.restoreKeys).toHaveLength(1)
  })

  test('no run id (not on GitHub): no @actions/cache entry', () => {
    const {GITHUB_RUN_ID: _, ...env} = GHA_ENV
    expect(auto({push: false, env}).actionsCacheFallback).toBeUndefined()
  })
})
