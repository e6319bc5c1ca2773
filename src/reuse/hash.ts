/**
 * The content hash of a build (pure): everything that decides what the engine produces, and nothing that
 * does not. Same hash → the image already built from these inputs can be retagged instead of rebuilt.
 */
import {createHash} from 'node:crypto'

/** Bumped whenever what goes into the hash changes, so old images stop matching. */
export const HASH_VERSION = 'image-action/content-hash/v2'

/** The label that records the hash in the image config. */
export const CONTENT_HASH_LABEL = 'io.github.image-action.content-hash'

export interface ContextEntry {
  /** Relative to the context, `/`-separated. */
  readonly path: string
  readonly type: 'file' | 'dir' | 'symlink'
  /** Permission bits (COPY keeps them); 0 for symlinks. */
  readonly mode: number
  /** sha256 of a file's bytes, a symlink's target, '' for a directory. */
  readonly content: string
}

export interface BaseImage {
  /** As written after `FROM` / `--from=` (build args substituted). */
  readonly ref: string
  /** The manifest (or index) digest the registry holds for it now. */
  readonly digest: string
}

export interface HashInputs {
  /** Context entries after the ignore files, in any order. */
  readonly entries: readonly ContextEntry[]
  readonly dockerfile: string
  /** The ignore files' text: a changed rule may change what the engine sees. */
  readonly ignoreFiles: readonly string[]
  /** `NAME=value`, already resolved (a bare `NAME` takes its value from the environment, as docker does). */
  readonly buildArgs: readonly string[]
  readonly target?: string
  /** Never empty: the native platform when none is asked for (an arm64 runner must not reuse amd64). */
  readonly platforms: readonly string[]
  /**
   * Secret ids only, never values: BuildKit's own cache keys ignore secret values too (a rotated token must
   * not force a rebuild), and a hash of a short secret in a public label could be brute-forced.
   */
  readonly secretIds: readonly string[]
  /** The user's own `labels` input (computed OCI labels such as created/revision are left out on purpose). */
  readonly labels: readonly string[]
  /** The user's own `annotations` input, likewise: a reused image carries those of its first build. */
  readonly annotations: readonly string[]
  readonly bases: readonly BaseImage[]
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Duplicate names: the last one wins, as with `--build-arg`; then sorted, so order does not matter. */
export function normalizeBuildArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>
): string[] {
  const values = new Map<string, string | undefined>()
  for (const arg of args) {
    const eq = arg.indexOf('=')
    if (eq === -1) values.set(arg, env[arg])
    else values.set(arg.slice(0, eq), arg.slice(eq + 1))
  }
  return [...values]
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .sort()
}

const sorted = (values: readonly string[]) => [...new Set(values)].sort()

/** `sha256:<hex>` over a canonical form of the inputs; file order never matters. */
export function contentHash(inputs: HashInputs): string {
  const entries = [...inputs.entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(e => `${e.type} ${e.mode.toString(8)} ${e.content} ${JSON.stringify(e.path)}`)
    .join('\n')
  const canonical = JSON.stringify({
    version: HASH_VERSION,
    context: sha256(entries),
    dockerfile: sha256(inputs.dockerfile),
    ignoreFiles: inputs.ignoreFiles.map(sha256),
    buildArgs: sorted(inputs.buildArgs),
    target: inputs.target ?? '',
    platforms: sorted(inputs.platforms),
    secretIds: sorted(inputs.secretIds),
    labels: sorted(inputs.labels),
    annotations: sorted(inputs.annotations),
    bases: [...inputs.bases].map(b => `${b.ref}@${b.digest}`).sort()
  })
  return `sha256:${sha256(canonical)}`
}

/** The tag under which the image built from a hash is kept in the first image's repository. */
export function contentTag(hash: string): string {
  return `content-${hash.replace(/^sha256:/, '')}`
}
