import {describe, expect, test} from 'vitest'
import {
  buildahCacheRepository,
  buildxCacheArgs,
  cacheRepositories,
  parseCacheValue,
  registryCacheTo
} from '../../src/cache/args.js'
import {cacheForEngine} from '../../src/build/cache-support.js'
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
  ['auto on GitHub\'s cache (a fork): gha first, then the registry cache read', {...plan('gha', fork), alsoReadRegistry: ['ghcr.io/o/app:buildcache-pr-5', 'ghcr.io/o/app:buildcache-main']}, false, [
    '--cache-from', 'type=gha,scope=o-app-buildcache-pr-5',
    '--cache-from', 'type=gha,scope=o-app-buildcache-main',
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-pr-5',
    '--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache-main',
    '--cache-to', 'type=gha,scope=o-app-buildcache-pr-5,mode=max,ignore-error=true'], []],
  ['none', plan('none', push), true, [], []],
  ['raw cache-from replaces the computed reads only', plan('registry', push, {from: ['type=registry,ref=x/y:z']}), true, [
    '--cache-from', 'type=registry,ref=x/y:z',
    '--cache-to', 'type=registry,ref=ghcr.io/o/app:buildcache-main,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'], []],
  ['raw values work with cache: none', plan('none', push, {from: ['type=gha'], to: ['type=gha,mode=max']}), true, [
    '--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max'], []]
]

describe('buildxCacheArgs', () => {
  test.each(table)('%s', (_title, cachePlan, pushing, args, tags) => {
    const cache = buildxCacheArgs(cachePlan, pushing)
    expect({args: cache.args, tags: cache.tags}).toEqual({args, tags})
    expect(cache.notes).toEqual([])
  })
})

describe('registryCacheTo: the form the builder can write', () => {
  const ref = 'ghcr.io/o/app:buildcache-main'
  // prettier-ignore
  test.each([
    ['unknown version: the preferred form', undefined,
      `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`, undefined],
    ['v0.0.0+unknown (a distribution build) is unknown', 'v0.0.0+unknown',
      `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`, undefined],
    ['0.12.0 writes image manifests', '0.12.0',
      `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`, undefined],
    ['v0.13.2 (leading v)', 'v0.13.2',
      `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`, undefined],
    ['0.11.6 ignores image-manifest: the index form, said so', '0.11.6',
      `type=registry,ref=${ref},mode=max,oci-mediatypes=true,ignore-error=true`,
      'BuildKit 0.11.6 writes the registry cache as an OCI index (an image manifest needs BuildKit ≥ 0.12), which some registries refuse (ECR, GCR, Quay, Harbor).'],
    ['0.10.6 also ignores ignore-error', '0.10.6',
      `type=registry,ref=${ref},mode=max,oci-mediatypes=true,ignore-error=true`,
      'BuildKit 0.10.6 writes the registry cache as an OCI index (an image manifest needs BuildKit ≥ 0.12), which some registries refuse (ECR, GCR, Quay, Harbor); and a cache it cannot write fails the build (ignore-error needs BuildKit ≥ 0.11).']
  ] as const)('%s', (_title, version, value, note) => {
    expect(registryCacheTo(ref, version)).toEqual(note === undefined ? {value} : {value, note})
  })

  test('buildxCacheArgs fits the computed cache-to to the builder and passes the note on', () => {
    const cache = buildxCacheArgs(plan('registry', push), true, {buildkitVersion: '0.11.6'})
    expect(cache.args).toEqual([
      '--cache-from',
      'type=registry,ref=ghcr.io/o/app:buildcache-main',
      '--cache-to',
      'type=registry,ref=ghcr.io/o/app:buildcache-main,mode=max,oci-mediatypes=true,ignore-error=true'
    ])
    expect(cache.notes).toEqual([registryCacheTo(ref, '0.11.6').note])
  })

  test("raw cache-to values are the user's: never rewritten, no note", () => {
    const raw = 'type=registry,ref=x/y:z,image-manifest=true'
    const cache = buildxCacheArgs(plan('registry', push, {to: [raw]}), true, {buildkitVersion: '0.10.0'})
    expect(cache.args.slice(-2)).toEqual(['--cache-to', raw])
    expect(cache.notes).toEqual([])
  })
})

test('gha attributes from the gha decision go on every gha value', () => {
  const cache = buildxCacheArgs(plan('gha', push), true, {ghaAttrs: ['version=2']})
  expect(cache.args).toEqual([
    '--cache-from',
    'type=gha,scope=o-app-buildcache-main,version=2',
    '--cache-to',
    'type=gha,scope=o-app-buildcache-main,version=2,mode=max,ignore-error=true'
  ])
})

describe('parseCacheValue: as buildx reads a value', () => {
  // prettier-ignore
  test.each([
    ['type=registry,ref=r.io/a:b,mode=max', [{type: 'registry', ref: 'r.io/a:b', attrs: {ref: 'r.io/a:b', mode: 'max'}}]],
    ['r.io/a:b,r.io/a:c', [
      {type: 'registry', ref: 'r.io/a:b', attrs: {ref: 'r.io/a:b'}},
      {type: 'registry', ref: 'r.io/a:c', attrs: {ref: 'r.io/a:c'}}]],
    ['type=gha', [{type: 'gha', ref: 'buildkit', attrs: {}}]],
    ['Type=gha,Scope=s1,url=https://x/', [{type: 'gha', ref: 's1', attrs: {scope: 's1', url: 'https://x/'}}]],
    ['type=local,src=/c', [{type: 'local', ref: '/c', attrs: {src: '/c'}}]],
    ['type=local,dest=/c-new,mode=max', [{type: 'local', ref: '/c-new', attrs: {dest: '/c-new', mode: 'max'}}]],
    ['type=inline', [{type: 'inline', ref: 'inline', attrs: {}}]],
    ['type=s3,region=eu,bucket=b,name=app', [{type: 's3', ref: 'app', attrs: {region: 'eu', bucket: 'b', name: 'app'}}]],
    ['"type=registry","ref=r.io/a:b"', [{type: 'registry', ref: 'r.io/a:b', attrs: {ref: 'r.io/a:b'}}]]
  ] as const)('%s', (value, entries) => {
    expect(parseCacheValue(value)).toEqual(entries)
  })

  test("buildxCacheArgs names its entries as the plan does: inline by the image's cache tag, local by its directory", () => {
    const inline = buildxCacheArgs(plan('inline', push), true)
    expect(inline.from.map(e => [e.type, e.ref])).toEqual([['registry', 'ghcr.io/o/app:buildcache-main']])
    expect(inline.to.map(e => [e.type, e.ref])).toEqual([['inline', 'ghcr.io/o/app:buildcache-main']])
    const local = buildxCacheArgs(plan('local', push), true)
    expect(local.to.map(e => [e.type, e.ref, e.attrs.dest])).toEqual([
      ['local', '/rt/image-action-cache', '/rt/image-action-cache-new']
    ])
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
