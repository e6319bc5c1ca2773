import {describe, expect, test} from 'vitest'
import {fitAnnotations, splitLevel} from '../../src/build/annotations.js'

const created = 'org.opencontainers.image.created=2026-11-23T10:00:00.000Z'
const url = 'org.opencontainers.image.source=https://github.com/o/app'

describe('splitLevel', () => {
  test.each([
    [`manifest:${created}`, 'manifest', created],
    [`index:${url}`, 'index', url],
    [`manifest[linux/amd64]:${created}`, 'manifest[linux/amd64]', created],
    // A colon after the = belongs to the value.
    [url, 'manifest', url],
    ['k=a:b', 'manifest', 'k=a:b']
  ])('%s', (line, level, entry) => {
    expect(splitLevel(line)).toEqual({level, entry})
  })
})

// [engine, version, lines, written, dropped, why]
// prettier-ignore
const cases: [string, 'buildx' | 'buildah' | 'docker', string, string[], string[], string[], RegExp | ''][] = [
  ['nothing to write', 'docker', '20.10.24', [], [], [], ''],
  ['buildx passes every level on', 'buildx', 'v0.19.3', [`manifest:${created}`, `index:${url}`], [`manifest:${created}`, `index:${url}`], [], ''],
  ['buildx before 0.12 cannot', 'buildx', 'v0.11.2', [`manifest:${created}`], [], [`manifest:${created}`], /0\.12 or later/],
  ['buildx of unknown version tries', 'buildx', '', [`manifest:${created}`], [`manifest:${created}`], [], ''],
  ['buildah: manifest level, prefix removed', 'buildah', '1.28.2', [`manifest:${created}`, url], [created, url], [], ''],
  ['buildah: no index of its own', 'buildah', '1.28.2', [`manifest:${created}`, `index:${url}`], [created], [`index:${url}`], /manifest annotations only/],
  ['docker classic writes none', 'docker', '20.10.24', [`manifest:${created}`], [], [`manifest:${created}`], /docker build without buildx/]
]

describe('fitAnnotations', () => {
  test.each(cases)('%s', (_name, kind, version, lines, written, dropped, why) => {
    const fitted = fitAnnotations(kind, version, lines)
    expect(fitted.lines).toEqual(written)
    expect(fitted.dropped).toEqual(dropped)
    if (why === '') expect(fitted.why).toBe('')
    else expect(fitted.why).toMatch(why)
  })
})
