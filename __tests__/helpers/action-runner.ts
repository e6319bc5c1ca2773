import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {cp, mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse as parseYaml} from 'yaml'
import {inputEnvName} from '../../src/cli/args.js'
import {parseFileCommands} from '../../src/cli/file-commands.js'

/** The repository root: the action as `uses: ./` sees it. */
export const ACTION_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface EventSpec {
  readonly name: string
  readonly ref?: string
  readonly sha?: string
  readonly payload?: Record<string, unknown>
}

export interface RunActionOptions {
  /** The step's `with:`; everything else comes from action.yml defaults as the runner fills them in. */
  readonly inputs?: Readonly<Record<string, string>>
  readonly event?: EventSpec
  /** Extra or overriding environment (e.g. PATH without any engine). */
  readonly env?: Readonly<Record<string, string>>
  /** Value of `${{ github.token }}` in input defaults. */
  readonly githubToken?: string
  /** Run the post step after main, as the runner does (default true). */
  readonly post?: boolean
  /** Fills the fresh workspace before the step runs (the checkout, in a real job). */
  readonly prepare?: (workspace: string) => Promise<void>
  readonly timeoutMs?: number
  /** Extra arguments for node before the script (benchmarks preload a memory probe). */
  readonly nodeArgs?: readonly string[]
  /** Cancel the job once main's log so far (stdout and stderr) satisfies this, as the runner does (CANCEL). */
  readonly cancelWhen?: (logSoFar: string) => boolean
}

export interface ProcessResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  /** Wall time from spawning node to its exit. */
  readonly wallMs: number
  /** When the job was cancelled: ms from the runner's SIGINT to node's exit, and what it had to send. */
  readonly cancel?: {readonly exitedAfterMs: number; readonly sent: readonly string[]}
  /** Processes of the step's process group still running when node exited (pids). */
  readonly leftInGroup?: readonly number[]
}

export interface ActionRun extends ProcessResult {
  readonly outputs: Record<string, string>
  readonly state: Record<string, string>
  readonly summary: string
  /** Variables the step exported for later steps (GITHUB_ENV). */
  readonly exportedEnv: Record<string, string>
  /** Values the step asked the runner to mask (`::add-mask::`). */
  readonly masks: string[]
  readonly post?: ProcessResult
  readonly runnerTemp: string
  readonly workspace: string
  /** Everything the step wrote where a user could see it: logs of both steps, outputs, summary. */
  readonly visible: string
}

interface ActionYml {
  inputs?: Record<string, {default?: string}>
  runs: {using: string; main: string; post?: string}
}

async function loadActionYml(): Promise<ActionYml> {
  return parseYaml(await readFile(path.join(ACTION_DIR, 'action.yml'), 'utf8')) as ActionYml
}

/** The runner's name mangling (spaces become underscores, then upper case): the CLI's own. */
export {inputEnvName}

function expandDefault(value: string, githubToken: string): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, githubToken)
}

/** Parses a file-command file (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV): the CLI's own parser. */
export {parseFileCommands}

interface NodeRun {
  readonly script: string
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  readonly timeoutMs: number
  readonly nodeArgs: readonly string[]
  readonly cancelWhen?: (logSoFar: string) => boolean
}

/**
 * The runner's cancellation of a step (GitHub's workflow cancellation reference): SIGINT to the step's node
 * process only, SIGTERM if it has not exited 7.5 s later, and the whole process tree killed 2.5 s after that.
 */
const CANCEL = {sigtermAfterMs: 7_500, killTreeAfterMs: 10_000}

/** Pids in process group `pgid` (the step's node and whatever it started), from /proc. */
function processGroupMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // Fields after the command (in parentheses): state, ppid, pgrp, …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
    } catch {
      // Ended while listing.
    }
  }
  return members
}

