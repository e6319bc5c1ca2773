import {describe, expect, test} from 'vitest'
import {parseReference} from '../../src/registry/reference.js'
import {parseListEntries} from '../../src/tags/list.js'
import {checkKeyValues} from '../../src/validate/key-values.js'
import {
  checkCacheLines,
  checkCacheRef,
  checkImages,
  checkPromoteFrom,
  checkRegistry,
  repositoryProblem
} from '../../src/validate/names.js'
import {knownExpressions} from '../../src/validate/templates.js'
import {refusal} from './helpers.js'

const GRAMMAR =
  'repository names are lowercase letters, digits and the separators ".", "_", "__", "-" between path components joined by "/"'

describe('images: repository names after metadata-action lower-cases them', () => {
  test.each<[string, string, string]>([
    [
      'port 99999',
      'ghcr.io:99999/o/app',
      `input 'images' line 1: 'ghcr.io:99999/o/app' is not an image name: port 99999 of "ghcr.io:99999" is not between 1 and 65535; write e.g. ghcr.io/owner/app`
    ],
    [
      'port 0',
      '127.0.0.1:0/o/app',
      `input 'images' line 1: '127.0.0.1:0/o/app' is not an image name: port 0 of "127.0.0.1:0" is not between 1 and 65535; write e.g. ghcr.io/owner/app`
    ],
    [
      'IPv6 port',
      '[::1]:70000/app',
      `input 'images' line 1: '[::1]:70000/app' is not an image name: port 70000 of "[::1]:70000" is not between 1 and 65535; write e.g. ghcr.io/owner/app`
    ],
    [
      'a tag',
      'ghcr.io/o/app\nghcr.io/o/app:v1',
      `input 'images' line 2: 'ghcr.io/o/app:v1' is not an image name: it has a tag (':v1'); name the repository only (e.g. ghcr.io/owner/app): the tags come from the tags input`
    ],
    [
      'a digest',
      `ghcr.io/o/app@sha256:${'a'.repeat(64)}`,
      `input 'images' line 1: 'ghcr.io/o/app@sha256:${'a'.repeat(64)}' is not an image name: it has a digest; name the repository only (e.g. ghcr.io/owner/app): the tags come from the tags input`
    ],
    [
      'a scheme',
      'https://ghcr.io/o/app',
      `input 'images' line 1: 'https://ghcr.io/o/app' is not an image name: it starts with 'https://'; write the name without it, e.g. ghcr.io/owner/app`
    ],
    [
      'a space',
      'ghcr.io/o/ap p',
      `input 'images' line 1: 'ghcr.io/o/ap p' is not an image name: ${GRAMMAR}; write e.g. ghcr.io/owner/app`
    ],
    [
      'a trailing comma (legacy form)',
      'ghcr.io/o/app,',
      `input 'images' line 1: '' is not an image name: the name is empty (a stray comma?); remove it`
    ],
    [
      'a bad name in the legacy form',
      'ghcr.io/o/app,ghcr.io/o/-b',
      `input 'images' line 1: 'ghcr.io/o/-b' is not an image name: ${GRAMMAR}; write e.g. ghcr.io/owner/app`
    ],
    [
      'enable maybe',
      'name=ghcr.io/o/app,enable=maybe',
      `input 'images' line 1: attribute 'enable' must be true or false, got 'maybe'`
    ],
    [
      'an unknown attribute on line 3',
      'a/b\n\nname=c/d,foo=bar',
      `input 'images' line 3: unknown attribute 'foo' (expected name, enable)`
    ],
    [
      'an empty name',
      'a/b\nname=,enable=true',
      `input 'images' line 2: attribute 'name' is empty; write e.g. name=ghcr.io/owner/app`
    ],
    [
      'a disabled bad name',
      'name=ghcr.io/o/app:v1,enable=false',
      `input 'images' line 1: 'ghcr.io/o/app:v1' is not an image name: it has a tag (':v1'); name the repository only (e.g. ghcr.io/owner/app): the tags come from the tags input`
    ]
  ])('%s', (_what, images, message) => {
    expect(refusal(() => checkImages(images))).toBe(message)
  })

  test('upper case is lower-cased, as metadata-action does (ghcr.io/${{ github.repository }})', () => {
    expect(() =>
      checkImages('ghcr.io/Octo-Org/App\nname=Docker.io/User/App,enable=false\n127.0.0.1:5000/a')
    ).not.toThrow()
    expect(() => checkImages('')).not.toThrow()
    expect(repositoryProblem('ghcr.io/o/app')).toBeUndefined()
  })
})

