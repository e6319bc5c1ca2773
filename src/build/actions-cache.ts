/**
 * GitHub's Actions cache around the local cache directory, through @actions/cache: restored before the build
 * (the newest entry of the own scope, else of the base and default branches), saved after it under a key of
 * its own (entries are immutable). The directory is replaced, never appended to (buildx-build.ts swaps in the
 * fresh export), so an entry holds one build's cache and nothing grows from run to run.
 *
 * @actions/cache (and its Azure client) is loaded only here, when a build uses it: a dry run never does.
 */
import {readdir, rm, stat} from 'node:fs/promises'
import path from 'node:path'
import {toMessage} from '../shared/errors.js'
import type {ActionsCacheEntry} from '../cache/policy.js'

/** Larger cache directories are not saved: GitHub keeps 10 GB per repository, shared by every branch. */
export const ACTIONS_CACHE_MAX_BYTES = 2 * 1024 ** 3

/** What of @actions/cache is used; tests pass their own. */
export interface ActionsCacheLib {
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

export interface ActionsCacheDeps {
  readonly lib?: () => Promise<ActionsCacheLib>
  readonly info: (line: string) => void
  readonly notice: (line: string) => void
  readonly warn: (line: string) => void
}

const load = async (): Promise<ActionsCacheLib> => import('@actions/cache')

/**
 * The path as @actions/cache is given it. An entry's version hashes the paths as given, so they must be the
 * same string on every runner: RUNNER_TEMP is (`/home/runner/work/_temp` on GitHub's Linux runners, one fixed
 * directory per self-hosted runner). @actions/glob refuses `..`, so no path relative to the workspace.
 */
export function cachePaths(entry: ActionsCacheEntry): string[] {
  return [entry.dir]
}

const seconds = (since: number) => (performance.now() - since) / 1000

/** Bytes under dir, 0 when it does not exist. */
export async function directorySize(dir: string): Promise<number> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true}).catch(() => [])
  let total = 0
  for (const entry of entries) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size
  }
  return total
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`

export interface ActionsCacheRestore {
  /** The entry restored; undefined: none of the restore keys matched (or the restore failed). */
  readonly key?: string
  readonly bytes: number
  readonly seconds: number
  readonly error?: string
}

/** Restores the newest matching entry into a fresh directory; a failure is a warning and a cold build. */
export async function restoreActionsCache(
  entry: ActionsCacheEntry,
  deps: ActionsCacheDeps
): Promise<ActionsCacheRestore> {
  const started = performance.now()
  await rm(entry.dir, {recursive: true, force: true})
  try {
    const lib = await (deps.lib ?? load)()
    const key = await lib.restoreCache(cachePaths(entry), entry.key, [...entry.restoreKeys])
    const bytes = key ? await directorySize(entry.dir) : 0
    deps.info(
      key
        ? `GitHub's cache: restored ${key} (${mb(bytes)}) in ${seconds(started).toFixed(1)} s`
        : `GitHub's cache: nothing under ${entry.restoreKeys.join(', ')}: a cold build`
    )
    return {...(key ? {key} : {}), bytes, seconds: seconds(started)}
  } catch (error: unknown) {
    const message = toMessage(error)
    deps.warn(`GitHub's cache could not be restored (the build goes on without it): ${message}`)
    return {bytes: 0, seconds: seconds(started), error: message}
  }
}

export interface ActionsCacheSave {
  readonly saved: boolean
  readonly key: string
  readonly bytes: number
  readonly seconds: number
  /** Why nothing was saved. */
  readonly why?: string
}

/**
 * Saves the directory the build just exported, unless this run may not write (a notice), it exported nothing
 * or it is over the size cap. @actions/cache reports its own failures (a read-only token, a key another job
 * took) as warnings and returns -1; a cache problem never fails the build.
 */
export async function saveActionsCache(
  entry: ActionsCacheEntry,
  deps: ActionsCacheDeps,
  maxBytes = ACTIONS_CACHE_MAX_BYTES
): Promise<ActionsCacheSave> {
  const started = performance.now()
  const skip = (why: string, bytes = 0): ActionsCacheSave => ({
    saved: false,
    key: entry.key,
    bytes,
    seconds: seconds(started),
    why
  })
  if (entry.noSave !== undefined) {
    deps.notice(`GitHub's cache not saved: ${entry.noSave}`)
    return skip(entry.noSave)
  }
  const bytes = await directorySize(entry.dir)
  if (bytes === 0) return skip('the build exported no cache')
  if (bytes > maxBytes) {
    const why = `the cache is ${mb(bytes)}, over the ${mb(maxBytes)} cap`
    deps.notice(`GitHub's cache not saved: ${why}`)
    return skip(why, bytes)
  }
  try {
    const lib = await (deps.lib ?? load)()
    const id = await lib.saveCache(cachePaths(entry), entry.key)
    if (id === -1) return skip("GitHub's cache refused it (see the warning above)", bytes)
    deps.info(`GitHub's cache: saved ${entry.key} (${mb(bytes)}) in ${seconds(started).toFixed(1)} s`)
    return {saved: true, key: entry.key, bytes, seconds: seconds(started)}
  } catch (error: unknown) {
    const message = toMessage(error)
    deps.warn(`GitHub's cache could not be saved (the build itself succeeded): ${message}`)
    return skip(message, bytes)
  }
}

/** What GitHub's cache did around the build, for the summary's notes. */
export function actionsCacheNotes(restored?: ActionsCacheRestore, saved?: ActionsCacheSave): string[] {
  const notes: string[] = []
  if (restored) {
    notes.push(
      restored.key
        ? `GitHub's cache: restored \`${restored.key}\` (${mb(restored.bytes)}, ${restored.seconds.toFixed(1)} s).`
        : `GitHub's cache: nothing to restore${restored.error ? ` (${restored.error})` : ''}.`
    )
  }
  if (saved) {
    notes.push(
      saved.saved
        ? `GitHub's cache: saved \`${saved.key}\` (${mb(saved.bytes)}, ${saved.seconds.toFixed(1)} s).`
        : `GitHub's cache: not saved: ${saved.why ?? 'unknown'}.`
    )
  }
  return notes
}
