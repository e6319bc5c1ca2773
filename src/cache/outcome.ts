/**
 * What the cache did in a build, from BuildKit's progress (progress.ts) and the cache entries it was given
 * (pure): which imports were found, missing or failed; which exports were written, in what form and how
 * long they took; and whether a failed build failed only for its cache.
 */
import type {CacheEntry} from './args.js'
import {round, type Vertex} from './progress.js'

/** One cache export: written or not, how long it took, and (docker push) how many layers it sent. */
export interface CacheWrite {
  readonly ref: string
  readonly ok: boolean
  readonly seconds: number
  /** Why it was not written (the engine's error), when not ok. */
  readonly error?: string
  /** Layers sent, and layers the registry already had (docker push); unknown for the other engines. */
  readonly layersPushed?: number
  readonly layersExisting?: number
}

/**
 * The names BuildKit gives its cache export steps, per version (moby/buildkit, read at the tags named):
 * - 0.8–0.10: one step `exporting cache` for whatever the type (solver/llbsolver/solver.go `Solve`); in
 *   0.8–0.9 inline cache went through it too, from 0.10 it does not (`exp.CacheExporter = nil`).
 * - 0.11: the exporter's `Name()` (solver.go `runCacheExporters`, commit cf45d2842): `exporting content
 *   cache` for registry and local (cache/remotecache/export.go), `exporting to GitHub cache`
 *   (gha/gha.go), `exporting cache to s3`, `exporting cache to azure blob store`; inline cache is a step
 *   `preparing layers for inline cache` (solver.go `runInlineCacheExporter`).
 * - 0.12 on: registry and local name themselves (commit cf4e1bb7d): `exporting cache to registry`
 *   (registry/registry.go), `exporting cache to client directory` (local/local.go), `exporting to GitHub
 *   Actions Cache`, `exporting cache to Amazon S3`, `exporting cache to Azure Blob Storage`; from 0.13
 *   inline cache is a line under `exporting to image`, no step of its own. Still so at 0.32 (export.go).
 * Every export step starts with the line `preparing build cache for export`, then `writing layer …`,
 * `writing config …` and the manifest: `writing manifest <digest>` (0.8–0.11, always an index),
 * `writing cache manifest <digest>` (0.12+, index) or `writing cache image manifest <digest>` (0.12+,
 * image-manifest=true); 0.28+ adds `sending cache export`.
 */
export const CACHE_EXPORT_STEPS: readonly {
  readonly name: string
  /** Cache types the step can be; `*`: any. */
  readonly types: readonly string[]
  readonly buildkit: string
}[] = [
  {name: 'exporting cache to registry', types: ['registry'], buildkit: '0.12+'},
  {name: 'exporting cache to client directory', types: ['local'], buildkit: '0.12+'},
  {name: 'exporting to GitHub Actions Cache', types: ['gha'], buildkit: '0.12+'},
  {name: 'exporting to GitHub cache', types: ['gha'], buildkit: '0.11'},
  {name: 'exporting cache to Amazon S3', types: ['s3'], buildkit: '0.12+'},
  {name: 'exporting cache to s3', types: ['s3'], buildkit: '0.11'},
  {name: 'exporting cache to Azure Blob Storage', types: ['azblob'], buildkit: '0.12+'},
  {name: 'exporting cache to azure blob store', types: ['azblob'], buildkit: '0.11'},
  {name: 'exporting content cache', types: ['registry', 'local'], buildkit: '0.11+'},
  {name: 'exporting cache', types: ['*'], buildkit: '0.8–0.10'},
  {name: 'preparing layers for inline cache', types: ['inline'], buildkit: '0.11–0.12'}
]

/**
 * Cache import steps, every version 0.8–0.32 (solver/llbsolver/bridge.go): `importing cache manifest from
 * <id>`, the id being the ref for a registry cache and `<type>:<hash of its attributes>` for the others
 * (bridge.go `cmKey`). A failed import is `ERROR: …` on that step and never fails the build; from 0.11 the
 * error reads `failed to configure <type> cache importer: …` (commit 3b8298b67). buildx reads a local cache
 * itself and says `WARNING: local cache import at <dir> not found due to err: …` when it is not there.
 */
const IMPORT_STEP = /^importing cache manifest from (.+)$/
const LOCAL_IMPORT_WARNING = /^WARNING: local cache import at (.+?) not found due to err: (.*)$/

function exportStep(name: string): readonly string[] | undefined {
  return CACHE_EXPORT_STEPS.find(step => step.name === name)?.types
}

/** Why a cache could not be read or written, from BuildKit's error text. */
export type CacheErrorKind =
  'missing' | 'unauthorized' | 'denied' | 'rate-limited' | 'unsupported' | 'unreachable' | 'error'

