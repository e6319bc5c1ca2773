/**
 * Which caches a build reads and which one it writes, from the event alone (pure).
 *
 * The read chain is own scope → the pull request's base branch → the default branch: what GitHub's own
 * cache lets a run see, and what keeps a new branch or PR warm from its first build. Only the own scope is
 * written, so a branch can never overwrite another's cache; code from a fork is never allowed to write
 * (it is untrusted, and its token cannot push anyway). Tag builds read the default branch and write
 * nothing: each tag is built once, so its own scope would never be read.
 */
import {isForkPullRequest, record, text} from '../shared/trust.js'
import {fitTag} from './refs.js'

export const CACHE_MODES = ['registry', 'gha', 'inline', 'local', 'none'] as const
export type CacheMode = (typeof CACHE_MODES)[number]
/** What the `cache` input takes: a mode, or `auto` (the registry where it can write, else GitHub's cache). */
export const CACHE_INPUT_MODES = ['auto', ...CACHE_MODES] as const
export type CacheInputMode = (typeof CACHE_INPUT_MODES)[number]

/** The tag prefix every cache tag starts with, so cache tags are easy to tell apart and to prune. */
export const DEFAULT_TAG_PREFIX = 'buildcache'

export interface CacheInputs {
  readonly mode: CacheMode
  /** `cache-ref`: `repository` or `repository:prefix`; empty derives it from the first image. */
  readonly cacheRef: string
  /** Raw `cache-from` / `cache-to` lines (buildx syntax), used instead of the computed ones. */
  readonly cacheFrom: readonly string[]
  readonly cacheTo: readonly string[]
}

/** What the runner says about the triggering event; plain data so tests use fixture files. */
export interface CacheEvent {
  readonly eventName: string
  /** GITHUB_REF (pull_request_target already rewritten to refs/pull/N/merge). */
  readonly ref: string
  readonly payload: Readonly<Record<string, unknown>>
  readonly defaultBranch?: string
  /** GITHUB_REPOSITORY, owner/name: what a pull request's head must match to count as same-repo. */
  readonly repository?: string
}

export interface CachePlan {
  readonly mode: CacheMode
  /** Scope names, best first; the first is the own scope unless this build has none (tags). */
  readonly readScopes: readonly string[]
  readonly writeScope?: string
  /**
   * Where to read, best first, in the mode's own addressing: image references for registry and inline,
   * gha scope keys for gha, the directory for local. Empty for none.
   */
  readonly readRefs: readonly string[]
  /** Where to write, in the same addressing; absent when this build must not write. */
  readonly writeRef?: string
  /** gha: the @actions/cache entry to use instead where the builder has no gha backend (engine-plan.ts). */
  readonly actionsCacheFallback?: ActionsCacheEntry
  /** The repository cache images live in (registry, inline); buildah keeps its step images next to it. */
  readonly repository?: string
  /** What every cache tag starts with (registry, inline, gha keys). */
  readonly tagPrefix?: string
  /** Why these refs: shown in the log and the job summary. */
  readonly reason: string
  readonly rawFrom: readonly string[]
  readonly rawTo: readonly string[]
  /** `cache: auto` chose this plan (the engine may still change gha into @actions/cache, engine-plan.ts). */
  readonly auto?: boolean
  /** Registry cache images read as well, after the mode's own refs (`cache: auto` on GitHub's cache). */
  readonly alsoReadRegistry?: readonly string[]
  /**
   * The local cache directory is restored from and saved to GitHub's Actions cache through @actions/cache
   * (mode local; set where the builder has no gha backend of its own).
   */
  readonly actionsCache?: ActionsCacheEntry
}

/** One @actions/cache entry around the local cache directory (build/actions-cache.ts carries it out). */
export interface ActionsCacheEntry {
  readonly dir: string
  /** Unique per run attempt: entries are immutable. */
  readonly key: string
  /** Prefixes tried in order, newest entry first: own scope, then the base and default branches. */
  readonly restoreKeys: readonly string[]
  /** Why nothing is saved (no write scope, a read-only cache token); absent: saved after the build. */
  readonly noSave?: string
}

export const NO_CACHE: CachePlan = {
  mode: 'none',
  readScopes: [],
  readRefs: [],
  reason: 'cache: none',
  rawFrom: [],
  rawTo: []
}

