/**
 * The files a build reads and writes, judged before anything runs (pure): the context is a directory, the
 * Dockerfile a file with the `target` stage in it, secret files and build contexts exist, and every output
 * destination has a writable directory to go into. What the file system holds comes in as facts (facts.ts
 * reads them); {@link planFileChecks} says which paths to look at, {@link checkFiles} decides.
 */
import path from 'node:path'
import {InputError, InputLineError} from '../shared/errors.js'
import {inputLineNumbers} from '../inputs/inputs.js'
import type {Inputs} from '../inputs/inputs.js'
import {parseStages} from '../dockerfile/parse.js'
import {parseAllSecrets} from '../build/secrets.js'
import {buildsImage} from './combinations.js'

export type PathKind = 'missing' | 'file' | 'dir' | 'other'

/** What the file system says about one path. */
export interface PathFact {
  readonly kind: PathKind
  readonly readable: boolean
  readonly writable: boolean
  /** Why it could not be looked at, when not simply missing (`EACCES`, …). */
  readonly error?: string
  /** The text of a file asked to be read (the Dockerfile), when it is a readable file. */
  readonly text?: string
}

export type Facts = ReadonlyMap<string, PathFact>

/** A path to look at, and whether to read its text. */
export interface Probe {
  readonly path: string
  readonly read: boolean
}

/** Where an entry of a list input is: its line, when it can be told. */
interface Where {
  readonly input: string
  readonly line?: number
}

interface PathCheck extends Where {
  /** As the user wrote it. */
  readonly given: string
  readonly path: string
}

interface OutputCheck extends PathCheck {
  readonly type: string
}

interface SecretCheck extends PathCheck {
  readonly id: string
}

/** Everything a build's files are checked for. */
export interface FileChecks {
  readonly context: PathCheck
  readonly dockerfile: PathCheck & {readonly defaulted: boolean}
  readonly target: string
  readonly buildArgs: readonly string[]
  readonly secrets: readonly SecretCheck[]
  readonly outputs: readonly OutputCheck[]
  readonly buildContexts: readonly PathCheck[]
  readonly ssh: readonly PathCheck[]
  readonly buildkitdConfig?: PathCheck
}

function fail(where: Where, detail: string): never {
  throw where.line ? new InputLineError(where.input, where.line, detail) : new InputError(where.input, detail)
}

/** The line (from 1) of the raw input that holds `text`, searching on from line `from`; undefined if none. */
function lineOf(raw: string, text: string, from = 1): number | undefined {
  const lines = raw.split(/\r?\n/)
  for (let i = from - 1; i < lines.length; i++) if ((lines[i] ?? '').includes(text)) return i + 1
  return undefined
}

function at(input: string, raw: string, text: string): Where {
  const line = lineOf(raw, text)
  return line ? {input, line} : {input}
}

const EXPORTERS = ['local', 'tar', 'oci', 'docker', 'image', 'registry', 'cacheonly']

function fields(line: string): Map<string, string> {
  return new Map(
    line.split(',').map(part => {
      const eq = part.indexOf('=')
      return eq === -1 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()]
    })
  )
}

/** `outputs` lines: a known exporter, a destination where one is written; the destinations to check. */
function outputChecks(lines: readonly string[], raw: string, workspace: string): OutputCheck[] {
  const checks: OutputCheck[] = []
  for (const text of lines) {
    const where = at('outputs', raw, text)
    const plain = !text.includes('=')
    const f = fields(text)
    const type = plain ? 'local' : (f.get('type') ?? '')
    const dest = plain ? text : f.get('dest')
    if (!EXPORTERS.includes(type)) {
      fail(
        where,
        `'${text}' ${type ? `has the type '${type}', which is not an exporter` : 'has no type='}; write ` +
          `type=local|tar|oci|docker|image|registry|cacheonly, with dest=<path> for local, tar, oci and docker`
      )
    }
    if (['local', 'tar', 'oci'].includes(type) && !dest) {
      fail(
        where,
        `'${text}': type=${type} writes to dest=<path>, which is missing; add e.g. dest=out/image.tar`
      )
    }
    if (dest === '-') {
      fail(where, `'${text}': dest=- writes the image to standard output, the step's log; give a file path`)
    }
    if (dest) checks.push({...where, given: dest, path: path.resolve(workspace, dest), type})
  }
  return checks
}

/** A Git or URL context, which this action does not build from. */
function remote(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^git@/.test(value)
}

/**
 * The paths a build reads and writes, resolved against the workspace; undefined when the run builds
 * nothing (a promotion, prune alone, `build: false`). `read` gives an input's raw text, for line numbers.
 */