describe('registry, cache-ref and promote-from', () => {
  test.each<[string, () => void, string]>([
    [
      'registry port',
      () => checkRegistry('ghcr.io:99999'),
      `input 'registry': port 99999 of "ghcr.io:99999" is not between 1 and 65535; write a host such as ghcr.io or registry.example.com:5000`
    ],
    [
      'registry no host',
      () => checkRegistry('not a host'),
      `input 'registry': "not a host" is not a valid registry host; write a host such as ghcr.io or registry.example.com:5000`
    ],
    [
      'cache-ref port',
      () => checkCacheRef('127.0.0.1:99999/cache'),
      `input 'cache-ref': '127.0.0.1:99999/cache' is not a cache repository: port 99999 of "127.0.0.1:99999" is not between 1 and 65535; write e.g. ghcr.io/owner/app`
    ],
    [
      'cache-ref upper case',
      () => checkCacheRef('Ghcr.io/O/App'),
      `input 'cache-ref': 'Ghcr.io/O/App' is not a valid repository (lower case, e.g. ghcr.io/owner/app-cache)`
    ],
    [
      'cache-ref digest',
      () => checkCacheRef('ghcr.io/o/c@sha256:abc'),
      `input 'cache-ref': 'ghcr.io/o/c@sha256:abc' has a digest; give a repository, optionally with :prefix`
    ],
    [
      'promote-from upper case',
      () => checkPromoteFrom('UPPER/Case:x'),
      `input 'promote-from': 'UPPER/Case:x' is not an image reference: repository names must be lowercase; write e.g. ghcr.io/o/app:sha-{{sha}}`
    ],
    [
      'promote-from unclosed',
      () => checkPromoteFrom('ghcr.io/o/app:sha-{{sha}'),
      `input 'promote-from': 'ghcr.io/o/app:sha-{{sha}': '{{' at column 19 is not closed; close it with '}}'`
    ],
    [
      'promote-from unknown name',
      () => checkPromoteFrom('ghcr.io/o/app:{{nope}}'),
      `input 'promote-from': 'ghcr.io/o/app:{{nope}}': {{nope}} is not an expression known here; use ${knownExpressions('global')}`
    ],
    [
      'promote-from port',
      () => checkPromoteFrom('ghcr.io:99999/o/app:x'),
      `input 'promote-from': 'ghcr.io:99999/o/app:x' is not an image reference: port 99999 of "ghcr.io:99999" is not between 1 and 65535; write e.g. ghcr.io/o/app:sha-{{sha}}`
    ],
    [
      'promote-from a constant part that is no tag',
      () => checkPromoteFrom('ghcr.io/o/app:-{{sha}}'),
      `input 'promote-from': 'ghcr.io/o/app:-{{sha}}' is not an image reference: tags are 1-128 characters of letters, digits, "_", "." and "-", and must not start with "." or "-"; write e.g. ghcr.io/o/app:sha-{{sha}}`
    ]
  ])('%s', (_what, check, message) => {
    expect(refusal(check)).toBe(message)
  })

  test.each<[string, 'cache-from' | 'cache-to', string, number[], string]>([
    [
      'an unknown backend',
      'cache-to',
      'type=s4,bucket=x',
      [1],
      "input 'cache-to' line 1: 'type=s4,bucket=x' has the type 's4', which is not a cache backend; write type=registry|local|inline|gha|s3|azblob (e.g. type=registry,ref=ghcr.io/owner/app:buildcache)"
    ],
    [
      'no type',
      'cache-from',
      'type=gha\nref=x',
      [1, 3],
      "input 'cache-from' line 3: 'ref=x' has no type=; write type=registry|local|inline|gha|s3|azblob (e.g. type=registry,ref=ghcr.io/owner/app:buildcache)"
    ],
    [
      'a bad registry ref',
      'cache-from',
      'type=registry,ref=Ghcr.io/O/App:cache',
      [2],
      "input 'cache-from' line 2: 'type=registry,ref=Ghcr.io/O/App:cache': 'Ghcr.io/O/App:cache' is not an image reference: repository names must be lowercase; write e.g. ref=ghcr.io/owner/app:buildcache"
    ],
    [
      'a bare ref on port 0',
      'cache-from',
      '127.0.0.1:0/c:x',
      [1],
      "input 'cache-from' line 1: '127.0.0.1:0/c:x': '127.0.0.1:0/c:x' is not an image reference: port 0 of \"127.0.0.1:0\" is not between 1 and 65535; write e.g. ref=ghcr.io/owner/app:buildcache"
    ]
  ])('%s', (_what, input, text, lines, message) => {
    expect(refusal(() => checkCacheLines(input, text.split('\n'), lines))).toBe(message)
  })

  test('sound values pass', () => {
    expect(() =>
      checkCacheLines(
        'cache-from',
        ['type=gha,scope=x', 'ghcr.io/o/app:cache', 'type=local,src=/tmp/c'],
        [1, 2, 3]
      )
    ).not.toThrow()
    for (const registry of ['', 'ghcr.io', 'https://index.docker.io/v1/', '127.0.0.1:5000', 'docker.io']) {
      expect(() => checkRegistry(registry)).not.toThrow()
    }
    expect(() => checkCacheRef('ghcr.io/o/app-cache:ci')).not.toThrow()
    expect(() => checkPromoteFrom('ghcr.io/o/app:sha-{{sha}}')).not.toThrow()
    expect(() => checkPromoteFrom(`ghcr.io/o/app@sha256:${'a'.repeat(64)}`)).not.toThrow()
  })

  test('parseReference refuses a port outside 1-65535, anywhere', () => {
    expect(() => parseReference('localhost:65536/a')).toThrow(
      'port 65536 of "localhost:65536" is not between 1 and 65535'
    )
    expect(parseReference('localhost:65535/a').registry).toBe('localhost:65535')
    expect(parseReference('[::1]:5000/a:b').registry).toBe('[::1]:5000')
  })
})

