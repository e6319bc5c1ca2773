import {describe, expect, test} from 'vitest'
import {isLoopbackHost, loopbackRegistriesConf, registryHost} from '../../src/build/registries-conf.js'

describe('registryHost / isLoopbackHost', () => {
  test.each([
    ['busybox', undefined],
    ['library/busybox', undefined],
    ['ghcr.io/o/r:1', 'ghcr.io'],
    ['127.0.0.1:5000/a/b', '127.0.0.1:5000'],
    ['localhost/a', 'localhost']
  ])('%s → %s', (ref, host) => expect(registryHost(ref)).toBe(host))

  test.each([
    ['127.0.0.1:5000', true],
    ['127.8.9.1', true],
    ['localhost:443', true],
    ['[::1]:5000', true],
    ['ghcr.io', false],
    ['10.0.0.1:5000', false],
    ['127.0.0.1.nip.io', false]
  ])('%s loopback: %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected))
})

describe('loopbackRegistriesConf', () => {
  test('nothing to add for remote registries', () => {
    expect(loopbackRegistriesConf(['ghcr.io/o/r:1', 'busybox'], '')).toBeUndefined()
  })

  test('marks each loopback registry insecure once, after the system file', () => {
    const conf = loopbackRegistriesConf(
      ['127.0.0.1:5001/app:1', '127.0.0.1:5001/app:2', 'localhost:5002/base', 'ghcr.io/o/r'],
      'unqualified-search-registries = ["docker.io"]\n'
    )
    expect(conf).toBe(
      'unqualified-search-registries = ["docker.io"]\n\n' +
        '[[registry]]\nlocation = "127.0.0.1:5001"\ninsecure = true\n\n\n' +
        '[[registry]]\nlocation = "localhost:5002"\ninsecure = true\n\n'
    )
  })
})
