import {renderGlobal, type ExpressionEnv} from './expressions.js'
import type {RepoInfo} from './types.js'

/** The OCI annotations metadata-action always starts from (for labels and annotations alike). */
export function defaultOciEntries(
  repo: RepoInfo,
  version: string | undefined,
  now: Date,
  sha: string
): string[] {
  return [
    `org.opencontainers.image.title=${repo.name || ''}`,
    `org.opencontainers.image.description=${repo.description || ''}`,
    `org.opencontainers.image.url=${repo.htmlUrl || ''}`,
    `org.opencontainers.image.source=${repo.htmlUrl || ''}`,
    `org.opencontainers.image.version=${version || ''}`,
    `org.opencontainers.image.created=${now.toISOString()}`,
    `org.opencontainers.image.revision=${sha || ''}`,
    `org.opencontainers.image.licenses=${repo.license || ''}`
  ]
}

/**
 * Defaults plus the user's entries (global expressions rendered over the whole line), merged by
 * key: a later entry replaces the value of an earlier one with the same key. Entries without '='
 * are dropped, the key is everything before the first '=' (untrimmed), and the result is sorted
 * with String#localeCompare on the key, exactly as metadata-action does.
 */
export function mergeEntries(
  defaults: readonly string[],
  extra: readonly string[],
  env: ExpressionEnv,
  inputName: string
): string[] {
  const all = [
    ...defaults,
    ...extra.map(line => renderGlobal(line, env, {input: inputName, line, attr: 'value'}))
  ]
  const byKey = new Map<string, string>()
  for (const entry of all) {
    const [key = '', ...values] = entry.split('=')
    if (values.length === 0) continue
    byKey.set(key, values.join('='))
  }
  return Array.from(byKey)
    .sort(
      byKey.size > 0 && Array.from(byKey.keys()).every(key => PLAIN_KEY.test(key)) ? byCodePoint : byLocale
    )
    .map(([key, value]) => `${key}=${value}`)
}

// For keys made only of [a-z0-9.] the collation order is the code-point order, so the usual
// OCI keys skip the ICU collator (its first use costs ~8 ms of startup). Anything else ('-', '_',
// upper case, non-ASCII…) is ordered by localeCompare, as metadata-action does.
const PLAIN_KEY = /^[a-z0-9.]*$/

function byCodePoint(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
}

function byLocale(a: [string, string], b: [string, string]): number {
  return a[0].localeCompare(b[0])
}

/** 'key=value' entries to an object, as in the json output and bake files (first '=' splits; a value stops at a line break). */
export function entriesToObject(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of entries) {
    const found = entry.match(/([^=]*)=(.*)/)
    if (!found) continue
    out[found[1] ?? ''] = found[2] ?? ''
  }
  return out
}

/** Prefix every annotation with every level (levels outer, annotations inner). */
export function withLevels(annotations: readonly string[], levels: readonly string[]): string[] {
  const out: string[] = []
  for (const level of levels) out.push(...annotations.map(annotation => `${level}:${annotation}`))
  return out
}
