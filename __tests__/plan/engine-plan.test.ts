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

function plan(values: Record<string, string>, env: Record<string, string> = {}, push = true) {
  const inputs = readInputs(name => values[name] ?? '')
  const cache = planCacheFromInputs(inputs, {
    eventName: 'push',
    ref: 'refs/heads/main',
    payload: {},
    images: meta.images,
    defaultBranch: 'main',
    repository: 'o/app',
    runnerTemp: '/tmp',
    workspace: '/w',
    dockerfile: '/w/Dockerfile',
    target: '',
    push,
    registryLogin: false,
    env
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

  test('cache: gha on a buildx too old for the gha backend: a local directory kept in GitHub’s cache', () => {
    const env = {...GHA_ENV, GITHUB_RUN_ID: '5'}
    const fitted = planForEngine(plan({cache: 'gha'}, env), {
      engine: {...buildx(facts({buildxVersion: '0.13.1'})), version: '0.13.1'},
      env,
      provenance: {}
    })
    expect(fitted.cache).toMatchObject({
      mode: 'local',
      readRefs: ['/tmp/image-action-cache'],
      writeRef: '/tmp/image-action-cache',
      actionsCache: {dir: '/tmp/image-action-cache', restoreKeys: [expect.stringMatching(/^o-app-buildcache-main-df-[0-9a-f]{8}-$/)]}
    })
    expect(fitted.cache?.reason).toMatch(
      /; GitHub's cache through @actions\/cache \(cache: gha needs buildx ≥ 0\.21 .*this builder: buildx 0\.13\.1/
    )
    expect(fitted.cache?.actionsCacheFallback).toBeUndefined()
    expect(fitted.warnings).toEqual([])
    expect(fitted.keepEnv).toEqual([])
  })

  test('cache: gha on an old buildx without the runner token: the registry, with the warning', () => {
    const fallback = plan({cache: 'registry'}).cache
    const fitted = planForEngine(plan({cache: 'gha'}, {GITHUB_RUN_ID: '5'}), {
      engine: {...buildx(facts({buildxVersion: '0.13.1'})), version: '0.13.1'},
      env: {GITHUB_RUN_ID: '5'},
      provenance: {},
      cacheFallback: fallback
    })
    expect(fitted.cache).toBe(fallback)
    expect(fitted.warnings[0]).toMatch(/^cache: gha needs the runner's cache token \(ACTIONS_RUNTIME_TOKEN\)/)
  })

  test('cache: auto on GitHub’s cache with buildah: the registry read only, a note rather than a warning', () => {
    const env = {...GHA_ENV, GITHUB_RUN_ID: '5'}
    const chosen = plan({}, env, false)
    expect(chosen.cache).toMatchObject({mode: 'gha', auto: true})
    const fallback = {...plan({cache: 'registry'}).cache, writeRef: undefined}
    const fitted = planForEngine(chosen, {engine: buildah, env, provenance: {}, cacheFallback: fallback})
    expect(fitted.cache).toBe(fallback)
    expect(fitted.warnings).toEqual([])
    expect(fitted.notes).toEqual([
      'Layer cache: cache: gha needs buildx with a BuildKit builder; with the buildah engine the layer cache goes to the registry instead'
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
