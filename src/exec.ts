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
}

export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

/** The one seam through which the action runs programs; tests pass in their own. */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

const TAIL_LINES = 25

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n')
}

/**
 * Runs a program without a shell and checks its exit code (never its stderr). A program that cannot be
 * found resolves as exit code 127, so engine probes treat it like any other failure.
 */
export const exec: Exec = async (command, args, options = {}) => {
  let result: ExecResult
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
  if (result.exitCode !== 0 && !options.allowFailure) {
    throw new CommandError(
      [command, ...args].join(' '),
      result.exitCode,
      tail(result.stderr || result.stdout)
    )
  }
  return result
}