describe('labels and annotations: key=value lines', () => {
  test.each<[string, 'labels' | 'annotations', string, string]>([
    [
      'no =',
      'labels',
      'novalue',
      "input 'labels' line 1: 'novalue' is not key=value; write e.g. org.opencontainers.image.vendor=ACME (or novalue= for an empty value)"
    ],
    [
      'no = on line 3',
      'labels',
      'a=1\n# comment\nnovalue',
      "input 'labels' line 3: 'novalue' is not key=value; write e.g. org.opencontainers.image.vendor=ACME (or novalue= for an empty value)"
    ],
    [
      'an empty key',
      'annotations',
      '=value',
      "input 'annotations' line 1: '=value' has no key before '='; write key=value, e.g. org.opencontainers.image.vendor=ACME"
    ],
    [
      'a blank key',
      'labels',
      ' =value',
      "input 'labels' line 1: '=value' has no key before '='; write key=value, e.g. org.opencontainers.image.vendor=ACME"
    ],
    [
      'a key with a space',
      'labels',
      'my key=x',
      "input 'labels' line 1: the key 'my key' has white space in it; write a key such as org.opencontainers.image.vendor"
    ],
    [
      'an unknown expression',
      'annotations',
      'x={{nope}}',
      `input 'annotations' line 1: 'x={{nope}}': {{nope}} is not an expression known here; use ${knownExpressions('global')}`
    ],
    [
      'an unclosed {{',
      'labels',
      "a=1\nb={{date 'YYYY'",
      "input 'labels' line 2: 'b={{date 'YYYY'': '{{' at column 3 is not closed; close it with '}}'"
    ]
  ])('%s', (_what, input, text, message) => {
    expect(refusal(() => checkKeyValues(input, text))).toBe(message)
  })

  test('sound lines pass: empty values, levels, JSON, expressions', () => {
    expect(() =>
      checkKeyValues('annotations', 'a=\nmanifest:b=c\nd={"x":{"y":1}}\ne={{sha}}\nf=a=b')
    ).not.toThrow()
  })
})

describe('parseListEntries: the line each entry starts on', () => {
  test('blank lines, comments and quoted fields over several lines keep the count', () => {
    const text = 'type=ref,event=branch\n\n# comment\ntype=raw,"value=a,\nb"\n   type=sha\nlast'
    expect(parseListEntries(text, 'tags')).toEqual([
      {entry: 'type=ref,event=branch', line: 1},
      {entry: 'type=raw,value=a,\nb', line: 4},
      {entry: 'type=sha', line: 6},
      {entry: 'last', line: 7}
    ])
  })
})
