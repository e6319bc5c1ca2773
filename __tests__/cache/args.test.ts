import {describe, expect, test} from 'vitest'
import {buildahCacheRepository, buildxCacheArgs, cacheRepositories} from '../../src/cache/args.js'
import {cacheForEngine} from '../../src/cache/engines.js'
import {planCache} from '../../src/cache/policy.js'
import type {CacheEvent, CacheMode, CachePlan} from '../../src/cache/policy.js'

const push: CacheEvent = {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'}
const pr: CacheEvent = {
  eventName: 'pull_request',
  ref: 'refs/pull/5/merge',
  payload: {pull_request: {head: {repo: {full_name: 'o/r'}}, base: {ref: 'dev', repo: {full_name: 'o/r'}}}},
  defaultBranch: 'main'
}
const fork: CacheEvent = {
  ...pr,
  payload: {pull_request: {head: {repo: {full_name: 'x/r'}}, base: {ref: 'main', repo: {full_name: 'o/r'}}}}
}

function plan(mode: CacheMode, event: CacheEvent, raw: {from?: string[]; to?: string[]} = {}): CachePlan {
  return planCache({mode, cacheRef: '', cacheFrom: raw.from ?? [], cacheTo: raw.to ?? []}, event, {
    image: 'ghcr.io/o/app',
    localDir: '/rt/image-action-cache'
  })
}

// prettier-ignore
const table: [title: string, CachePlan, push: boolean, args: string[], tags: string[]][] = [
  ['registry, push on main', plan('registry', push), true, [
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main',
    '--cache-to', 'type=registry,ref=ghcr.io/o/app:buildcache-main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'], []],
  ['registry, same-repo PR reads pr, base, default; writes pr (also without push)', plan('registry', pr), false, [
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-pr-5',
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-dev',
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main',
    '--cache-to', 'type=registry,ref=ghcr.io/o/app:buildcache-pr-5,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'], []],
  ['registry, fork PR only reads', plan('registry', fork), false, [
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-pr-5',
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main'], []],
  ['gha: one scope per branch, mode=max', plan('gha', pr), false, [
    '--cache-from', 'type=gha,scope=o-app-buildcache-pr-5',
    '--cache-from', 'type=gha,scope=o-app-buildcache-dev',
    '--cache-from', 'type=gha,scope=o-app-buildcache-main',
    '--cache-to', 'type=gha,scope=o-app-buildcache-pr-5,mode=max,ignore-error=true'], []],
  ['inline with push: cache-to inline and the cache tag', plan('inline', push), true, [
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main',
    '--cache-to', 'type=inline'], ['ghcr.io/o/app:buildcache-main']],
  ['inline without push writes nothing (the cache is the pushed image)', plan('inline', push), false, [
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main'], []],
  ['local: written next to the old one, swapped after the build', plan('local', push), false, [
    '--cache-from', 'type=local,src=/rt/image-action-cache',
    '--cache-to', 'type=local,dest=/rt/image-action-cache-new,mode=max,ignore-error=true'], []],
  ['none', plan('none', push), true, [], []],
  ['raw cache-from replaces the computed reads only', plan('registry', push, {from: ['type=registry,ref=x/y:z']}), true, [
    '--cache-from', 'type=registry,ref=x/y:z',
    '--cache-to', 'type=registry,ref=ghcr.io/o/app:buildcache-main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'], []],
  ['raw values work with cache: none', plan('none', push, {from: ['type=gha'], to: ['type=gha,mode=max']}), true, [
    '--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max'], []]
]

describe('buildxCacheArgs', () => {
  test.each(table)('%s', (_title, cachePlan, pushing, args, tags) => {
    expect(buildxCacheArgs(cachePlan, pushing)).toEqual({args, tags})
  })
})

describe('cacheForEngine', () => {
  test.each([
    ['buildx', 'gha', 'gha', 0],
    ['buildx', 'local', 'local', 0],
    ['docker', 'registry', 'registry', 0],
    ['docker', 'inline', 'inline', 0],
    ['docker', 'gha', 'none', 1],
    ['docker', 'local', 'none', 1],
    ['buildah', 'registry', 'registry', 0],
    ['buildah', 'inline', 'none', 1],
    ['buildah', 'gha', 'none', 1],
    ['buildah', 'local', 'none', 0]
  ] as const)('%s with cache: %s → %s (%i warnings)', (engine, mode, effective, warnings) => {
    const fitted = cacheForEngine(plan(mode, push), engine)
    expect(fitted.plan.mode).toBe(effective)
    expect(fitted.warnings).toHaveLength(warnings)
  })

  test('raw values are buildx syntax: other engines drop them with a warning', () => {
    const fitted = cacheForEngine(plan('registry', push, {from: ['type=gha']}), 'docker')
    expect(fitted.plan.rawFrom).toEqual([])
    expect(fitted.warnings[0]).toMatch(/buildx syntax/)
  })
})

test('buildah keeps its step images in a repository of their own', () => {
  expect(buildahCacheRepository(plan('registry', push))).toBe('ghcr.io/o/app-buildcache')
  expect(cacheRepositories({cache: plan('registry', push)})).toEqual([
    'ghcr.io/o/app',
    'ghcr.io/o/app-buildcache'
  ])
  expect(cacheRepositories({})).toEqual([])
})
