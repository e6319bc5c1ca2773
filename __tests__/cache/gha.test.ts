import {describe, expect, test} from 'vitest'
import {ghaCacheDecision} from '../../src/cache/gha.js'
import type {GhaBuilder, GhaDecision} from '../../src/cache/gha.js'

/** What a GitHub-hosted runner gives a JavaScript action today (values made up; the token is a JWT there). */
const HOSTED = {
  ACTIONS_RUNTIME_TOKEN: 'token-value',
  ACTIONS_RESULTS_URL: 'https://results-receiver.actions.githubusercontent.com/',
  ACTIONS_CACHE_URL: 'https://artifactcache.actions.githubusercontent.com/abc/',
  ACTIONS_CACHE_SERVICE_V2: 'True'
}
/** GitHub Enterprise Server: the v1 service. */
const GHES = {
  ACTIONS_RUNTIME_TOKEN: 'token-value',
  ACTIONS_CACHE_URL: 'https://ghes.example/_services/pipelines/'
}

const NEW: GhaBuilder = {buildxVersion: '0.36.1', buildkitVersion: '0.32.0'}
const OLD_BUILDX: GhaBuilder = {buildxVersion: '0.13.1', buildkitVersion: '0.32.0'}
const OLD_BUILDKIT: GhaBuilder = {buildxVersion: '0.21.0', buildkitVersion: '0.19.4'}
const UNKNOWN_BUILDKIT: GhaBuilder = {buildxVersion: '0.21.0'}

const ALL_ENV = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2'
]

const registry = (warning: string): GhaDecision => ({fallback: 'registry', warning})

// prettier-ignore
const TABLE: [title: string, env: Record<string, string>, builder: GhaBuilder, decision: GhaDecision][] = [
  ['hosted runner, new builder: service v2, version=2 added, the rest stays in the environment', HOSTED, NEW,
    {use: 'gha', service: 2, attrs: ['version=2'], env: ALL_ENV, notes: []}],
  ['exactly buildx 0.21 and BuildKit 0.20', HOSTED, {buildxVersion: '0.21.0', buildkitVersion: '0.20.0'},
    {use: 'gha', service: 2, attrs: ['version=2'], env: ALL_ENV, notes: []}],
  ['v2 without ACTIONS_CACHE_URL (buildx ≥ 0.21 reads ACTIONS_RESULTS_URL)',
    {ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r/', ACTIONS_CACHE_SERVICE_V2: 'true'}, NEW,
    {use: 'gha', service: 2, attrs: ['version=2'], env: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_SERVICE_V2'], notes: []}],
  ['BuildKit version unknown: used, with a note', HOSTED, UNKNOWN_BUILDKIT,
    {use: 'gha', service: 2, attrs: ['version=2'], env: ALL_ENV,
      notes: ["The builder's BuildKit version is unknown; GitHub's cache service v2 needs BuildKit ≥ 0.20."]}],
  ['BuildKit v0.0.0+unknown counts as unknown', HOSTED, {buildxVersion: '0.21.0', buildkitVersion: 'v0.0.0+unknown'},
    {use: 'gha', service: 2, attrs: ['version=2'], env: ALL_ENV,
      notes: ["The builder's BuildKit version is unknown; GitHub's cache service v2 needs BuildKit ≥ 0.20."]}],
  ['no token: not an action step of a job', {ACTIONS_RESULTS_URL: 'https://r/', ACTIONS_CACHE_SERVICE_V2: 'True'}, NEW,
    registry("cache: gha needs the runner's cache token (ACTIONS_RUNTIME_TOKEN), which GitHub Actions gives to the action steps of a job, and there is none here; the layer cache goes to the registry instead")],
  ['an empty token counts as none', {...HOSTED, ACTIONS_RUNTIME_TOKEN: ''}, NEW,
    registry("cache: gha needs the runner's cache token (ACTIONS_RUNTIME_TOKEN), which GitHub Actions gives to the action steps of a job, and there is none here; the layer cache goes to the registry instead")],
  ['v2 without ACTIONS_RESULTS_URL', {ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'https://c/', ACTIONS_CACHE_SERVICE_V2: '1'}, NEW,
    registry("cache: gha needs the runner's cache service URL (ACTIONS_RESULTS_URL) for GitHub's cache service v2, and it is not set; the layer cache goes to the registry instead")],
  ['v2 with buildx 0.13.1 (it would drop the cache without a word)', HOSTED, OLD_BUILDX,
    registry("cache: gha needs buildx ≥ 0.21 and BuildKit ≥ 0.20 for GitHub's cache service v2 (this builder: buildx 0.13.1, BuildKit 0.32.0); the layer cache goes to the registry instead; a newer buildx (docker/setup-buildx-action before this step) gives the gha cache")],
  ['v2 with BuildKit 0.19.4', HOSTED, OLD_BUILDKIT,
    registry("cache: gha needs buildx ≥ 0.21 and BuildKit ≥ 0.20 for GitHub's cache service v2 (this builder: buildx 0.21.0, BuildKit 0.19.4); the layer cache goes to the registry instead; a newer buildx (docker/setup-buildx-action before this step) gives the gha cache")],
  ['ACTIONS_CACHE_SERVICE_V2 as Go reads it: "yes" is not true, so v1', {...HOSTED, ACTIONS_CACHE_SERVICE_V2: 'yes'}, NEW,
    {use: 'gha', service: 1, attrs: [], env: ALL_ENV, notes: []}],
  ['GHES (v1) with an old builder', GHES, {buildxVersion: '0.13.1', buildkitVersion: '0.13.2'},
    {use: 'gha', service: 1, attrs: [], env: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_URL'], notes: []}],
  ['v1 needs ACTIONS_CACHE_URL before buildx 0.21', {ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r/'}, OLD_BUILDX,
    registry("cache: gha needs the runner's cache service URL (ACTIONS_CACHE_URL) for GitHub's cache service v1, and it is not set; the layer cache goes to the registry instead")],
  ['v1 from ACTIONS_RESULTS_URL with buildx ≥ 0.21', {ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r/'}, NEW,
    {use: 'gha', service: 1, attrs: [], env: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'], notes: []}],
  ['v1 with BuildKit 0.8 (no gha backend)', GHES, {buildxVersion: '0.13.1', buildkitVersion: '0.8.3'},
    registry("cache: gha needs buildx ≥ 0.6 and BuildKit ≥ 0.9 for GitHub's cache service v1 (this builder: buildx 0.13.1, BuildKit 0.8.3); the layer cache goes to the registry instead")],
  ['v1 with buildx 0.5.1', GHES, {buildxVersion: '0.5.1'},
    registry("cache: gha needs buildx ≥ 0.6 and BuildKit ≥ 0.9 for GitHub's cache service v1 (this builder: buildx 0.5.1); the layer cache goes to the registry instead")]
]

describe('ghaCacheDecision', () => {
  test.each(TABLE)('%s', (_title, env, builder, decision) => {
    expect(ghaCacheDecision(env, builder)).toEqual(decision)
  })

  test('the decision never carries a secret: only variable names and non-secret attributes', () => {
    for (const [, env, builder] of TABLE) {
      const text = JSON.stringify(ghaCacheDecision(env, builder))
      expect(text).not.toContain('token-value')
      for (const value of Object.values(env).filter(v => v.startsWith('https://')))
        expect(text).not.toContain(value)
    }
  })
})
