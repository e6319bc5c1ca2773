/**
 * The shell of the file checks: what the file system holds at the paths files.ts asks about. Looking never
 * opens anything for writing and reads only the Dockerfile, so it cannot hang on a pipe or a device.
 */
import {constants} from 'node:fs'
import {access, readFile, stat} from 'node:fs/promises'
import type {Facts, PathFact, Probe} from './files.js'

/** A Dockerfile larger than this is not read (no target check): 4 MiB. */
const MAX_TEXT = 4 * 1024 * 1024

function can(file: string, mode: number): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false
  )
}

async function look({path: file, read}: Probe): Promise<PathFact> {
  let stats
  try {
    stats = await stat(file)
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code
    const missing = code === 'ENOENT' || code === 'ENOTDIR'
    return {
      kind: 'missing',
      readable: false,
      writable: false,
      ...(missing ? {} : {error: code ?? String(error)})
    }
  }
  const kind = stats.isFile() ? 'file' : stats.isDirectory() ? 'dir' : 'other'
  const [readable, writable] = await Promise.all([can(file, constants.R_OK), can(file, constants.W_OK)])
  const text =
    read && kind === 'file' && readable && stats.size <= MAX_TEXT ? await readFile(file, 'utf8') : undefined
  return {kind, readable, writable, ...(text === undefined ? {} : {text})}
}

/** Facts about every probed path. */
export async function readFacts(probes: readonly Probe[]): Promise<Facts> {
  const facts = await Promise.all(probes.map(async probe => [probe.path, await look(probe)] as const))
  return new Map(facts)
}
