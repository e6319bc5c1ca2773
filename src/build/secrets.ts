/**
 * Build secrets as docker/build-push-action takes them (parsing is pure; writing them out is the shell).
 * Every kind ends as a file in the step's private temp dir handed over as `--secret id=…,src=…`, which all
 * three engines understand; BuildKit and buildah mount it only into the RUN steps that ask for it, so a
 * value never reaches a layer, the history or the log.
 */
import {chmod, mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {InputError, InputLineError} from '../shared/errors.js'

export type SecretSource =
  | {readonly kind: 'value'; readonly value: string}
  | {readonly kind: 'env'; readonly name: string}
  | {readonly kind: 'file'; readonly path: string}

/** The input a secret came from; absent: `secrets`. */
export type SecretInput = 'secrets' | 'secret-envs' | 'secret-files'

export interface SecretSpec {
  readonly id: string
  readonly source: SecretSource
  readonly input?: SecretInput
}

/** A secret ready for the engine: its id and the file that holds it. */
export interface SecretMount {
  readonly id: string
  readonly src: string
}

const ID = /^[A-Za-z0-9_.-]+$/

/** An InputError about `secrets`, with the line when it is known. */
function secretsError(line: number | undefined, detail: string): InputError {
  return line === undefined ? new InputError('secrets', detail) : new InputLineError('secrets', line, detail)
}

function structured(line: string, workspace: string, lineNumber?: number): SecretSpec {
  const fields = new Map<string, string>()
  for (const part of line.split(',')) {
    const eq = part.indexOf('=')
    fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim())
  }
  const id = fields.get('id') ?? ''
  const src = fields.get('src') ?? fields.get('source')
  const env = fields.get('env')
  const type = fields.get('type')
  if (!ID.test(id)) {
    throw secretsError(lineNumber, `'${id}' is not a valid secret id; write letters, digits, '_', '.' or '-'`)
  }
  if (src !== undefined && type !== 'env')
    return {id, source: {kind: 'file', path: path.resolve(workspace, src)}}
  if (env !== undefined || type === 'env') return {id, source: {kind: 'env', name: env ?? src ?? id}}
  throw secretsError(lineNumber, `secret '${id}' needs src=<file> or env=<variable>`)
}

/**
 * One secret per line: `id=<id>,src=<file>` / `id=<id>,env=<VAR>` (BuildKit's syntax), or `KEY=value` (the
 * value is the rest of the line, as build-push-action's `secrets`). Errors never quote a value.
 */
export function parseSecrets(
  lines: readonly string[],
  workspace: string,
  lineNumbers: readonly number[] = []
): SecretSpec[] {
  const specs = lines.map((line, index) => {
    const lineNumber = lineNumbers[index]
    if (/^id=[^,]*,/.test(line) || /^type=(file|env),/.test(line))
      return structured(line, workspace, lineNumber)
    const eq = line.indexOf('=')
    const id = eq === -1 ? line : line.slice(0, eq)
    if (eq === -1 || !ID.test(id)) {
      throw secretsError(
        lineNumber,
        `a line is neither KEY=value nor id=<id>,src=<file> / id=<id>,env=<VAR>${ID.test(id) ? ` (secret '${id}')` : ''}`
      )
    }
    return {id, source: {kind: 'value', value: line.slice(eq + 1)}} satisfies SecretSpec
  })
  const seen = new Set<string>()
  for (const {id} of specs) {
    if (seen.has(id)) throw new InputError('secrets', `secret '${id}' is given twice`)
    seen.add(id)
  }
  return specs
}

/** `id=<what>` → [id, what]; refused unless both are there and the id is valid. */
function idPair(line: string, input: SecretInput, what: string): [string, string] {
  const eq = line.indexOf('=')
  const id = eq === -1 ? '' : line.slice(0, eq).trim()
  const rest = eq === -1 ? '' : line.slice(eq + 1).trim()
  if (!ID.test(id) || rest === '')
    throw new InputError(input, `'${line}' is not id=${what}; write e.g. npm=${what}`)
  return [id, rest]
}

/**
 * build-push-action's `secret-envs` (`id=ENV_NAME`: the secret is that environment variable) and
 * `secret-files` (`id=path`, relative to the workspace) as secrets of kind env and file, written out and
 * mounted like every other secret. build-push-action warns about a malformed line and drops it; here it
 * fails the step.
 */
export function parseSecretEnvs(lines: readonly string[]): SecretSpec[] {
  return lines.map(line => {
    const [id, name] = idPair(line, 'secret-envs', 'ENV_NAME')
    return {id, source: {kind: 'env', name}, input: 'secret-envs'}
  })
}

export function parseSecretFiles(lines: readonly string[], workspace: string): SecretSpec[] {
  return lines.map(line => {
    const [id, file] = idPair(line, 'secret-files', 'path')
    return {id, source: {kind: 'file', path: path.resolve(workspace, file)}, input: 'secret-files'}
  })
}

/** `secrets`, `secret-envs` and `secret-files` together; one id twice (in any of them) is refused. */
export function parseAllSecrets(
  inputs: {
    readonly secrets: readonly string[]
    readonly secretEnvs: readonly string[]
    readonly secretFiles: readonly string[]
    /** The line of each `secrets` entry in the input, for messages (inputs.ts inputLineNumbers). */
    readonly secretLines?: readonly number[]
  },
  workspace: string
): SecretSpec[] {
  const specs = [
    ...parseSecrets(inputs.secrets, workspace, inputs.secretLines),
    ...parseSecretEnvs(inputs.secretEnvs),
    ...parseSecretFiles(inputs.secretFiles, workspace)
  ]
  const seen = new Map<string, SecretInput>()
  for (const {id, input = 'secrets'} of specs) {
    const first = seen.get(id)
    if (first) {
      const where = first === input ? '' : ` (also in ${first})`
      throw new InputError(input, `secret '${id}' is given twice${where}`)
    }
    seen.set(id, input)
  }
  return specs
}

/** The secret values the runner must mask: literal values and the environment variables named. */
export function secretValues(
  specs: readonly SecretSpec[],
  env: Readonly<Record<string, string | undefined>>
): string[] {
  return specs.flatMap(({source}) => {
    const value =
      source.kind === 'value' ? source.value : source.kind === 'env' ? env[source.name] : undefined
    // Masking works per line; a multi-line value is masked line by line as well as whole.
    if (!value) return []
    return /\n/.test(value)
      ? [value, ...value.split(/\r?\n/).filter(line => line.trim().length > 2)]
      : [value]
  })
}

/** Writes values and environment secrets to 0600 files under `dir` (post removes it); files stay where they are. */
export async function materializeSecrets(
  specs: readonly SecretSpec[],
  dir: string,
  env: Readonly<Record<string, string | undefined>>
): Promise<SecretMount[]> {
  if (specs.length === 0) return []
  await mkdir(dir, {recursive: true, mode: 0o700})
  return Promise.all(
    specs.map(async ({id, source, input = 'secrets'}, i) => {
      if (source.kind === 'file') return {id, src: source.path}
      const value = source.kind === 'value' ? source.value : env[source.name]
      if (value === undefined) {
        const variable = source.kind === 'env' ? source.name : ''
        throw new InputError(
          input,
          `secret '${id}' reads the environment variable ${variable}, which is not set`
        )
      }
      const src = path.join(dir, `secret-${i}`)
      await writeFile(src, value, {mode: 0o600})
      await chmod(src, 0o600)
      return {id, src}
    })
  )
}

export function secretArgs(mounts: readonly SecretMount[]): string[] {
  return mounts.flatMap(({id, src}) => ['--secret', `id=${id},src=${src}`])
}
