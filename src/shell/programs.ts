import {readFile} from 'node:fs/promises'

/** A program main started, as handed to post: its pid and the command it was started as. */
export interface ProgramRecord {
  readonly pid: number
  readonly command: string
}

const WAIT_MS = 10_000
const POLL_MS = 100

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: unknown) {
    // EPERM: it exists, owned by someone else (so not ours: the pid was reused).
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** SIGKILL to each; one that ended meanwhile is no error. */
export function killAll(programs: readonly ProgramRecord[]): void {
  for (const {pid} of programs) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Ended meanwhile.
    }
  }
}

/** The pid still runs the program main started (Linux tells through /proc; elsewhere the pid is trusted). */
async function stillOurs(program: ProgramRecord): Promise<boolean> {
  if (!alive(program.pid)) return false
  const cmdline = await readFile(`/proc/${program.pid}/cmdline`, 'utf8').catch(() => undefined)
  if (cmdline === undefined) return process.platform !== 'linux'
  return cmdline.split('\0')[0] === program.command
}

/**
 * Kills what a cancelled main left running and waits until it is gone (at most 10 s); returns what it stopped,
 * as `command (pid)`. A pid that now belongs to another program is left alone.
 */
export async function stopPrograms(programs: readonly ProgramRecord[]): Promise<string[]> {
  const ours: ProgramRecord[] = []
  for (const program of programs) if (await stillOurs(program)) ours.push(program)
  killAll(ours)
  const until = Date.now() + WAIT_MS
  while (ours.some(p => alive(p.pid)) && Date.now() < until) {
    await new Promise(resolve => setTimeout(resolve, POLL_MS))
  }
  return ours.map(p => `${p.command} (${p.pid})`)
}
