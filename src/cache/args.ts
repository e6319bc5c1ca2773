/** Cache arguments per engine (pure): the plan in, argv fragments out. */
import {versionAtLeast} from '../shared/versions.js'
import type {CachePlan} from './policy.js'

/** Where buildx writes a local cache before it replaces the old one (the cache grows without bound otherwise). */
export function localCacheStaging(dir: string): string {
  return `${dir}-new`
}

/**
 * `--cache-to` for the registry: mode=max caches every stage; image-manifest + oci-mediatypes is the format
 * every registry accepts (ECR, GCR, Quay, Harbor reject the index form); ignore-error because a failed
 * cache export must never fail a build.
 */
const REGISTRY_TO = 'mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true'
/** The same without image-manifest: the OCI index form, all that BuildKit before 0.12 writes. */
const REGISTRY_TO_INDEX = 'mode=max,oci-mediatypes=true,ignore-error=true'

/**
 * BuildKit versions the registry cache-to depends on (moby/buildkit):
 * - `image-manifest` is read from 0.12 on (cache/remotecache/registry/registry.go `attrImageManifest`,
 *   commit 797156ac8, #2251); older versions ignore the attribute without a word and write an index.
 * - `ignore-error` is honoured from 0.11 on (control/control.go `parseCacheExportIgnoreError`,
 *   solver/llbsolver/solver.go `runCacheExporters`, commit b842260c5); before that a failed cache export
 *   fails the build.
 */
export const IMAGE_MANIFEST_SINCE = '0.12'
export const IGNORE_ERROR_SINCE = '0.11'

/**
 * A BuildKit version that tells something: undefined for none, for one that does not parse, and for
 * `v0.0.0+unknown`, what distribution builds of BuildKit report (Debian's docker.io 26.1.5 does).
 */
export function knownBuildkitVersion(version: string | undefined): string | undefined {
  const match = version === undefined ? null : /^v?(\d+)\.(\d+)/.exec(version)
  if (!match || (match[1] === '0' && match[2] === '0')) return undefined
  return version
}

export interface RegistryCacheTo {
  /** The `--cache-to` value. */
  readonly value: string
  /** What the summary should say about it, when the builder cannot write the preferred form. */
  readonly note?: string
}

/**
 * The registry `--cache-to` value the builder's BuildKit can write. From 0.12 on (and when the version is
 * unknown, {@link knownBuildkitVersion}: nothing tells against it) the image-manifest form; before, the OCI index form, said so in a
 * note, since asking for image-manifest would change nothing but hide what is written.
 */
export function registryCacheTo(ref: string, version: string | undefined): RegistryCacheTo {
  const preferred = `type=registry,ref=${ref},${REGISTRY_TO}`
  const buildkitVersion = knownBuildkitVersion(version)
  if (buildkitVersion === undefined || versionAtLeast(buildkitVersion, IMAGE_MANIFEST_SINCE)) {
    return {value: preferred}
  }
  const index = `type=registry,ref=${ref},${REGISTRY_TO_INDEX}`
  const note =
    `BuildKit ${buildkitVersion} writes the registry cache as an OCI index (an image manifest needs ` +
    `BuildKit ≥ ${IMAGE_MANIFEST_SINCE}), which some registries refuse (ECR, GCR, Quay, Harbor)`
  if (versionAtLeast(buildkitVersion, IGNORE_ERROR_SINCE)) return {value: index, note: `${note}.`}
  return {
    value: index,
    note: `${note}; and a cache it cannot write fails the build (ignore-error needs BuildKit ≥ ${IGNORE_ERROR_SINCE}).`
  }
}

/** What the builder is known to be, for the forms it can write. */
export interface BuildxCacheOptions {
  /** BuilderFacts.buildkitVersion; undefined: unknown, the current forms are kept. */
  readonly buildkitVersion?: string
  /** Extra `type=gha` attributes from the gha decision (gha.ts), e.g. `version=2`. Never secrets. */
  readonly ghaAttrs?: readonly string[]
}

function ghaValue(scope: string, attrs: readonly string[], extra: string): string {
  return ['type=gha', `scope=${scope}`, ...attrs, ...(extra ? [extra] : [])].join(',')
}

function buildxFrom(plan: CachePlan, options: BuildxCacheOptions): string[] {
  // `cache: auto` on GitHub's cache reads the registry cache too, after its own.
  const registry = (plan.alsoReadRegistry ?? []).map(ref => `type=registry,ref=${ref}`)
  return [...ownFrom(plan, options), ...registry]
}

function ownFrom(plan: CachePlan, options: BuildxCacheOptions): string[] {
  switch (plan.mode) {
    case 'registry':
    case 'inline':
      return plan.readRefs.map(ref => `type=registry,ref=${ref}`)
    case 'gha':
      return plan.readRefs.map(scope => ghaValue(scope, options.ghaAttrs ?? [], ''))
    case 'local':
      return plan.readRefs.map(dir => `type=local,src=${dir}`)
    case 'none':
      return []
  }
}

function buildxTo(plan: CachePlan, options: BuildxCacheOptions): {values: string[]; notes: string[]} {
  const ref = plan.writeRef
  if (ref === undefined) return {values: [], notes: []}
  switch (plan.mode) {
    case 'registry': {
      const to = registryCacheTo(ref, options.buildkitVersion)
      return {values: [to.value], notes: to.note ? [to.note] : []}
    }
    case 'gha':
      return {values: [ghaValue(ref, options.ghaAttrs ?? [], 'mode=max,ignore-error=true')], notes: []}
    case 'inline':
      return {values: ['type=inline'], notes: []}
    case 'local':
      return {values: [`type=local,dest=${localCacheStaging(ref)},mode=max,ignore-error=true`], notes: []}
    case 'none':
      return {values: [], notes: []}
  }
}

