import {describe, expect, it} from 'vitest'
import {mergeScopes, parseChallenges} from '../../src/registry/challenge.js'
import {referrersTag} from '../../src/registry/digest.js'
import {nextLink} from '../../src/registry/link.js'
import {storedBytes} from '../../src/registry/upload.js'

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/busybox:pull,push'
          }
        }
      ]
    ],
    ['Basic realm="Registry Realm"', [{scheme: 'basic', params: {realm: 'Registry Realm'}}]],
    ['basic realm=fake', [{scheme: 'basic', params: {realm: 'fake'}}]],
    [
      'Bearer realm="https://ghcr.io/token", service="ghcr.io" , scope="repository:o/r:pull"',
      [
        {
          scheme: 'bearer',
          params: {realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:o/r:pull'}
        }
      ]
    ],
    [
      'Bearer realm="https://a/token",error="insufficient_scope", Basic realm="x"',
      [
        {scheme: 'bearer', params: {realm: 'https://a/token', error: 'insufficient_scope'}},
        {scheme: 'basic', params: {realm: 'x'}}
      ]
    ],
    ['Bearer REALM="a\\"b,c"', [{scheme: 'bearer', params: {realm: 'a"b,c'}}]],
    [
      'Negotiate abc==, Basic realm="r"',
      [
        {scheme: 'negotiate', params: {}},
        {scheme: 'basic', params: {realm: 'r'}}
      ]
    ],
    ['', []]
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })
})

describe('mergeScopes', () => {
  it('unions actions per resource and sorts', () => {
    expect(
      mergeScopes(['repository:b:push', 'repository:a:pull', 'repository:b:pull', 'repository:a:pull'])
    ).toEqual(['repository:a:pull', 'repository:b:pull,push'])
  })

  it('splits space-separated scope lists and keeps names with colons', () => {
    expect(mergeScopes(['repository:x:pull repository(plugin):y:z:pull', 'registry:catalog:*'])).toEqual([
      'registry:catalog:*',
      'repository(plugin):y:z:pull',
      'repository:x:pull'
    ])
  })
})

describe('nextLink', () => {
  const base = 'https://r.example/v2/x/tags/list?n=10'
  it.each([
    ['</v2/x/tags/list?last=b&n=10>; rel="next"', 'https://r.example/v2/x/tags/list?last=b&n=10'],
    [
      '<https://other.example/v2/x/tags/list?next_page=abc>; rel=next',
      'https://other.example/v2/x/tags/list?next_page=abc'
    ],
    ['<?last=b>; rel="next"', 'https://r.example/v2/x/tags/list?last=b'],
    ['</a>; rel="prev", </b?x=1,2>; rel="next"', 'https://r.example/b?x=1,2'],
    ['</a>; title="a, b"; rel="last next"', 'https://r.example/a'],
    ['</a>; rel="prev"', undefined],
    ['', undefined]
  ])('%s', (header, expected) => {
    expect(nextLink(header, base)).toBe(expected)
  })

  it('is undefined without a header', () => {
    expect(nextLink(null, base)).toBeUndefined()
  })
})

describe('small header helpers', () => {
  it.each([
    ['0-99', 100],
    ['bytes=0-4', 5],
    [null, undefined],
    ['garbage', undefined]
  ])('stored bytes of Range %s', (range, expected) => {
    expect(storedBytes(range)).toBe(expected)
  })

  it('builds the referrers fallback tag', () => {
    expect(referrersTag(`sha256:${'ab'.repeat(32)}`)).toBe(`sha256-${'ab'.repeat(32)}`)
    expect(referrersTag(`sha512:${'c'.repeat(128)}`)).toBe(`sha512-${'c'.repeat(64)}`)
  })
})
