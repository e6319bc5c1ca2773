/** The captured (and source-built) BuildKit progress fixtures, with the cache values their command passed. */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseCacheValue} from '../../src/cache/args.js'
import type {CacheTargets} from '../../src/cache/outcome.js'

export const FIXTURE_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/buildkit-progress'
)

export interface ProgressFixture {
  /** The whole file; its `# ` header lines are neither vertices nor client messages. */
  readonly output: string
  /** `--cache-from` / `--cache-to` of the command in the header, as buildx reads them. */
  readonly targets: CacheTargets
}

/** Every fixture file name, for checking that each one is covered. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter(name => name.endsWith('.txt'))
    .sort()
}

/** A fixture and the cache values of the `docker …build …` command its header names. */
export function progressFixture(name: string): ProgressFixture {
  const output = readFileSync(path.join(FIXTURE_DIR, name), 'utf8')
  const command = output.split('\n').find(line => /^#\s+docker (?:buildx )?build /.test(line)) ?? ''
  const words = command.replace(/^#\s+/, '').split(/\s+/)
  const values = (flag: string) => words.flatMap((word, i) => (word === flag ? [words[i + 1] ?? ''] : []))
  return {
    output,
    targets: {
      from: values('--cache-from').flatMap(parseCacheValue),
      to: values('--cache-to').flatMap(parseCacheValue)
    }
  }
}
