/** Reads the build context the way the engine will send it: after the ignore files (shell). */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {lstat, readdir, readFile, readlink} from 'node:fs/promises'
import path from 'node:path'
import {createLimiter} from '../registry/index.js'
import {ignoreMatcher} from './dockerignore.js'
import type {ContextEntry} from './hash.js'

async function readOptional(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined)
}

/** Every ignore file an engine might honour for this build, as text; absent ones are skipped. */
export async function readIgnoreFiles(context: string, dockerfile: string): Promise<string[]> {
  const candidates = [
    path.join(context, '.dockerignore'),
    path.join(context, '.containerignore'),
    `${dockerfile}.dockerignore`
  ]
  const texts = await Promise.all(candidates.map(readOptional))
  return texts.filter((t): t is string => t !== undefined)
}

function fileDigest(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(file)
      .on('error', reject)
      .on('data', chunk => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
  })
}

/** Parallel reads: many small files are the usual context. */
const READERS = 32

/** The context's entries (files, directories, symlinks) that the ignore files leave in. */
export async function readContext(context: string, ignoreFiles: readonly string[]): Promise<ContextEntry[]> {
  const matcher = ignoreMatcher(ignoreFiles)
  const limit = createLimiter(READERS)
  const entries: Promise<ContextEntry>[] = []
  const walk = async (dir: string): Promise<void> => {
    const names = await readdir(path.join(context, dir))
    await Promise.all(
      names.map(async name => {
        const rel = dir ? `${dir}/${name}` : name
        const full = path.join(context, rel)
        const stat = await lstat(full)
        const ignored = matcher.ignored(rel)
        if (stat.isDirectory()) {
          if (!ignored)
            entries.push(Promise.resolve({path: rel, type: 'dir', mode: stat.mode & 0o7777, content: ''}))
          if (!ignored || !matcher.prunable) await walk(rel)
          return
        }
        if (ignored) return
        if (stat.isSymbolicLink()) {
          entries.push(
            readlink(full).then(target => ({path: rel, type: 'symlink', mode: 0, content: target}))
          )
        } else if (stat.isFile()) {
          const mode = stat.mode & 0o7777
          entries.push(
            limit(() => fileDigest(full)).then(content => ({path: rel, type: 'file', mode, content}))
          )
        }
        // Sockets, FIFOs and devices: the engines skip or refuse them; nothing to hash.
      })
    )
  }
  await walk('')
  return Promise.all(entries)
}