export function planFileChecks(
  inputs: Inputs,
  workspace: string,
  read: (name: string) => string
): FileChecks | undefined {
  if (!buildsImage(inputs)) return undefined
  if (remote(inputs.context)) {
    throw new InputError(
      'context',
      `'${inputs.context}' is a Git or URL context, and this action builds a directory of the workspace; ` +
        'check the repository out (actions/checkout) and give the directory, e.g. context: .'
    )
  }
  const context = path.resolve(workspace, inputs.context)
  const file = inputs.file ? path.resolve(workspace, inputs.file) : path.join(context, 'Dockerfile')
  const secrets = parseAllSecrets(
    {
      secrets: inputs.secrets,
      secretEnvs: inputs['secret-envs'],
      secretFiles: inputs['secret-files'],
      secretLines: inputLineNumbers(read('secrets'))
    },
    workspace
  ).flatMap(spec => {
    if (spec.source.kind !== 'file') return []
    const input = spec.input ?? 'secrets'
    const where = at(input, read(input), input === 'secret-files' ? `${spec.id}=` : `id=${spec.id}`)
    const inside = path.relative(workspace, spec.source.path)
    const given = inside.startsWith('..') || path.isAbsolute(inside) ? spec.source.path : inside
    return [{...where, id: spec.id, given, path: spec.source.path}]
  })
  const buildContexts = inputs['build-contexts'].flatMap(line => {
    const value = line.slice(line.indexOf('=') + 1)
    if (remote(value) || /^target:/.test(value)) return []
    return [
      {
        ...at('build-contexts', read('build-contexts'), line),
        given: line,
        path: path.resolve(workspace, value)
      }
    ]
  })
  const ssh = inputs.ssh.flatMap(entry => {
    const eq = entry.indexOf('=')
    if (eq === -1) return []
    return entry
      .slice(eq + 1)
      .split(',')
      .map(file => ({input: 'ssh', given: entry, path: path.resolve(workspace, file.trim())}))
  })
  const config = inputs['buildkitd-config']
  return {
    context: {input: 'context', given: inputs.context, path: context},
    dockerfile: {
      input: 'file',
      given: inputs.file || path.join(inputs.context, 'Dockerfile'),
      path: file,
      defaulted: !inputs.file
    },
    target: inputs.target,
    buildArgs: inputs['build-args'],
    secrets,
    outputs: outputChecks(inputs.outputs, read('outputs'), workspace),
    buildContexts,
    ssh,
    ...(config && inputs.engine !== 'docker' && inputs.engine !== 'buildah'
      ? {buildkitdConfig: {input: 'buildkitd-config', given: config, path: path.resolve(workspace, config)}}
      : {})
  }
}

/** The directories above `file`, nearest first, up to the root. */
function ancestors(file: string): string[] {
  const dirs: string[] = []
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    dirs.push(dir)
    if (path.dirname(dir) === dir) return dirs
  }
}

/** The paths {@link checkFiles} needs facts about. */
export function fileProbes(checks: FileChecks): Probe[] {
  const probes = new Map<string, boolean>()
  const add = (file: string, read = false) => probes.set(file, read || (probes.get(file) ?? false))
  add(checks.context.path)
  add(checks.dockerfile.path, true)
  for (const {path: file} of [...checks.secrets, ...checks.buildContexts, ...checks.ssh]) add(file)
  for (const output of checks.outputs) {
    add(output.path)
    // A local export creates its directory and the missing ones above it: the nearest that exists counts.
    for (const dir of output.type === 'local' ? ancestors(output.path) : [path.dirname(output.path)]) add(dir)
  }
  if (checks.buildkitdConfig) add(checks.buildkitdConfig.path)
  return [...probes].map(([file, read]) => ({path: file, read}))
}

const MISSING: PathFact = {kind: 'missing', readable: false, writable: false}

function factOf(facts: Facts, file: string): PathFact {
  return facts.get(file) ?? MISSING
}

/** "does not exist" or why it could not be looked at. */
function absent(fact: PathFact): string {
  return fact.error ? `cannot be looked at (${fact.error})` : 'does not exist'
}

/** A path given relative to the workspace, shown with where it resolved to when that differs. */
function shown(check: PathCheck): string {
  return check.given === check.path ? `'${check.given}'` : `'${check.given}' (${check.path})`
}

function checkContext(check: PathCheck, facts: Facts): void {
  const fact = factOf(facts, check.path)
  if (fact.kind === 'missing') {
    fail(
      check,
      `${shown(check)} ${absent(fact)}; check the repository out first (actions/checkout), or give the directory relative to the workspace`
    )
  }
  if (fact.kind !== 'dir') {
    fail(
      check,
      `${shown(check)} is not a directory; give the directory the build starts from (e.g. '${path.dirname(check.given)}')`
    )
  }
}

/** A `# syntax=` directive naming another frontend than the Dockerfile one: its text is not ours to judge. */
function otherFrontend(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const directive = /^#\s*([a-z]+)\s*=\s*(\S+)/i.exec(line.trim())
    if (!directive) return false
    if (directive[1]?.toLowerCase() === 'syntax') {
      return !/(^|\/)docker\/dockerfile(-upstream)?([:@]|$)/.test(directive[2] ?? '')
    }
  }
  return false
}

