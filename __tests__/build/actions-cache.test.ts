import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {
  actionsCacheNotes,
  directorySize,
  restoreActionsCache,
  saveActionsCache,
  type ActionsCacheLib
} from '../../src/build/actions-cache.js'
import type {ActionsCacheEntry} from '../../src/cache/policy.js'

let root = ''
let entry: ActionsCacheEntry
const lines: Record<'info' | 'notice' | 'warn', string[]> = {info: [], notice: [], warn: []}
const deps = (lib: Partial<ActionsCacheLib>) => ({
  lib: async () => lib as ActionsCacheLib,
  info: (l: string) => lines.info.push(l),
  notice: (l: string) => lines.notice.push(l),
  warn: (l: string) => lines.warn.push(l)
})

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'actions-cache-'))
  entry = {
    dir: path.join(root, 'cache'),
    key: 'k-main-df-1-9-1',
    restoreKeys: ['k-pr-1-df-1-', 'k-main-df-1-']
  }
  for (const list of Object.values(lines)) list.length = 0
})
afterEach(() => rm(root, {recursive: true, force: true}))

async function fill(bytes: number): Promise<void> {
  await mkdir(path.join(entry.dir, 'blobs'), {recursive: true})
  await writeFile(path.join(entry.dir, 'index.json'), '{}')
  await writeFile(path.join(entry.dir, 'blobs', 'a'), Buffer.alloc(bytes - 2))
}

describe('restore', () => {
  test('asks for the run’s key then the scope prefixes, into a fresh directory', async () => {
    await fill(10) // left over from an earlier build on this runner: replaced, never merged
    const calls: unknown[] = []
    const restored = await restoreActionsCache(
      entry,
      deps({
        restoreCache: async (paths, key, keys) => {
          calls.push({paths, key, keys, before: await readdir(entry.dir).catch(() => 'absent')})
          await mkdir(entry.dir, {recursive: true})
          await writeFile(path.join(entry.dir, 'index.json'), '12345')
          return 'k-main-df-1-8-1'
        }
      })
    )
    expect(calls).toEqual([{paths: [entry.dir], key: entry.key, keys: entry.restoreKeys, before: 'absent'}])
    expect(restored).toMatchObject({key: 'k-main-df-1-8-1', bytes: 5})
    expect(lines.info[0]).toMatch(/^GitHub's cache: restored k-main-df-1-8-1 \(0\.0 MB\) in \d+\.\d s$/)
  })

  test('a miss is a cold build, said in one line', async () => {
    const restored = await restoreActionsCache(entry, deps({restoreCache: async () => undefined}))
    expect(restored).toMatchObject({bytes: 0})
    expect(restored.key).toBeUndefined()
    expect(lines.info).toEqual(["GitHub's cache: nothing under k-pr-1-df-1-, k-main-df-1-: a cold build"])
  })

  test('a failure is a warning, never a failed build', async () => {
    const restored = await restoreActionsCache(
      entry,
      deps({
        restoreCache: async () => {
          throw new Error('Cache service responded with 503')
        }
      })
    )
    expect(restored.error).toBe('Cache service responded with 503')
    expect(lines.warn).toEqual([
      "GitHub's cache could not be restored (the build goes on without it): Cache service responded with 503"
    ])
  })
})

describe('save', () => {
  test('saves the exported directory under the run’s key', async () => {
    await fill(1000)
    const calls: unknown[] = []
    const saved = await saveActionsCache(
      entry,
      deps({
        saveCache: async (paths, key) => {
          calls.push({paths, key})
          return 17
        }
      })
    )
    expect(calls).toEqual([{paths: [entry.dir], key: entry.key}])
    expect(saved).toMatchObject({saved: true, key: entry.key, bytes: 1000})
    expect(lines.info[0]).toMatch(/^GitHub's cache: saved k-main-df-1-9-1 \(0\.0 MB\) in \d+\.\d s$/)
  })

  const never = {
    saveCache: async () => {
      throw new Error('must not be called')
    }
  }

  test('a run that may not write: a notice, and no call', async () => {
    await fill(1000)
    const readOnly = {
      ...entry,
      noSave: "ACTIONS_CACHE_MODE is 'read': GitHub's cache is read only for this run"
    }
    const saved = await saveActionsCache(readOnly, deps(never))
    expect(saved).toMatchObject({saved: false, why: readOnly.noSave})
    expect(lines.notice).toEqual([
      "GitHub's cache not saved: ACTIONS_CACHE_MODE is 'read': GitHub's cache is read only for this run"
    ])
  })

  test('over the size cap: a notice, and no call', async () => {
    await fill(3 * 1024 ** 2)
    const saved = await saveActionsCache(entry, deps(never), 2 * 1024 ** 2)
    expect(saved).toMatchObject({saved: false, why: 'the cache is 3.0 MB, over the 2.0 MB cap'})
    expect(lines.notice).toEqual(["GitHub's cache not saved: the cache is 3.0 MB, over the 2.0 MB cap"])
  })

  test('nothing exported: nothing saved', async () => {
    expect(await saveActionsCache(entry, deps(never))).toMatchObject({
      saved: false,
      why: 'the build exported no cache'
    })
  })

  test('refused by the service (@actions/cache warned and returned -1): not saved', async () => {
    await fill(100)
    const saved = await saveActionsCache(entry, deps({saveCache: async () => -1}))
    expect(saved).toMatchObject({saved: false, why: "GitHub's cache refused it (see the warning above)"})
  })

  test('a failure is a warning', async () => {
    await fill(100)
    const saved = await saveActionsCache(
      entry,
      deps({
        saveCache: async () => {
          throw new Error('Path Validation Error')
        }
      })
    )
    expect(saved.saved).toBe(false)
    expect(lines.warn).toEqual([
      "GitHub's cache could not be saved (the build itself succeeded): Path Validation Error"
    ])
  })
})

test('directorySize counts files under every folder; a missing folder is 0', async () => {
  await fill(4096)
  expect(await directorySize(entry.dir)).toBe(4096)
  expect(await directorySize(path.join(root, 'absent'))).toBe(0)
})

test.each([
  [
    {key: 'k-1', bytes: 3 * 1024 ** 2, seconds: 1.25},
    undefined,
    ["GitHub's cache: restored `k-1` (3.0 MB, 1.3 s)."]
  ],
  [{bytes: 0, seconds: 0.1}, undefined, ["GitHub's cache: nothing to restore."]],
  [{bytes: 0, seconds: 0.1, error: '503'}, undefined, ["GitHub's cache: nothing to restore (503)."]],
  [
    undefined,
    {saved: true, key: 'k-2', bytes: 1024 ** 2, seconds: 0.5},
    ["GitHub's cache: saved `k-2` (1.0 MB, 0.5 s)."]
  ],
  [
    undefined,
    {saved: false, key: 'k-2', bytes: 0, seconds: 0, why: 'the build exported no cache'},
    ["GitHub's cache: not saved: the build exported no cache."]
  ]
])('the summary notes: %o, %o', (restored, saved, notes) => {
  expect(actionsCacheNotes(restored, saved)).toEqual(notes)
})
