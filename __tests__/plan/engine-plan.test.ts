import {describe, expect, test} from 'vitest'
import type {BuilderFacts} from '../../src/build/builder-facts.js'
import type {Engine} from '../../src/build/engine.js'
import {readInputs} from '../../src/inputs/inputs.js'
import {planCacheFromInputs} from '../../src/cache/plan-inputs.js'
import {planBuild} from '../../src/plan/build-plan.js'
import {builderNeeds, planForEngine} from '../../src/plan/engine-plan.js'
import type {Meta} from '../../src/tags/index.js'

const meta = {
  images: ['r.io/o/app'],
  tags: ['r.io/o/app:1'],
  tagNames: ['1'],
  labels: [],
  annotationsWithLevels: ['manifest:org.opencontainers.image.version=1']
} as unknown as Meta

function plan(values: Record<string, string>) {
  const inputs = readInputs(name => values[name] ?? '')
  const cache = planCacheFromInputs(inputs, {
    eventName: 'push',
    ref: 'refs/heads/main',
    payload: {},
    images: meta.images,
    defaultBranch: 'main',
    repository: 'o/app',
    runnerTemp: '/tmp'
  })
  return {...planBuild(inputs, meta, '/w'), cache}
}

const facts = (overrides: Partial<BuilderFacts> = {}): BuilderFacts => ({
  name: 'default',
  driver: 'docker',
  buildxVersion: '0.36.0',
  buildkitVersion: '0.26.0',
  cacheExport: true,
  multiPlatform: true,
  attestations: true,
  platforms: ['linux/amd64'],
  created: false,
  ...overrides
})
const buildx = (builder = facts()): Engine => ({
  kind: 'buildx',
  command: 'docker',
  version: '0.36.0',
  env: {},
  build: ['buildx', 'build'],
  builder
})
const classicDocker: Engine = {
  kind: 'docker',
  command: 'docker',
  version: '20.10.24',
  env: {DOCKER_BUILDKIT: '1'},
  build: ['build']
}
const buildah: Engine = {kind: 'buildah', command: 'buildah', version: '1.39.3', env: {}, build: ['bud']}
const GHA_ENV = {
  ACTIONS_RUNTIME_TOKEN: 'tok',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_CACHE_SERVICE_V2: 'true'
}

describe('the plan fitted to the engine found', () => {
  test('cache: gha on buildx with the runner token: the gha backend and the variables it needs', () => {
    const fitted = planForEngine(plan({cache: 'gha'}), {engine: buildx(), env: GHA_ENV, provenance: {}})
    expect(fitted.cacheOptions.ghaAttrs).toContain('version=2')
    expect(fitted.keepEnv).toEqual(expect.arrayContaining(['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL']))
    expect(fitted.warnings).toEqual([])
  })

  test('cache: gha on an engine without it: the registry cache instead, and a warning saying so', () => {
    const fallback = plan({cache: 'registry'}).cache
    const fitted = planForEngine(plan({cache: 'gha'}), {
      engine: buildah,
      env: GHA_ENV,
      provenance: {},
      cacheFallback: fallback
    })
    expect(fitted.cache).toBe(fallback)
    expect(fitted.keepEnv).toEqual([])
    expect(fitted.warnings).toEqual([
      'cache: gha needs buildx with a BuildKit builder; with the buildah engine the layer cache goes to the registry instead'
    ])
  })

  test("annotations docker's classic builder cannot write: a log line for the computed ones, a warning for the user's", () => {
    const computed = planForEngine(plan({}), {engine: classicDocker, env: {}, provenance: {}})
    expect(computed.annotations).toEqual([])
    expect(computed.warnings).toEqual([])
    expect(computed.notes).toHaveLength(1)
    expect(computed.notes[0]).toMatch(/^Annotations not written: /)
    const own = planForEngine(plan({annotations: 'team=core'}), {
      engine: classicDocker,
      env: {},
      provenance: {}
    })
    expect(own.notes).toEqual([])
    expect(own.warnings[0]).toMatch(/^Annotations not written: /)
  })

  test('an image tarball: buildx passes the output through; docker and buildah write it after the build', () => {
    const outputs = {outputs: 'type=docker,dest=out/image.tar'}
    expect(planForEngine(plan(outputs), {engine: buildx(), env: {}, provenance: {}})).toMatchObject({
      outputs: ['type=docker,dest=out/image.tar'],
      tarballs: []
    })
    expect(planForEngine(plan(outputs), {engine: buildah, env: {}, provenance: {}})).toMatchObject({
      outputs: [],
      tarballs: [{format: 'docker', dest: '/w/out/image.tar'}]
    })
  })

  test('what a buildx builder must be able to do', () => {
    expect(builderNeeds(plan({}))).toEqual({
      cacheExport: true,
      multiPlatform: false,
      attestations: false,
      imageTarball: false
    })
    expect(
      builderNeeds(
        plan({
          cache: 'inline',
          platforms: 'linux/amd64,linux/arm64',
          sbom: 'true',
          outputs: 'type=oci,dest=o.tar'
        })
      )
    ).toEqual({cacheExport: false, multiPlatform: true, attestations: true, imageTarball: true})
  })
})
