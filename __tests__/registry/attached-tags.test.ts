import {describe, expect, it} from 'vitest'
import {attachedSubject, COSIGN_SUFFIXES, cosignTag} from '../../src/registry/attached-tags.js'
import {referrersTag} from '../../src/registry/digest.js'

const DIGEST = `sha256:${'ab'.repeat(32)}`

describe('tags attached to a subject', () => {
  it("names cosign's tags as cosign does: sha256-<hex>.sig / .att / .sbom", () => {
    expect(COSIGN_SUFFIXES.map(suffix => cosignTag(DIGEST, suffix))).toEqual([
      `sha256-${'ab'.repeat(32)}.sig`,
      `sha256-${'ab'.repeat(32)}.att`,
      `sha256-${'ab'.repeat(32)}.sbom`
    ])
    // Only sha256: a sha512 name would not fit in a tag's 128 characters.
    expect(cosignTag(`sha512:${'c'.repeat(128)}`, 'sig')).toBeUndefined()
  })

  it.each([
    [referrersTag(DIGEST), DIGEST],
    [cosignTag(DIGEST, 'sig') as string, DIGEST],
    [cosignTag(DIGEST, 'att') as string, DIGEST],
    [cosignTag(DIGEST, 'sbom') as string, DIGEST],
    [`sha256-${'ab'.repeat(32)}.custom_suffix-1`, DIGEST],
    [`sha256-${'ab'.repeat(31)}.sig`, undefined],
    [`sha256-${'AB'.repeat(32)}.sig`, undefined],
    [`sha256-${'ab'.repeat(32)}.`, undefined],
    ['latest', undefined],
    ['sha-abcdef0', undefined]
  ])('%s belongs to %s', (tag, subject) => {
    expect(attachedSubject(tag)).toBe(subject)
  })
})
