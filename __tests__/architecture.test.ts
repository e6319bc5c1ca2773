/** The layout holds: no import circle between src/ files, nor between src/ folders (issue 14). */
import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : []
  })
}

/** Every relative import (static, dynamic, type-only) of each file, as src-relative paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)].map(m =>
      path.relative(SRC, path.resolve(path.dirname(file), `${m[1]}.ts`))
    )
    graph.set(path.relative(SRC, file), [...new Set(targets)])
  }
  return graph
}

/** One cycle of `graph`, as the path around it, or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node]
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return undefined
}

/** A file's folder, nested ones included (prune/plan and prune/run are two folders, and prune a third). */
const folderOf = (file: string): string => path.dirname(file)

describe('architecture', () => {
  const graph = importGraph()

  test('the graph is read (a sanity check of the reader)', () => {
    expect(graph.get('main.ts')).toEqual(['shell/cancel-signals.ts', 'run/main.ts'])
    for (const [file, targets] of graph)
      for (const target of targets) expect(graph.has(target), `${file} → ${target}`).toBe(true)
  })

  test('no import circle between files', () => {
    expect(findCycle(graph)).toBeUndefined()
  })

  test('no import circle between folders', () => {
    const folders = new Map<string, string[]>()
    for (const [file, targets] of graph) {
      const from = folderOf(file)
      const to = targets.map(folderOf).filter(folder => folder !== from)
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])])
    }
    expect(findCycle(folders)).toBeUndefined()
  })

  test('the cycle finder finds one', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']]
        ])
      )
    ).toEqual(['a', 'b', 'c', 'a'])
  })
})
