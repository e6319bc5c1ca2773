import {describe, expect, test} from 'vitest'
import {versionAtLeast} from '../../src/shared/versions.js'

describe('versionAtLeast', () => {
  // prettier-ignore
  const cases: [string | undefined, string, boolean][] = [
    ['0.13.1', '0.12.0', true], ['v0.12.0', '0.12.0', true], ['0.11.9', '0.12.0', false], ['1.0', '0.21.0', true],
    ['0.21.0+ds1', '0.21.0', true], [undefined, '0.1.0', false], ['unknown', '0.1.0', false], ['0.20.2', '0.20.10', false],
  ]
  test.each(cases)('%s ≥ %s: %s', (version, min, expected) =>
    expect(versionAtLeast(version, min)).toBe(expected)
  )
})