/** A branch or PR name as a tag fragment: every run outside [A-Za-z0-9._-] becomes '-'. */
export function sanitizeScope(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'none'
}

interface Scopes {
  readonly read: string[]
  readonly write?: string
  readonly why: string
}

function branchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))]
}

function pullRequestScopes(
  event: CacheEvent,
  number: string,
  defaultScope: string | undefined,
  forkMayWrite: boolean
): Scopes {
  const pr = record(event.payload.pull_request)
  const own = `pr-${number}`
  const baseBranch = text(record(pr.base).ref)
  const read = unique([own, baseBranch && sanitizeScope(baseBranch), defaultScope])
  if (isForkPullRequest(pr, event.payload, event.repository)) {
    if (forkMayWrite) {
      return {
        read,
        write: own,
        why: `pull request #${number} from a fork: GitHub's cache keeps what it writes to the pull request`
      }
    }
    return {read, why: `pull request #${number} from a fork: read only (untrusted code, no push rights)`}
  }
  return {read, write: own, why: `pull request #${number}`}
}

/**
 * GitHub's cache (gha) may be written from a fork's pull request: GitHub scopes what a run writes to its ref
 * (refs/pull/N/merge), which no other branch reads; a registry tag is seen by everyone.
 */
function scopesFor(event: CacheEvent, forkMayWrite = false): Scopes {
  const defaultScope = event.defaultBranch ? sanitizeScope(event.defaultBranch) : undefined
  const pr = /^refs\/pull\/(\d+)\//.exec(event.ref)
  if (pr) return pullRequestScopes(event, pr[1] as string, defaultScope, forkMayWrite)
  if (event.eventName === 'merge_group') {
    // A merge queue branch is built once; reading its base is what makes it warm.
    const base = branchOf(text(record(event.payload.merge_group).base_ref))
    return {read: unique([base && sanitizeScope(base), defaultScope]), why: 'merge queue build: read only'}
  }
  const branch = branchOf(event.ref)
  if (branch !== undefined) {
    const own = sanitizeScope(branch)
    const why =
      own === defaultScope
        ? `${event.eventName} on the default branch`
        : `${event.eventName} on branch ${branch}`
    return {read: unique([own, defaultScope]), write: own, why}
  }
  if (event.ref.startsWith('refs/tags/')) {
    return {
      read: unique([defaultScope]),
      why: 'tag build: reads the default branch, writes nothing (each tag is built once)'
    }
  }
  return {
    read: unique([defaultScope]),
    why: `${event.eventName || 'unknown event'} without a branch: read only`
  }
}

export interface CacheRepository {
  readonly repository: string
  readonly prefix: string
}

/** `repo`, `repo:prefix` (a port is not a tag: the tag comes after the last '/'). */
export function parseCacheRef(value: string): CacheRepository | {readonly error: string} {
  if (value.includes('@'))
    return {error: `'${value}' has a digest; give a repository, optionally with :prefix`}
  const slash = value.lastIndexOf('/')
  const colon = value.lastIndexOf(':')
  const [repository, prefix] = colon > slash ? [value.slice(0, colon), value.slice(colon + 1)] : [value, '']
  if (!/^[a-z0-9]+([._:/-][a-z0-9]+|__[a-z0-9]+)*$/.test(repository)) {
    return {error: `'${repository}' is not a valid repository (lower case, e.g. ghcr.io/owner/app-cache)`}
  }
  if (prefix !== '' && !/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(prefix)) {
    return {error: `'${prefix}' is not a valid tag prefix`}
  }
  return {repository, prefix: prefix || DEFAULT_TAG_PREFIX}
}

/** Strips a tag or digest from an image name: 'host:5000/app:1' → 'host:5000/app'. */
function repositoryOf(image: string): string {
  const name = image.split('@')[0] as string
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  return colon > slash ? name.slice(0, colon) : name
}

/** gha keys have no registry: the image path keeps two images of one repository apart. */
function ghaKey(image: string | undefined, prefix: string, scope: string): string {
  const parts = image ? repositoryOf(image).split('/') : []
  // Drop the registry host: gha is per GitHub repository, whichever registry the image goes to.
  const path = parts.length > 1 ? parts.slice(1).join('/') : parts.join('/')
  return fitTag([...(path ? [sanitizeScope(path)] : []), prefix, scope].join('-'))
}

