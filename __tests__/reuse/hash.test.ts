import {describe, expect, test} from 'vitest'
import {contentHash, contentTag, normalizeBuildArgs} from '../../src/reuse/hash.js'
import type {HashInputs} from '../../src/reuse/hash.js'

const base: HashInputs = {
  entries: [
    {path: 'a.txt', type: 'file', mode: 0o644, content: 'aa'},
    {path: 'src', type: 'dir', mode: 0o755, content: ''},
    {path: 'src/b.sh', type: 'file', mode: 0o755, content: 'bb'},
    {path: 'link', type: 'symlink', mode: 0, content: 'a.txt'}
  ],
  dockerfile: 'FROM x\nCOPY . .\n',
  ignoreFiles: [],
  buildArgs: ['A=1'],
  platforms: ['linux/amd64'],
  secretIds: ['token'],
  labels: [],
  annotations: [],
  bases: [{ref: 'r.io/x', digest: `sha256:${'1'.repeat(64)}`}]
}
const h = contentHash(base)

// [what changed, inputs, same hash?]
// prettier-ignore
const cases: [string, HashInputs, boolean][] = [
  ['nothing', {...base}, true],
  ['file order', {...base, entries: [...base.entries].reverse()}, true],
  ['secret ids order', {...base, secretIds: ['token']}, true],
  ['platform order', {...base, platforms: ['linux/amd64', 'linux/amd64']}, true],
  ['one file content', {...base, entries: base.entries.map(e => (e.path === 'a.txt' ? {...e, content: 'ab'} : e))}, false],
  ['a file mode', {...base, entries: base.entries.map(e => (e.path === 'a.txt' ? {...e, mode: 0o755} : e))}, false],
  ['a file renamed', {...base, entries: base.entries.map(e => (e.path === 'a.txt' ? {...e, path: 'c.txt'} : e))}, false],
  ['a file added', {...base, entries: [...base.entries, {path: 'new', type: 'file', mode: 0o644, content: 'x'}]}, false],
  ['a symlink target', {...base, entries: base.entries.map(e => (e.type === 'symlink' ? {...e, content: 'b'} : e))}, false],
  ['the Dockerfile', {...base, dockerfile: 'FROM x\n'}, false],
  ['a build arg', {...base, buildArgs: ['A=2']}, false],
  ['the target', {...base, target: 'test'}, false],
  ['the platforms', {...base, platforms: ['linux/arm64']}, false],
  ['a secret id', {...base, secretIds: ['other']}, false],
  ['a user label', {...base, labels: ['team=x']}, false],
  ['a user annotation', {...base, annotations: ['manifest:team=x']}, false],
  ['a base digest', {...base, bases: [{ref: 'r.io/x', digest: `sha256:${'2'.repeat(64)}`}]}, false],
  ['an ignore file', {...base, ignoreFiles: ['*.log']}, false]
]

describe('contentHash', () => {
  test.each(cases)('%s → same: %s', (_what, inputs, same) => {
    expect(contentHash(inputs) === h).toBe(same)
  })

  test('is a sha256 digest, and the content tag is a valid tag', () => {
    expect(h).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(contentTag(h)).toMatch(/^content-[a-f0-9]{64}$/)
  })

  test('build args: last one wins, order does not matter, a bare name reads the environment', () => {
    expect(normalizeBuildArgs(['B=2', 'A=1', 'B=3', 'C', 'D'], {C: 'env'})).toEqual(['A=1', 'B=3', 'C=env'])
  })
})