/**
 * The error's kind, first match wins. Real forms (buildx 0.13.1, distribution 2.8): `<ref>: not found`;
 * `unexpected status from HEAD request to …: 401 Unauthorized`; `… 403 Forbidden`; `pull access denied,
 * repository does not exist or may require authorization: server message: insufficient_scope: …`;
 * `dial tcp 127.0.0.1:9: connect: connection refused`; `failed to do request: Head "…": EOF`.
 */
export function classifyCacheError(error: string): CacheErrorKind {
  if (/: not found$/.test(error) && !/sha256:[0-9a-f]{64}: not found$/.test(error)) return 'missing'
  if (/not found due to err: .*(?:no such file or directory|not found)/.test(error)) return 'missing'
  if (/\b429\b|too many requests|toomanyrequests|rate limit/i.test(error)) return 'rate-limited'
  if (
    /\b401\b|unauthorized|authentication required|no basic auth credentials|failed to authorize/i.test(error)
  )
    return 'unauthorized'
  if (/\b403\b|forbidden|denied|insufficient_scope/i.test(error)) return 'denied'
  if (/not supported|unsupported|MANIFEST_INVALID|manifest invalid|\b400 Bad Request|\b415\b/i.test(error))
    return 'unsupported'
  if (
    /connection refused|no such host|dial tcp|i\/o timeout|: EOF$|connection reset|handshake|deadline exceeded|network is unreachable|server misbehaving|timeout/i.test(
      error
    )
  )
    return 'unreachable'
  return 'error'
}

type Direction = 'read' | 'write'

/** What went wrong, for the warning; the registry hints only make sense for registry caches. */
function reason(kind: CacheErrorKind, direction: Direction, type: string): string {
  const registry = type === 'registry' || type === 'inline'
  const action = direction === 'read' ? 'pull' : 'push'
  switch (kind) {
    case 'unauthorized':
      return registry
        ? `not authorized: log in to the registry with an account that may ${action} it`
        : 'not authorized'
    case 'denied':
      return direction === 'read'
        ? 'access denied, or the repository does not exist yet'
        : `access denied: the account may not ${action} it`
    case 'rate-limited':
      return 'rate-limited'
    case 'unsupported':
      return direction === 'read' ? 'a cache this BuildKit cannot read' : 'the cache format was refused'
    case 'unreachable':
      return 'could not connect'
    case 'missing':
      return 'not found'
    case 'error':
      return 'failed'
  }
}

function readWarning(ref: string, type: string, error: string): string {
  return `Could not read the layer cache ${ref} (${reason(classifyCacheError(error), 'read', type)}); built without it: ${error}`
}

function writeWarning(ref: string, type: string, error: string): string {
  return `Could not write the layer cache ${ref} (the build itself succeeded; ${reason(classifyCacheError(error), 'write', type)}): ${error}`
}

export interface CacheImport {
  readonly ref: string
  /**
   * The cache was there and BuildKit loaded it. A gha scope that does not exist yet loads as an empty cache
   * (gha.go `loadScope`), so for gha this only says the service answered.
   */
  readonly found: boolean
  /** Why it could not be read, when that is not just a missing ref (a first build in that scope). */
  readonly error?: string
}

function importOf(ref: string, vertex: Vertex): CacheImport {
  if (vertex.error === undefined) return {ref, found: true}
  return classifyCacheError(vertex.error) === 'missing'
    ? {ref, found: false}
    : {ref, found: false, error: vertex.error}
}

/** `#N importing cache manifest from REF` vertices: found, missing (no error) or failed (error). */
export function cacheImports(vertices: readonly Vertex[]): CacheImport[] {
  return vertices.flatMap(vertex => {
    const match = IMPORT_STEP.exec(vertex.name)
    return match ? [importOf(match[1] as string, vertex)] : []
  })
}

/**
 * An export step's time: its `DONE` time; a step that failed prints none, so then its longest sub-step
 * (`preparing build cache for export 7.7s done`), a lower bound.
 */
function exportTime(vertex: Vertex): number {
  if (vertex.done) return vertex.seconds
  const times = vertex.statuses.map(s => Number(/ (\d+(?:\.\d+)?)s done$/.exec(s)?.[1] ?? 0))
  return Math.max(0, ...times)
}

/** Seconds BuildKit spent exporting the cache: every export step of {@link CACHE_EXPORT_STEPS}. */
export function cacheExportSeconds(vertices: readonly Vertex[]): number {
  return round(vertices.filter(v => exportStep(v.name)).reduce((s, v) => s + exportTime(v), 0))
}

