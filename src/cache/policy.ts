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
  /** The repository cache images live in (registry, inline); buildah keeps its step images next to it. */
  readonly repository?: string
  /** What every cache tag starts with (registry, inline, gha keys). */
  readonly tagPrefix?: string
  /** Why these refs: shown in the log and the job summary. */
  readonly reason: string
  readonly rawFrom: readonly string[]
  readonly rawTo: readonly string[]
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

function pullRequestScopes(event: CacheEvent, number: string, defaultScope: string | undefined): Scopes {
  const pr = record(event.payload.pull_request)
  const own = `pr-${number}`
  const baseBranch = text(record(pr.base).ref)
  const read = unique([own, baseBranch && sanitizeScope(baseBranch), defaultScope])
  if (isForkPullRequest(pr, event.payload, event.repository)) {
    return {read, why: `pull request #${number} from a fork: read only (untrusted code, no push rights)`}
  }
  return {read, write: own, why: `pull request #${number}`}
}

function scopesFor(event: CacheEvent): Scopes {
  const defaultScope = event.defaultBranch ? sanitizeScope(event.defaultBranch) : undefined
  const pr = /^refs\/pull\/(\d+)\//.exec(event.ref)
  if (pr) return pullRequestScopes(event, pr[1] as string, defaultScope)
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

export interface PlanCacheOptions {
  /** The first enabled image, lower case; undefined when none is named. */
  readonly image?: string
  /** Directory for `cache: local` (under RUNNER_TEMP). */
  readonly localDir?: string
}

/**
 * Pure: inputs, the event and the first image in; where to read and write out, with the reason.
 * Throws nothing: a bad `cache-ref` is reported by the caller through {@link parseCacheRef}.
 */
export function planCache(inputs: CacheInputs, event: CacheEvent, options: PlanCacheOptions = {}): CachePlan {
  const raw = {rawFrom: inputs.cacheFrom, rawTo: inputs.cacheTo}
  if (inputs.mode === 'none') return {...NO_CACHE, ...raw}
  const scopes = scopesFor(event)
  const base = {mode: inputs.mode, readScopes: scopes.read, writeScope: scopes.write, ...raw}
  const writing = scopes.write ? `write ${scopes.write}` : 'write nothing'
  const reason = `${scopes.why}: read ${scopes.read.join(' → ') || 'nothing'}; ${writing}`
  const parsed = inputs.cacheRef ? parseCacheRef(inputs.cacheRef) : undefined
  const named = parsed && 'repository' in parsed ? parsed : undefined
  const prefix = named?.prefix ?? DEFAULT_TAG_PREFIX

  switch (inputs.mode) {
    case 'gha': {
      const key = (scope: string) => ghaKey(options.image, prefix, scope)
      return {
        ...base,
        tagPrefix: prefix,
        readRefs: scopes.read.map(key),
        writeRef: scopes.write && key(scopes.write),
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
