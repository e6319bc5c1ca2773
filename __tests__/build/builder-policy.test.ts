import {describe, expect, test} from 'vitest'
import type {BuilderFacts} from '../../src/build/builder-facts.js'
import {afterCreateFailed, decideBuilder, NO_NEEDS} from '../../src/build/builder-policy.js'
import type {BuilderNeeds, BuilderOrigin} from '../../src/build/builder-policy.js'

const facts = (name: string, driver: string, full: boolean): BuilderFacts => ({
  name,
  driver,
  buildxVersion: '0.13.1',
  cacheExport: full,
  multiPlatform: full,
  attestations: full,
  platforms: ['linux/amd64'],
  created: false
})
const classic = facts('default', 'docker', false)
const containerd = facts('default', 'docker', true)
const container = facts('bx', 'docker-container', true)

const CACHE: BuilderNeeds = {...NO_NEEDS, cacheExport: true}
const PLATFORMS: BuilderNeeds = {...NO_NEEDS, multiPlatform: true}
const ATTESTS: BuilderNeeds = {...NO_NEEDS, attestations: true}
const TARBALL: BuilderNeeds = {...NO_NEEDS, imageTarball: true}
const ALL: BuilderNeeds = {cacheExport: true, multiPlatform: true, attestations: true, imageTarball: true}

describe('decideBuilder', () => {
  // prettier-ignore
  const cases: [string, BuilderFacts, BuilderOrigin, BuilderNeeds, string][] = [
    ['runner default builder, nothing special asked: used as it is', classic,    'current', NO_NEEDS,  'use default'],
    ['runner default builder, registry cache: create one',          classic,    'current', CACHE,     'create'],
    ['runner default builder, two platforms: create one',           classic,    'current', PLATFORMS, 'create'],
    ['runner default builder, an image tarball: create one',        classic,    'current', TARBALL,   'create'],
    ['user named the docker driver, tarball: docker save fallback', classic,    'input',   TARBALL,   'inline-fallback default'],
    ['containerd store does everything',                            containerd, 'current', ALL,       'use default'],
    ['a container builder does everything',                         container,  'current', ALL,       'use bx'],
    ['user named the docker driver, cache: inline fallback',        classic,    'input',   CACHE,     'inline-fallback default'],
    ['BUILDX_BUILDER named it, cache: inline fallback',             classic,    'env',     CACHE,     'inline-fallback default'],
    ['user named the docker driver, platforms: refused',            classic,    'input',   PLATFORMS, 'refuse platforms'],
    ['user named the docker driver, attestations: refused',         classic,    'input',   ATTESTS,   'refuse provenance'],
    ['a named container builder is used',                           container,  'input',   ALL,       'use bx'],
  ]
  test.each(cases)('%s', (_title, builder, origin, needs, expected) => {
    const decision = decideBuilder({builder, origin}, needs)
    const what =
      decision.action === 'use' || decision.action === 'inline-fallback'
        ? `${decision.action} ${decision.builder.name}`
        : decision.action === 'refuse'
          ? `refuse ${decision.input}`
          : decision.action
    expect(what).toBe(expected)
  })

  test('creating says what the current builder lacks', () => {
    expect(decideBuilder({builder: classic, origin: 'current'}, ALL)).toEqual({
      action: 'create',
      why: "builder 'default' (docker driver on the classic image store) cannot do cache export, multi-platform builds, attestations, image tarball outputs"
    })
  })

  test("a refusal names the input and what would do it, never the user's builder being replaced", () => {
    expect(decideBuilder({builder: classic, origin: 'input'}, PLATFORMS)).toEqual({
      action: 'refuse',
      input: 'platforms',
      message:
        "builder 'default' (docker driver on the classic image store) cannot do multi-platform builds (named by the builder input); " +
        'use a docker-container or remote builder (the builder input, or docker/setup-buildx-action), or turn on the containerd image store'
    })
  })
})

describe('afterCreateFailed', () => {
  test('only the cache was missing: the inline fallback, with why and what gives the full cache', () => {
    const decision = afterCreateFailed({builder: classic, origin: 'current'}, CACHE, 'pull access denied')
    expect(decision).toEqual({
      action: 'inline-fallback',
      builder: classic,
      warning:
        "builder 'default' (docker driver on the classic image store) cannot export a layer cache and no docker-container builder " +
        'could be started (pull access denied): every stage is cached as an inline-cache image instead, which reuses fewer layers; ' +
        'for the full cache and image tarballs use a docker-container builder (created by this step when the moby/buildkit image ' +
        'can be pulled, or by docker/setup-buildx-action), a remote builder, or the containerd image store ' +
        '(daemon.json {"features":{"containerd-snapshotter":true}})'
    })
  })

  test('an image tarball output alone: docker save after the load, saying so', () => {
    const decision = afterCreateFailed({builder: classic, origin: 'current'}, TARBALL, 'pull access denied')
    expect(decision).toMatchObject({action: 'inline-fallback', builder: classic})
    expect(decision.action === 'inline-fallback' && decision.warning).toMatch(
      /^builder 'default' \(docker driver on the classic image store\) cannot write image tarballs and no docker-container builder could be started \(pull access denied\): image tarballs are written by docker save \(type=docker only\) after the image is loaded; for the full cache/
    )
  })

  test('the cache and a tarball: both said', () => {
    const decision = afterCreateFailed(
      {builder: classic, origin: 'current'},
      {...CACHE, imageTarball: true},
      'x'
    )
    expect(decision.action === 'inline-fallback' && decision.warning).toContain(
      'cannot export a layer cache or write image tarballs and no docker-container builder could be started (x): every stage is cached as an inline-cache image instead, which reuses fewer layers; image tarballs are written by docker save'
    )
  })

  test('attestations cannot be faked: refused, naming the input', () => {
    const decision = afterCreateFailed(
      {builder: classic, origin: 'current', inputs: {platforms: 'platforms', attestations: 'sbom'}},
      {...CACHE, attestations: true},
      'no such host'
    )
    expect(decision).toMatchObject({action: 'refuse', input: 'sbom'})
    expect(decision.action === 'refuse' && decision.message).toContain(
      'cannot do attestations and no docker-container builder could be started (no such host)'
    )
  })
})