/**
 * The @actions/cache entry for a gha plan: keys `<gha scope key>-<dockerfile>-<run>`, restored by the prefix
 * `<gha scope key>-<dockerfile>-` of each scope read (own, base, default branch), newest first.
 */
function actionsCacheEntry(
  readKeys: readonly string[],
  writeKey: string | undefined,
  options: PlanCacheOptions
): ActionsCacheEntry | undefined {
  if (!options.localDir || !options.runKey) return undefined
  const dockerfile = options.dockerfileKey ?? 'Dockerfile'
  const noSave = writeKey === undefined ? 'this build writes no cache scope' : options.actionsCacheReadOnly
  return {
    dir: options.localDir,
    key: `${writeKey ?? readKeys[0] ?? 'cache'}-${dockerfile}-${options.runKey}`,
    restoreKeys: readKeys.map(k => `${k}-${dockerfile}-`),
    ...(noSave ? {noSave} : {})
  }
}

export interface PlanCacheOptions {
  /** The first enabled image, lower case; undefined when none is named. */
  readonly image?: string
  /** Directory for `cache: local` (under RUNNER_TEMP). */
  readonly localDir?: string
  /** Whether the build pushes: it then has what it takes to write the registry (`cache: auto`). */
  readonly push?: boolean
  /** Whether the step logs in to a registry (it may write the cache without pushing the image). */
  readonly registryLogin?: boolean
  /** GitHub's cache from this step: why it cannot be used, or undefined when it can (`cache: auto`). */
  readonly actionsCacheMissing?: string
  /** `<run id>-<attempt>`: what makes each @actions/cache entry's key unique. */
  readonly runKey?: string
  /** The Dockerfile (and target) built, as it names the @actions/cache entries: one cache per Dockerfile. */
  readonly dockerfileKey?: string
  /** Why GitHub's cache may be read but not written from this step (a read-only cache token). */
  readonly actionsCacheReadOnly?: string
}

/**
 * Pure: inputs, the event and the first image in; where to read and write out, with the reason.
 * Throws nothing: a bad `cache-ref` is reported by the caller through {@link parseCacheRef}.
 */
export function planCache(inputs: CacheInputs, event: CacheEvent, options: PlanCacheOptions = {}): CachePlan {
  const raw = {rawFrom: inputs.cacheFrom, rawTo: inputs.cacheTo}
  if (inputs.mode === 'none') return {...NO_CACHE, ...raw}
  const scopes = scopesFor(event, inputs.mode === 'gha')
  const base = {mode: inputs.mode, readScopes: scopes.read, writeScope: scopes.write, ...raw}
  const writing = scopes.write ? `write ${scopes.write}` : 'write nothing'
  const reason = `${scopes.why}: read ${scopes.read.join(' → ') || 'nothing'}; ${writing}`
  const parsed = inputs.cacheRef ? parseCacheRef(inputs.cacheRef) : undefined
  const named = parsed && 'repository' in parsed ? parsed : undefined
  const prefix = named?.prefix ?? DEFAULT_TAG_PREFIX

  switch (inputs.mode) {
    case 'gha': {
      const key = (scope: string) => ghaKey(options.image, prefix, scope)
      const writeRef = scopes.write && key(scopes.write)
      const entry = actionsCacheEntry(scopes.read.map(key), writeRef, options)
      return {
        ...base,
        tagPrefix: prefix,
        readRefs: scopes.read.map(key),
        writeRef,
        ...(entry ? {actionsCacheFallback: entry} : {}),
        reason
      }
    }
    case 'local': {
      if (!options.localDir) return {...NO_CACHE, ...raw, reason: 'cache: local needs RUNNER_TEMP'}
      // The directory is this runner's own: nothing another branch could read, so always writable.
      const dir = options.localDir
      return {...base, readRefs: [dir], writeRef: dir, reason: `local cache in ${dir}`}
    }
    case 'registry':
    case 'inline': {
      const repository = named?.repository ?? (options.image ? repositoryOf(options.image) : undefined)
      if (!repository) {
        return {
          ...NO_CACHE,
          ...raw,
          reason: 'no image to keep the cache next to: name one in images or set cache-ref'
        }
      }
      const ref = (scope: string) => `${repository}:${fitTag(`${prefix}-${scope}`)}`
      return {
        ...base,
        repository,
        tagPrefix: prefix,
        readRefs: scopes.read.map(ref),
        writeRef: scopes.write && ref(scopes.write),
        reason
      }
    }
  }
}
