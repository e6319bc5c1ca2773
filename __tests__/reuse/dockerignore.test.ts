import {describe, expect, test} from 'vitest'
import {ignoreMatcher, isIgnored, parseDockerignore} from '../../src/reuse/dockerignore.js'

// [ignore file, path, ignored?] — moby/patternmatcher's behaviour.
// prettier-ignore
const cases: [string, string, boolean][] = [
  ['node_modules', 'node_modules', true],
  ['node_modules', 'node_modules/a/b.js', true],
  ['node_modules', 'src/node_modules/a.js', false],
  ['/node_modules/', 'node_modules/x', true],
  ['./build', 'build/out', true],
  ['*.md', 'README.md', true],
  ['*.md', 'docs/a.md', false],
  ['*/*.md', 'docs/a.md', true],
  ['**/*.md', 'docs/deep/a.md', true],
  ['**/*.md', 'a.md', true],
  ['docs/**', 'docs', false],
  ['docs/**', 'docs/a/b', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a?c', 'abc', true],
  ['a?c', 'a/c', false],
  ['[ab].txt', 'b.txt', true],
  ['*\n!keep.txt', 'keep.txt', false],
  ['*\n!keep.txt', 'other.txt', true],
  ['dir\n!dir/keep', 'dir/keep', false],
  ['dir\n!dir/keep', 'dir/drop', true],
  ['!dir/keep\ndir', 'dir/keep', true],
  ['**/c\n!a/b/c/include.txt', 'a/b/c/include.txt', false],
  ['**/c\n!a/b/c/include.txt', 'a/b/c/exclude.txt', true],
  ['# comment\n  spaced.txt  ', 'spaced.txt', true],
  ['# comment', '# comment', false],
  ['\\#lit', '#lit', true],
  // @balena/dockerignore does not escape '(' as moby does: the file then counts in the content hash, the safe
  // direction (a needless rebuild, never a wrong reuse).
  ['file.(x)', 'file.(x)', false],
  ['file.x', 'fileXx', false]
]

describe('dockerignore', () => {
  test.each(cases)('%j vs %s → %s', (text, file, ignored) => {
    expect(isIgnored(parseDockerignore(text), file)).toBe(ignored)
  })

  test('several ignore files: left out only when every one leaves it out', () => {
    const m = ignoreMatcher(['*.log\nsecret', '*.log'])
    expect(m.ignored('a.log')).toBe(true)
    expect(m.ignored('secret')).toBe(false)
    expect(m.prunable).toBe(true)
    expect(ignoreMatcher(['x\n!x/y']).prunable).toBe(false)
    expect(ignoreMatcher([]).ignored('anything')).toBe(false)
  })
})