/** The cache entries a build was given (BuildxCache.from / .to, args.ts). */
export interface CacheTargets {
  readonly from: readonly CacheEntry[]
  readonly to: readonly CacheEntry[]
}

export interface CacheOutcome {
  /** Per `from` entry BuildKit tried: found, missing (first build in that scope) or failed. */
  readonly imports: readonly CacheImport[]
  /** Per `to` entry: written, or failed with BuildKit's error; the time is its export step's. */
  readonly exports: readonly CacheWrite[]
  /** Time of all export steps. */
  readonly exportSeconds: number
  /** One per failed import or export, and per cache buildx left out: never a build failure. */
  readonly warnings: readonly string[]
  /** What was written differs from what was asked (an index instead of an image manifest). */
  readonly notes: readonly string[]
}

const GHA_DROPPED = 'left out by buildx: no ACTIONS_RUNTIME_TOKEN or cache URL in its environment'
const GHA_LEFT_OUT =
  'buildx left out the gha cache: it needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL (buildx ≥ 0.21: or ACTIONS_RESULTS_URL) in its environment and silently drops a gha cache without them'

/** The manifest line under an export step: which form was written (0.8–0.11 always an index). */
function writtenForm(vertex: Vertex): 'image-manifest' | 'index' | undefined {
  for (const status of vertex.statuses) {
    if (/^writing cache image manifest sha256:/.test(status)) return 'image-manifest'
    if (/^writing (?:cache )?manifest sha256:/.test(status)) return 'index'
  }
  return undefined
}

/** Pairs each vertex with the first unused entry whose type it can be; returns entry index → vertex. */
function pair<T>(
  items: readonly T[],
  entries: readonly CacheEntry[],
  fits: (item: T, entry: CacheEntry) => boolean
): Map<number, T> {
  const paired = new Map<number, T>()
  for (const item of items) {
    const i = entries.findIndex((entry, index) => !paired.has(index) && fits(item, entry))
    if (i >= 0) paired.set(i, item)
  }
  return paired
}

function importEntryFits(vertex: Vertex, entry: CacheEntry): boolean {
  const id = IMPORT_STEP.exec(vertex.name)?.[1] ?? ''
  if (entry.type === 'registry') return id === entry.attrs.ref
  return id.startsWith(`${entry.type}:`)
}

/**
 * What became of each cache entry a build was given, from its vertices and buildx's own `messages`
 * ({@link buildxMessages}); for a build that succeeded (a failed one: {@link buildFailedOnCache}).
 *
 * Imports: a registry entry is the step named after its ref; other types are named by a hash, so they
 * are paired with that type's entries in order (when several gha scopes disagree, which one failed is a
 * guess). A missing ref is a first build, not a failure; any other error is a warning. Exports: each
 * step is paired with the first entry of a type its name can be ({@link CACHE_EXPORT_STEPS}). An inline
 * cache travels in the image: written when the build is. A gha entry that left no step at all was dropped
 * by buildx (no token or URL in its environment), a warning. A registry export that asked for
 * `image-manifest=true` and wrote an index gets a note (BuildKit < 0.12 ignores the attribute).
 */
