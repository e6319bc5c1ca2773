import {spawn} from 'node:child_process'
import os from 'node:os'
import {getExecOutput} from '@actions/exec'
import {CommandError} from './errors.js'

export interface ExecOptions {
  /** Written to stdin, then closed: how secrets reach `docker login --password-stdin`. */
  readonly input?: string
  readonly env?: Record<string, string>
  readonly cwd?: string
  /** Return the result instead of throwing on a non-zero exit. */
  readonly allowFailure?: boolean
  /** Echo the command and stream its output to the job log (builds, pushes); probes stay quiet. */
  readonly stream?: boolean
  /**
   * Kill the program (SIGTERM, then SIGKILL 10 s later) once it has run this long; the result then has
   * `timedOut` set, exit code 124 and a line saying so at the end of stderr. Unset: no limit.
   */
  readonly timeoutMs?: number
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

const TAIL_LINES = 25

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n')
}

/** What `timeout(1)` exits with; the result says `timedOut` as well. */
export const TIMEOUT_EXIT_CODE = 124
const KILL_GRACE_MS = 10_000

export function timeoutLine(timeoutMs: number): string {
  return `killed after ${Math.round(timeoutMs / 1000)} s: the time limit of one attempt`
}

/**
 * The timed variant of `exec`: @actions/exec cannot kill what it started, so this one spawns the program
 * itself, echoing and streaming as @actions/exec does (`[command]…`, stdout and stderr to the job log).
 */
function execWithTimeout(
  command: string,
  args: readonly string[],
  options: ExecOptions & {readonly timeoutMs: number}
): Promise<ExecResult> {
  return new Promise(resolve => {
    if (options.stream) process.stdout.write(`[command]${[command, ...args].join(' ')}\n`)
    const child = spawn(command, [...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe']
    })
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
    let timedOut = false
    let killer: NodeJS.Timeout | undefined
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGTERM')
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS)
    }, options.timeoutMs)
    let spawnError: Error | undefined
    child.on('error', error => (spawnError = error))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      clearTimeout(killer)
      const err = Buffer.concat(stderr).toString()
      if (spawnError) {
        resolve({exitCode: 127, stdout: '', stderr: `${command}: not found (${spawnError.message})`})
      } else if (timedOut) {
        const line = timeoutLine(options.timeoutMs)
        if (options.stream) process.stderr.write(`${line}\n`)
        resolve({
          exitCode: TIMEOUT_EXIT_CODE,
          stdout: Buffer.concat(stdout).toString(),
          stderr: `${err}${err === '' || err.endsWith('\n') ? '' : '\n'}${line}\n`,
          timedOut: true
        })
      } else {
        // A signal the program did not handle: 128 + its number, as a shell reports it (1 when unknown).
        const exitCode = code ?? (signal ? 128 + os.constants.signals[signal] : 1)
        resolve({exitCode, stdout: Buffer.concat(stdout).toString(), stderr: err})
      }
    })
  })
}

/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be
 * found resolves as exit code 127, so engine probes treat it like any other failure.
 */
export const exec: Exec = async (command, args, options = {}) => {
  let result: ExecResult
  if (options.timeoutMs !== undefined) {
    result = await execWithTimeout(command, args, {...options, timeoutMs: options.timeoutMs})
  } else {
    try {
      result = await getExecOutput(command, [...args], {
        input: options.input === undefined ? undefined : Buffer.from(options.input),
        env: options.env,
        cwd: options.cwd,
        silent: !options.stream,
        ignoreReturnCode: true
      })
    } catch (error: unknown) {
      // @actions/exec throws before spawning when the executable is not on PATH.
      if (error instanceof Error && /Unable to locate executable|ENOENT/.test(error.message)) {
        result = {exitCode: 127, stdout: '', stderr: `${command}: not found`}
      } else {
        throw error
      }
    }
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new CommandError(
      [command, ...args].join(' '),
      result.exitCode,
      tail(result.stderr || result.stdout)
    )
  }
  return result
}
