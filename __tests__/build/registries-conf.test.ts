import {describe, expect, test} from 'vitest'
import {loopbackRegistriesConf} from '../../src/build/registries-conf.js'

describe('loopbackRegistriesConf', () => {
  test.each([
    [['ghcr.io/o/r:1', 'busybox', 'scratch'], undefined],
    [['10.0.0.1:5000/a', '127.0.0.1.nip.io/a'], undefined],
    [['${UNRESOLVED}'], undefined]
  ])('nothing to add for %j', (refs, expected) => {
    expect(loopbackRegistriesConf(refs, '')).toBe(expected)
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