export function cacheOutcome(
  vertices: readonly Vertex[],
  targets: CacheTargets,
  messages: readonly string[] = []
): CacheOutcome {
  const warnings: string[] = []
  const notes: string[] = []

  const importSteps = vertices.filter(v => IMPORT_STEP.test(v.name))
  const exportSteps = vertices.filter(v => exportStep(v.name))
  const ghaAsked = [...targets.from, ...targets.to].some(e => e.type === 'gha')
  const ghaSeen =
    importSteps.some(v => v.name.startsWith('importing cache manifest from gha:')) ||
    exportSteps.some(v => (exportStep(v.name) ?? []).some(t => t === 'gha' || t === '*'))
  const importPairs = pair(importSteps, targets.from, importEntryFits)
  const localMissing = new Map(
    messages.flatMap(m => {
      const match = LOCAL_IMPORT_WARNING.exec(m)
      return match ? [[match[1] as string, match[2] as string] as const] : []
    })
  )
  const imports: CacheImport[] = []
  targets.from.forEach((entry, i) => {
    const vertex = importPairs.get(i)
    if (vertex) {
      const result = importOf(entry.ref, vertex)
      imports.push(result)
      if (result.error !== undefined) warnings.push(readWarning(entry.ref, entry.type, result.error))
    } else if (entry.type === 'gha' && !ghaSeen) {
      imports.push({ref: entry.ref, found: false, error: GHA_DROPPED})
    } else if (entry.type === 'local' && localMissing.has(entry.ref)) {
      const error = localMissing.get(entry.ref) as string
      if (/no such file or directory|not found/.test(error)) imports.push({ref: entry.ref, found: false})
      else {
        imports.push({ref: entry.ref, found: false, error})
        warnings.push(readWarning(entry.ref, entry.type, error))
      }
    }
  })
  // Steps for refs the targets do not name (an engine that was not given them): reported as they are.
  const pairedSteps = new Set(importPairs.values())
  for (const vertex of importSteps.filter(v => !pairedSteps.has(v))) {
    const id = IMPORT_STEP.exec(vertex.name)?.[1] as string
    imports.push(importOf(id, vertex))
  }

  const exportPairs = pair(exportSteps, targets.to, (vertex, entry) => {
    const types = exportStep(vertex.name) ?? []
    return types.includes('*') || types.includes(entry.type)
  })
  const exports: CacheWrite[] = []
  targets.to.forEach((entry, i) => {
    const vertex = exportPairs.get(i)
    if (!vertex) {
      if (entry.type === 'inline') exports.push({ref: entry.ref, ok: true, seconds: 0})
      else if (entry.type === 'gha' && !ghaSeen) {
        exports.push({ref: entry.ref, ok: false, seconds: 0, error: GHA_DROPPED})
      } else {
        const error = 'BuildKit printed no export step for it'
        exports.push({ref: entry.ref, ok: false, seconds: 0, error})
        warnings.push(`Could not write the layer cache ${entry.ref}: ${error}`)
      }
      return
    }
    const seconds = exportTime(vertex)
    if (vertex.error !== undefined) {
      exports.push({ref: entry.ref, ok: false, seconds, error: vertex.error})
      warnings.push(writeWarning(entry.ref, entry.type, vertex.error))
      return
    }
    exports.push({ref: entry.ref, ok: true, seconds})
    if (entry.attrs['image-manifest'] === 'true' && writtenForm(vertex) === 'index') {
      notes.push(
        `BuildKit wrote the layer cache ${entry.ref} as an OCI index, not the image manifest asked for (image-manifest needs BuildKit ≥ 0.12).`
      )
    }
  })

  if (ghaAsked && !ghaSeen) warnings.push(GHA_LEFT_OUT)

  return {imports, exports, exportSeconds: cacheExportSeconds(vertices), warnings, notes}
}

export interface CacheFailure {
  /** BuildKit's (or buildx's) error. */
  readonly error: string
  /** For the log: why the build failed for its cache, and that it is built again without writing one. */
  readonly warning: string
}

/**
 * Whether a build failed only for its cache export, so that building again without `--cache-to` would
 * succeed (undefined for a build that succeeded). Three ways this happens (real output, buildx 0.13.1):
 * - buildx refuses cache export on the docker driver with the classic image store, before building:
 *   `ERROR: Cache export is not supported for the docker driver.`;
 * - BuildKit cannot set the exporter up, whatever ignore-error says (control/control.go, every version):
 *   `ERROR: failed to solve: failed to configure <type> cache exporter: …` (a gha token it cannot parse);
 * - the export step failed, nothing else did, and buildx ends with `ERROR: failed to solve: <its error>`:
 *   BuildKit < 0.11 ignores `ignore-error`, and a raw `cache-to` may leave it out.
 */
export function buildFailedOnCache(
  vertices: readonly Vertex[],
  messages: readonly string[]
): CacheFailure | undefined {
  const again = 'building again without writing the cache'
  const driver = messages.find(m => /^ERROR: Cache export is not supported/.test(m))
  if (driver) {
    const error = driver.slice('ERROR: '.length)
    return {
      error,
      warning: `This builder cannot export a layer cache (the docker driver on the classic image store); ${again}: ${error}`
    }
  }
  const configure = messages
    .map(m => /^ERROR: (?:failed to solve: )?(failed to configure \S+ cache exporter: .*)$/.exec(m)?.[1])
    .find(m => m !== undefined)
  if (configure) {
    return {
      error: configure,
      warning: `BuildKit could not set up the layer cache export; ${again}: ${configure}`
    }
  }
  // The build failed (buildx says so last) with the error of an export step, and no other step failed.
  const solve = messages.find(m => m.startsWith('ERROR: failed to solve: '))
  const failed = vertices.filter(v => v.error !== undefined && !IMPORT_STEP.test(v.name))
  const exportFailure = failed.length === 1 ? failed.find(v => exportStep(v.name)) : undefined
  if (solve && exportFailure?.error !== undefined && solve.endsWith(exportFailure.error)) {
    const error = exportFailure.error
    return {
      error,
      warning: `The build failed only because the layer cache could not be written (a failed export fails the build without ignore-error=true, and on BuildKit < 0.11 whatever it says); ${again}: ${error}`
    }
  }
  return undefined
}