function runNode({script, env, cwd, timeoutMs, nodeArgs, cancelWhen}: NodeRun): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    // Its own process group, so a cancel can kill the tree and the test can see what is left of it.
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: cancelWhen !== undefined
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    const timers: NodeJS.Timeout[] = []
    let cancelledAt: number | undefined
    const sent: string[] = []
    const signal = (name: 'SIGINT' | 'SIGTERM' | 'SIGKILL', tree = false) => {
      sent.push(tree ? `${name} to the tree` : name)
      try {
        process.kill(tree ? -(child.pid as number) : (child.pid as number), name)
      } catch {
        // Already gone.
      }
    }
    let log = ''
    const watch = (chunk: Buffer) => {
      if (!cancelWhen || cancelledAt !== undefined) return
      log += chunk.toString()
      if (!cancelWhen(log)) return
      cancelledAt = performance.now()
      signal('SIGINT')
      timers.push(setTimeout(() => signal('SIGTERM'), CANCEL.sigtermAfterMs))
      timers.push(setTimeout(() => signal('SIGKILL', true), CANCEL.killTreeAfterMs))
    }
    child.stdout.on('data', (c: Buffer) => {
      out.push(c)
      watch(c)
    })
    child.stderr.on('data', (c: Buffer) => {
      err.push(c)
      watch(c)
    })
    timers.push(setTimeout(() => child.kill('SIGKILL'), timeoutMs))
    child.on('error', reject)
    child.on('exit', () => {
      const exitedAt = performance.now()
      for (const timer of timers) clearTimeout(timer)
      const leftInGroup = cancelWhen && child.pid !== undefined ? processGroupMembers(child.pid) : undefined
      child.on('close', code => {
        resolve({
          exitCode: code ?? 1,
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
          wallMs: exitedAt - started,
          ...(cancelledAt === undefined ? {} : {cancel: {exitedAfterMs: exitedAt - cancelledAt, sent}}),
          ...(leftInGroup ? {leftInGroup} : {})
        })
      })
    })
  })
}

async function readOr(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '')
}

/**
 * Runs the committed bundle the way the Actions runner does: INPUT_* from action.yml defaults plus the
 * step's inputs, GITHUB_* and RUNNER_* variables, an event payload file, file commands; then `post`
 * with the saved state as STATE_*.
 */
export async function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  const yml = await loadActionYml()
  if (!/^node\d+$/.test(yml.runs.using))
    throw new Error(`runs.using is ${yml.runs.using}, not a node runtime`)
  const root = await mkdtemp(path.join(os.tmpdir(), 'action-run-'))
  const runnerTemp = path.join(root, 'runner-temp')
  const workspace = path.join(root, 'workspace')
  const files = {
    output: path.join(root, 'github-output'),
    state: path.join(root, 'github-state'),
    summary: path.join(root, 'step-summary.md'),
    env: path.join(root, 'github-env'),
    path: path.join(root, 'github-path'),
    event: path.join(root, 'event.json')
  }
  await Promise.all([mkdir(runnerTemp, {recursive: true}), mkdir(workspace, {recursive: true})])
  await Promise.all(
    Object.values(files)
      .filter(f => f !== files.event)
      .map(f => writeFile(f, ''))
  )
  await options.prepare?.(workspace)
  const event = options.event ?? {name: 'push', ref: 'refs/heads/main', payload: {}}
  await writeFile(files.event, JSON.stringify(event.payload ?? {}))

  const inputEnv: Record<string, string> = {}
  for (const [name, spec] of Object.entries(yml.inputs ?? {})) {
    inputEnv[inputEnvName(name)] = expandDefault(spec.default ?? '', options.githubToken ?? '')
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) inputEnv[inputEnvName(name)] = value

  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REF: event.ref ?? '',
    GITHUB_SHA: event.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    // Unroutable on purpose: tests that need the API start a local one and override this.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: ACTION_DIR,
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...inputEnv,
    ...options.env
  }
  const common = {cwd: workspace, timeoutMs: options.timeoutMs ?? 600_000, nodeArgs: options.nodeArgs ?? []}
  const main = await runNode({
    script: path.join(ACTION_DIR, yml.runs.main),
    env: base,
    ...common,
    ...(options.cancelWhen ? {cancelWhen: options.cancelWhen} : {})
  })
  const state = parseFileCommands(await readOr(files.state))
  let post: ProcessResult | undefined
  if (yml.runs.post && options.post !== false) {
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
    post = await runNode({
      script: path.join(ACTION_DIR, yml.runs.post),
      env: {...base, ...stateEnv},
      ...common
    })
  }
  const outputs = parseFileCommands(await readOr(files.output))
  const summary = await readOr(files.summary)
  const exportedEnv = parseFileCommands(await readOr(files.env))
  const logs = [main.stdout, main.stderr, post?.stdout ?? '', post?.stderr ?? '']
  const masks = [...logs.join('\n').matchAll(/^::add-mask::(.*)$/gm)].map(m => m[1] ?? '')
  return {
    ...main,
    outputs,
    state,
    summary,
    exportedEnv,
    masks,
    post,
    runnerTemp,
    workspace,
    // The runner consumes `::add-mask::` commands; they never reach the job log.
    visible: [
      ...logs.map(log => log.replace(/^::add-mask::.*$/gm, '')),
      JSON.stringify(outputs),
      summary
    ].join('\n')
  }
}

/** A `prepare` that checks out examples/hello as `app/` in the workspace: the tests' usual build context. */
export function prepareExample(workspace: string): Promise<void> {
  return cp(path.join(ACTION_DIR, 'examples/hello'), path.join(workspace, 'app'), {recursive: true})
}