function checkDockerfile(checks: FileChecks, facts: Facts): void {
  const check = checks.dockerfile
  const fact = factOf(facts, check.path)
  if (fact.kind === 'missing') {
    fail(
      check,
      check.defaulted
        ? `there is no Dockerfile in the context: ${shown(check)} ${absent(fact)}; add it, or set file: to the Dockerfile's path (relative to the workspace)`
        : `${shown(check)} ${absent(fact)}; give the Dockerfile's path relative to the workspace`
    )
  }
  if (fact.kind === 'dir') {
    fail(
      check,
      `${shown(check)} is a directory; give the Dockerfile in it, e.g. file: ${path.join(check.given, 'Dockerfile')}`
    )
  }
  if (!fact.readable || fact.text === undefined)
    fail(check, `${shown(check)} cannot be read; make it a readable file`)
  if (otherFrontend(fact.text)) return
  const stages = parseStages(fact.text, checks.buildArgs)
  if (stages.length === 0) {
    fail(
      check,
      `${shown(check)} has no FROM instruction, so there is nothing to build; start it with FROM <image>`
    )
  }
  const target = checks.target
  if (target === '' || stages.some(stage => stage.name === target.toLowerCase())) return
  const names = stages.flatMap(stage => (stage.name ? [stage.name] : []))
  fail(
    {input: 'target'},
    `stage '${target}' is not in ${shown(check)}; ` +
      (names.length > 0
        ? `its stages are ${names.join(', ')}: write one of them`
        : `it names no stage: name one with FROM <image> AS ${target.toLowerCase()}, or leave target empty`)
  )
}

/**
 * A file export (tar, oci, docker) is written into a directory that must exist, as buildx opens the file
 * without creating directories; a local export creates its directory, so the nearest one that exists must
 * be writable.
 */
function checkOutput(check: OutputCheck, facts: Facts): void {
  const parent =
    check.type === 'local'
      ? (ancestors(check.path).find(dir => factOf(facts, dir).kind !== 'missing') ?? path.dirname(check.path))
      : path.dirname(check.path)
  const dir = factOf(facts, parent)
  const where = `the destination ${shown(check)}`
  if (dir.kind === 'missing') {
    fail(
      check,
      `${where} is in ${parent}, which ${absent(dir)}; create it in an earlier step, or write into a directory that exists`
    )
  }
  if (dir.kind !== 'dir')
    fail(check, `${where} is in ${parent}, which is not a directory; write into a directory`)
  if (!dir.writable)
    fail(
      check,
      `${where} is in ${parent}, which is not writable; write into a writable directory, e.g. under the runner's temp directory`
    )
  const dest = factOf(facts, check.path)
  if (check.type === 'local' && dest.kind !== 'missing' && dest.kind !== 'dir') {
    fail(check, `${where} is a file, and type=local writes a directory; give a directory`)
  }
  if (check.type !== 'local' && dest.kind === 'dir') {
    fail(
      check,
      `${where} is a directory, and type=${check.type} writes a file; give a file name, e.g. ${path.join(check.given, 'image.tar')}`
    )
  }
}

function checkSecret(check: SecretCheck, facts: Facts): void {
  const fact = factOf(facts, check.path)
  const what = `secret '${check.id}' reads ${shown(check)}, which`
  if (fact.kind === 'missing') {
    fail(
      check,
      `${what} ${absent(fact)}; fix the path (relative to the workspace) or create the file in an earlier step`
    )
  }
  if (fact.kind === 'dir') fail(check, `${what} is a directory; give the file that holds the secret`)
  if (!fact.readable) fail(check, `${what} cannot be read; make it readable by the runner's user`)
}

/** Refuses the first file the build would miss, naming the input (and line) and the fix. */
export function checkFiles(checks: FileChecks, facts: Facts): void {
  checkContext(checks.context, facts)
  checkDockerfile(checks, facts)
  for (const secret of checks.secrets) checkSecret(secret, facts)
  for (const context of checks.buildContexts) {
    const fact = factOf(facts, context.path)
    if (fact.kind !== 'dir') {
      fail(
        context,
        `'${context.given}': ${context.path} ${fact.kind === 'missing' ? absent(fact) : 'is not a directory'}; give a directory relative to the workspace, or docker-image://, target:, oci-layout://`
      )
    }
  }
  for (const key of checks.ssh) {
    const fact = factOf(facts, key.path)
    if (fact.kind === 'missing')
      fail(
        key,
        `'${key.given}': ${key.path} ${absent(fact)}; give an existing key file or agent socket, or default`
      )
  }
  for (const output of checks.outputs) checkOutput(output, facts)
  const config = checks.buildkitdConfig
  if (config) {
    const fact = factOf(facts, config.path)
    if (fact.kind !== 'file') {
      fail(
        config,
        `${shown(config)} ${fact.kind === 'missing' ? absent(fact) : 'is not a file'}; give the buildkitd.toml path relative to the workspace, or use buildkitd-config-inline`
      )
    }
  }
}