/** One `--cache-from` / `--cache-to` entry as buildx reads it. */
export interface CacheEntry {
  /** `registry`, `gha`, `local`, `inline`, `s3`, `azblob`, … */
  readonly type: string
  /**
   * What the summary calls it: the image ref (registry), the directory (local), the scope (gha), the
   * image's cache tag (inline, when the plan has one), else the type.
   */
  readonly ref: string
  /** Every attribute but `type`. May hold secrets (a gha token, s3 keys): never print them. */
  readonly attrs: Readonly<Record<string, string>>
}

/** Fields of one value, split on commas outside double quotes (buildx reads them with encoding/csv). */
function csvFields(value: string): string[] {
  const fields: string[] = []
  let current = ''
  let quoted = false
  for (const char of value) {
    if (char === '"') quoted = !quoted
    else if (char === ',' && !quoted) {
      fields.push(current)
      current = ''
    } else current += char
  }
  fields.push(current)
  return fields.map(f => f.trim()).filter(f => f !== '')
}

function entryRef(type: string, attrs: Readonly<Record<string, string>>): string {
  switch (type) {
    case 'registry':
      return attrs.ref ?? type
    case 'local':
      return attrs.src ?? attrs.dest ?? type
    case 'gha':
      return attrs.scope ?? 'buildkit'
    default:
      return attrs.ref ?? attrs.name ?? type
  }
}

/**
 * A `--cache-from` / `--cache-to` value read as buildx reads it (util/buildflags/cache.go
 * `ParseCacheEntry`): `key=value` fields, keys lower-cased; a value without any `=` is a comma list of
 * registry refs (`isRefOnlyFormat`), one entry each. A value without `type` is refused by buildx; here it
 * is an entry of type `unknown`.
 */
export function parseCacheValue(value: string): CacheEntry[] {
  const fields = csvFields(value)
  if (fields.every(field => !field.includes('='))) {
    return fields.map(ref => ({type: 'registry', ref, attrs: {ref}}))
  }
  const attrs: Record<string, string> = {}
  let type = 'unknown'
  for (const field of fields) {
    const eq = field.indexOf('=')
    if (eq < 0) continue
    const key = field.slice(0, eq).toLowerCase()
    const val = field.slice(eq + 1)
    if (key === 'type') type = val
    else attrs[key] = val
  }
  return [{type, ref: entryRef(type, attrs), attrs}]
}

export interface BuildxCache {
  readonly args: readonly string[]
  /**
   * Extra tags for the image: inline cache travels inside the pushed image, so the cache ref is simply one
   * more tag of it; without push there is nowhere to write it.
   */
  readonly tags: readonly string[]
  /** The entries the args name, for reading the build's outcome (progress.ts cacheOutcome). */
  readonly from: readonly CacheEntry[]
  readonly to: readonly CacheEntry[]
  /** For the summary: a form the builder cannot write and what is written instead. */
  readonly notes: readonly string[]
}

/**
 * Raw `cache-from` / `cache-to` lines replace the computed ones, direction by direction. `options` fits
 * the computed values to the builder: without it (or with an unknown BuildKit version) the preferred
 * forms are used.
 */
export function buildxCacheArgs(
  plan: CachePlan,
  push: boolean,
  options: BuildxCacheOptions = {}
): BuildxCache {
  const from = plan.rawFrom.length > 0 ? plan.rawFrom : buildxFrom(plan, options)
  const computed = plan.mode === 'inline' && !push ? {values: [], notes: []} : buildxTo(plan, options)
  const to = plan.rawTo.length > 0 ? plan.rawTo : computed.values
  const inlineTag = plan.rawTo.length === 0 && plan.mode === 'inline' && push ? plan.writeRef : undefined
  // Computed values are named as the plan names them: the inline image's cache tag, the local cache's
  // own directory rather than the staging one it is written to first.
  const written = plan.rawTo.length === 0 ? plan.writeRef : undefined
  const toEntries = to.flatMap(parseCacheValue).map(entry => (written ? {...entry, ref: written} : entry))
  return {
    args: [...from.flatMap(v => ['--cache-from', v]), ...to.flatMap(v => ['--cache-to', v])],
    tags: inlineTag ? [inlineTag] : [],
    from: from.flatMap(parseCacheValue),
    to: toEntries,
    notes: plan.rawTo.length > 0 ? [] : computed.notes
  }
}

/** BuildKit writes inline cache metadata into the image config only when asked with this build argument. */
export const INLINE_CACHE_BUILD_ARG = 'BUILDKIT_INLINE_CACHE=1'

/** buildah needs a repository of its own: it pushes one image per step, tagged with the step's cache key. */
export function buildahCacheRepository(plan: CachePlan): string | undefined {
  if (plan.mode !== 'registry' || !plan.repository) return undefined
  return `${plan.repository}-${plan.tagPrefix ?? 'buildcache'}`
}

/** `--cache-from` always (a missing repository is a miss); `--cache-to` only when this build may write. */
export function buildahCacheArgs(plan: CachePlan): string[] {
  const repository = buildahCacheRepository(plan)
  if (!repository) return []
  return ['--cache-from', repository, ...(plan.writeRef ? ['--cache-to', repository] : [])]
}

/** Repositories the cache reads or writes, for engine configuration (buildah's registries.conf). */
export function cacheRepositories(build: {readonly cache?: CachePlan}): string[] {
  const plan = build.cache
  if (!plan?.repository) return []
  const buildah = buildahCacheRepository(plan)
  return [plan.repository, ...(buildah ? [buildah] : [])]
}
