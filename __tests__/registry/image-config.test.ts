import {describe, expect, test} from 'vitest'
import {pickPlatform} from '../../src/registry/image-config.js'

const entry = (digest: string, architecture: string, os = 'linux') => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 1,
  platform: {architecture, os}
})

describe('pickPlatform', () => {
  // prettier-ignore
  const cases: [string, ReturnType<typeof entry>[], string, string | undefined][] = [
    ['the native platform', [entry('a', 'arm64'), entry('b', 'amd64')], 'linux/amd64', 'b'],
    ['attestations are never the image', [entry('att', 'unknown', 'unknown'), entry('a', 'arm64')], 'linux/amd64', 'a'],
    ['no entry', [], 'linux/amd64', undefined],
  ]
  test.each(cases)('%s', (_title, entries, native, expected) =>
    expect(pickPlatform(entries, native)?.digest).toBe(expected)
  )
})
