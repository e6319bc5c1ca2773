import type * as ChildProcess from 'node:child_process'
import os from 'node:os'
import {cancellation, cancelSignal} from './cancel.js'
import {CommandError} from '../shared/errors.js'

export interface ExecOptions {
  /** Written to stdin, then closed: how secrets reach `docker login --password-stdin`. */
  readonly input?: string
  readonly env?: Record<string, string>
  readonly cwd?: string
  /** Return the result instead of throwing on a non-zero exit (a cancelled run throws all the same). */
  readonly allowFailure?: boolean
  /** Echo the command and stream its output to the job log (builds, pushes); probes stay quiet. */
  readonly stream?: boolean
  /**
   * Kill the program (SIGTERM, then SIGKILL 10 s later) once it has run this long; the result then has
   * `timedOut` set, exit code 124 and a line saying so at the end of stderr. Default: QUICK_TIMEOUT_MS, for
   * the probes and small commands; builds pass BUILD_TIMEOUT_MS. Nothing the action starts runs unbounded.
   */
  readonly timeoutMs?: number
  /** Stops the program when aborted (SIGINT, SIGTERM 2 s later, SIGKILL 2 s after that). Default: the run's cancellation. */
  readonly signal?: AbortSignal
}

export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  /** Set when the program was killed for running longer than `timeoutMs`. */
  readonly timedOut?: boolean
}

/** The one seam through which the action runs programs; tests pass in their own. */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

/** Probes, inspections, tagging, credential helpers: seconds when all is well. */
export const QUICK_TIMEOUT_MS = 2 * 60_000
/** Creating a builder (it may pull BuildKit's image) and saving an image to a file. */
export const SLOW_TIMEOUT_MS = 30 * 60_000
/** A build: the longest a GitHub-hosted job may run, so a hung engine on a self-hosted runner ends too. */
export const BUILD_TIMEOUT_MS = 6 * 60 * 60_000

const TAIL_LINES = 25

/** A program's last lines of output, for messages. */
export function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n')
}

/** What `timeout(1)` exits with; the result says `timedOut` as well. */
export const TIMEOUT_EXIT_CODE = 124
const KILL_GRACE_MS = 10_000
/** After the run is cancelled: SIGINT (docker and buildx cancel their work), then SIGTERM, then SIGKILL. */
const CANCEL_STEPS_MS = 2_000

export function timeoutLine(timeoutMs: number): string {
  return `killed after ${Number((timeoutMs / 1000).toFixed(1))} s: its time limit`
}

interface Running {
  readonly pid: number
  readonly command: string
  readonly exited: Promise<void>
}

const running = new Set<Running>()

/** The programs started and not yet ended: what a cancelled run waits for before it exits. */
export function runningPrograms(): readonly {pid: number; command: string}[] {
  return [...running].map(({pid, command}) => ({pid, command}))
}

/** Waits until every program started has ended, or `ms` passed; true when none is left. */
export async function allProgramsEnded(ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<false>(resolve => (timer = setTimeout(() => resolve(false), ms)))
  const ended = Promise.all([...running].map(r => r.exited)).then(() => true)
  const result = await Promise.race([ended, deadline])
  clearTimeout(timer)
  return result
}

type Spawn = typeof ChildProcess.spawn

/** node:child_process on the first program: a dry run starts none and does not load it. */
let childProcess: Promise<{spawn: Spawn}> | undefined
const loadSpawn = (): Promise<{spawn: Spawn}> => (childProcess ??= import('node:child_process'))

function spawnProgram(
  spawn: Spawn,
  command: string,
  args: readonly string[],
  options: ExecOptions,
  timeoutMs: number,
  signal: AbortSignal
): Promise<{result: ExecResult; cancelled: boolean}> {
  return new Promise(resolve => {
    if (options.stream) process.stdout.write(`[command]${[command, ...args].join(' ')}\n`)
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let markExited = (): void => undefined
    const entry: Running | undefined =
      child.pid === undefined
        ? undefined
        : {pid: child.pid, command, exited: new Promise<void>(done => (markExited = done))}
    if (entry) running.add(entry)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (options.stream) process.stdout.write(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      if (options.stream) process.stderr.write(chunk)
    })
    // A program that exits before reading its stdin makes the write fail with EPIPE; its exit code tells.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    const timers: NodeJS.Timeout[] = []
    let timedOut = false
    timers.push(
      setTimeout(() => {
        timedOut = true
        child.kill('SIGTERM')
        timers.push(setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS))
      }, timeoutMs)
    )
    let cancelled = false
    const onCancel = (): void => {
      cancelled = true
      child.kill('SIGINT')
      timers.push(setTimeout(() => child.kill('SIGTERM'), CANCEL_STEPS_MS))
      timers.push(setTimeout(() => child.kill('SIGKILL'), 2 * CANCEL_STEPS_MS))
    }
    signal.addEventListener('abort', onCancel, {once: true})
    let spawnError: Error | undefined
    child.on('error', error => (spawnError = error))
    child.on('close', (code, exitSignal) => {
      for (const timer of timers) clearTimeout(timer)
      signal.removeEventListener('abort', onCancel)
      if (entry) running.delete(entry)
      markExited()
      const out = Buffer.concat(stdout).toString()
      const err = Buffer.concat(stderr).toString()
      const withLine = (line: string): string =>
        `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}${line}\n`
      if (spawnError) {
        const stderr = `${command}: not found (${spawnError.message})`
        resolve({result: {exitCode: 127, stdout: '', stderr}, cancelled: false})
      } else if (cancelled) {
        const result = {exitCode: 130, stdout: out, stderr: withLine('stopped: the run was cancelled')}
        resolve({result, cancelled})
      } else if (timedOut) {
        const line = timeoutLine(timeoutMs)
        if (options.stream) process.stderr.write(`${line}\n`)
        const result = {exitCode: TIMEOUT_EXIT_CODE, stdout: out, stderr: withLine(line), timedOut: true}
        resolve({result, cancelled: false})
      } else {
        // A signal the program did not handle: 128 + its number, as a shell reports it (1 when unknown).
        const exitCode = code ?? (exitSignal ? 128 + os.constants.signals[exitSignal] : 1)
        resolve({result: {exitCode, stdout: out, stderr: err}, cancelled: false})
      }
    })
  })
}

/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be found
 * resolves as exit code 127, so engine probes treat it like any other failure. Every program has a time limit;
 * once the run is cancelled nothing new starts and a running program is stopped, and both throw the
 * CancelledError whatever `allowFailure` says, so no caller falls back to starting something else.
 */
export const exec: Exec = async (command, args, options = {}) => {
  const signal = options.signal ?? cancelSignal
  const {spawn} = await loadSpawn()
  if (signal.aborted) throw signal === cancelSignal ? cancellation() : signal.reason
  const {result, cancelled} = await spawnProgram(
    spawn,
    command,
    args,
    options,
    options.timeoutMs ?? QUICK_TIMEOUT_MS,
    signal
  )
  if (cancelled) throw signal === cancelSignal ? cancellation().during(result) : signal.reason
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new CommandError(
      [command, ...args].join(' '),
      result.exitCode,
      tail(result.stderr || result.stdout)
    )
  }
  return result
}
