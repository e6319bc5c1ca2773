import {readFile, readdir, readlink} from 'node:fs/promises'
import path from 'node:path'

/**
 * Every path under `dir` with its content (latin1), its link target (`-> target`) or `dir`: what "the user's
 * files are unchanged" compares. Symlinks are listed, never followed.
 */
export async function dirTree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true})
  const result: Record<string, string> = {}
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name)
    const key = path.relative(dir, file)
    if (entry.isSymbolicLink()) result[key] = `-> ${await readlink(file)}`
    else if (entry.isDirectory()) result[key] = 'dir'
    else result[key] = await readFile(file, 'latin1')
  }
  return result
}
