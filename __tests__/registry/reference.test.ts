import {describe, expect, it} from 'vitest'
import {InvalidReferenceError} from '../../src/registry/errors.js'
import {
  apiHost,
  formatReference,
  isLoopbackRegistry,
  isValidDigest,
  isValidTag,
  manifestRef,
  parseReference
} from '../../src/registry/reference.js'

const D = `sha256:${'a'.repeat(64)}`

describe('parseReference', () => {
  it.each([
    ['busybox', {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'}],
    ['busybox:1.36', {registry: 'docker.io', repository: 'library/busybox', tag: '1.36'}],
    ['library/busybox', {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'}],
    ['docker.io/busybox', {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'}],
    ['index.docker.io/busybox', {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'}],
    ['user/app:v1', {registry: 'docker.io', repository: 'user/app', tag: 'v1'}],
    ['ghcr.io/o/r:tag', {registry: 'ghcr.io', repository: 'o/r', tag: 'tag'}],
    [`ghcr.io/o/r:tag@${D}`, {registry: 'ghcr.io', repository: 'o/r', tag: 'tag', digest: D}],
    [`ghcr.io/o/r@${D}`, {registry: 'ghcr.io', repository: 'o/r', digest: D}],
    ['127.0.0.1:5000/x/y:t', {registry: '127.0.0.1:5000', repository: 'x/y', tag: 't'}],
    ['localhost/x', {registry: 'localhost', repository: 'x', tag: 'latest'}],
    ['localhost:5000/x', {registry: 'localhost:5000', repository: 'x', tag: 'latest'}],
    ['[::1]:5000/x:1', {registry: '[::1]:5000', repository: 'x', tag: '1'}],
    ['Registry/x', {registry: 'Registry', repository: 'x', tag: 'latest'}],
    ['a.b/c/d/e:V_1.0-rc', {registry: 'a.b', repository: 'c/d/e', tag: 'V_1.0-rc'}],
    ['x/a__b/c-d--e.f_g:1', {registry: 'docker.io', repository: 'x/a__b/c-d--e.f_g', tag: '1'}],
    ['  busybox  ', {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'}]
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected)
  })

  it.each([
    ['', /empty/],
    ['Busybox', /must be lowercase/],
    ['ghcr.io/Owner/repo', /must be lowercase/],
    ['ghcr.io/o/r:-bad', /tags are/],
    ['ghcr.io/o/r:.bad', /tags are/],
    [`ghcr.io/o/r:${'x'.repeat(129)}`, /tags are/],
    ['ghcr.io/o/r@sha256:abc', /digests look like/],
    [`ghcr.io/o/r@sha256:${'A'.repeat(64)}`, /digests look like/],
    ['ghcr.io/o//r', /repository names are/],
    ['ghcr.io/o/r_', /repository names are/],
    ['ghcr.io/o/-r', /repository names are/],
    ['ghcr.io/o/r!', /repository names are/],
    ['a'.repeat(64), /image ID/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255/],
    ['-bad.host:5000/x', /not a valid registry host/]
  ])('rejects %s', (input, message) => {
    const attempt = (): unknown => parseReference(input)
    expect(attempt).toThrow(InvalidReferenceError)
    expect(attempt).toThrow(message)
  })

  it('names the whole input in the error', () => {
    expect(() => parseReference('ghcr.io/Owner/repo:1')).toThrow(
      'invalid image reference "ghcr.io/Owner/repo:1"'
    )
  })
})

describe('reference helpers', () => {
  it.each([
    [
      {registry: 'docker.io', repository: 'library/busybox', tag: 'latest'},
      'docker.io/library/busybox:latest',
      'latest'
    ],
    [{registry: 'ghcr.io', repository: 'o/r', digest: D}, `ghcr.io/o/r@${D}`, D],
    [{registry: 'ghcr.io', repository: 'o/r', tag: 't', digest: D}, `ghcr.io/o/r:t@${D}`, D]
  ])('formats %o', (ref, text, manifest) => {
    expect(formatReference(ref)).toBe(text)
    expect(manifestRef(ref)).toBe(manifest)
    expect(parseReference(text)).toEqual(ref)
  })

  it.each([
    ['docker.io', 'registry-1.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('API host of %s is %s', (registry, host) => {
    expect(apiHost(registry)).toBe(host)
  })

  it.each([
    ['localhost', true],
    ['localhost:5000', true],
    ['registry.localhost:443', true],
    ['127.0.0.1:5000', true],
    ['127.255.3.4', true],
    ['[::1]:5000', true],
    ['128.0.0.1:5000', false],
    ['127.0.0.256', false],
    ['10.0.0.1:5000', false],
    ['localhost.example.com', false],
    ['ghcr.io', false],
    ['docker.io', false]
  ])('%s is loopback: %s', (registry, expected) => {
    expect(isLoopbackRegistry(registry)).toBe(expected)
  })

  it.each([
    ['latest', true],
    ['_x', true],
    ['v1.2.3-rc.1', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['.x', false],
    ['a/b', false],
    ['a:b', false]
  ])('tag %s valid: %s', (tag, valid) => {
    expect(isValidTag(tag)).toBe(valid)
  })

  it.each([
    [D, true],
    [`sha512:${'0'.repeat(128)}`, true],
    ['sha256:abc', false],
    [`sha256:${'g'.repeat(64)}`, false],
    ['latest', false]
  ])('digest %s valid: %s', (digest, valid) => {
    expect(isValidDigest(digest)).toBe(valid)
  })
})
