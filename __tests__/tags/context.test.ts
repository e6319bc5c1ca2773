import {describe, expect, test} from 'vitest'

import {effectiveSha, metaOptionsFromEnv, refContextFromEnv} from '../../src/tags/index.js'
import {fixtureContext, fixturePayload, NOW, SHA_DEV, SHA_MASTER, SHA_PR, SHA_PR_HEAD} from './helpers.js'

describe('refContextFromEnv', () => {
  test.each([
    ['push_dev', 'push', 'refs/heads/dev', SHA_DEV],
    ['push_master', 'push', 'refs/heads/master', SHA_MASTER],
    ['tag_v1.1.1', 'push', 'refs/tags/v1.1.1', SHA_DEV],
    ['tag_p1-v1.0.0', 'push', 'refs/tags/p1/v1.0.0', SHA_DEV],
    ['pull_request', 'pull_request', 'refs/pull/15/merge', SHA_PR],
    // pull_request_target runs on the base branch; the ref is rewritten to the PR's merge ref.
    ['pull_request_target', 'pull_request_target', 'refs/pull/15/merge', SHA_MASTER],
    ['schedule', 'schedule', 'refs/heads/master', SHA_DEV],
    ['release', 'release', 'refs/tags/v1.1.1', SHA_DEV],
    ['create_tag', 'create', 'refs/tags/v2.1.8-beta.67', SHA_DEV],
    ['workflow_dispatch', 'workflow_dispatch', 'refs/heads/master', SHA_DEV],
    ['empty', '', '', '']
  ])('%s', (name, eventName, ref, sha) => {
    const ctx = fixtureContext(name)
    expect({eventName: ctx.eventName, ref: ctx.ref, sha: ctx.sha}).toEqual({eventName, ref, sha})
    expect(ctx.payload).toEqual(fixturePayload(name))
  })

  test.each([
    ['pushed commit', 'push_dev', {}, '2020-01-08T10:20:30.000Z'],
    ['offset timestamps are kept as instants', 'push_master', {}, '2021-10-21T21:47:22.000Z'],
    ['head_commit of another sha is not used', 'tag_v1.1.1', {}, undefined],
    ['no commits in the payload', 'pull_request', {}, undefined],
    ['no payload', 'empty', {}, undefined]
  ])('commit date: %s', (_name, event, env, iso) => {
    expect(fixtureContext(event, env).commitDate?.toISOString()).toBe(iso)
  })

  test('commit date: head_commit when the sha matches and commits do not list it', () => {
    const ctx = refContextFromEnv(
      {GITHUB_SHA: 'abc'},
      {
        commits: [{id: 'zzz', timestamp: '2000-01-01T00:00:00Z'}],
        head_commit: {id: 'abc', timestamp: '2001-02-03T04:05:06Z'}
      }
    )
    expect(ctx.commitDate?.toISOString()).toBe('2001-02-03T04:05:06.000Z')
  })

  test('commit date is looked up for the PR head when DOCKER_METADATA_PR_HEAD_SHA is on', () => {
    const payload = {
      pull_request: {head: {sha: SHA_PR_HEAD}},
      commits: [{id: SHA_PR_HEAD, timestamp: '2022-02-02T02:02:02Z'}]
    }
    const env = {GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/1/merge', GITHUB_SHA: SHA_PR}
    expect(refContextFromEnv(env, payload).commitDate).toBeUndefined()
    const ctx = refContextFromEnv({...env, DOCKER_METADATA_PR_HEAD_SHA: 'true'}, payload)
    expect(ctx.commitDate?.toISOString()).toBe('2022-02-02T02:02:02.000Z')
    expect(ctx.sha).toBe(SHA_PR)
  })

  test("pull_request_target without a number keeps metadata-action's literal rewrite", () => {
    expect(
      refContextFromEnv({GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main'}, {}).ref
    ).toBe('refs/pull/undefined/merge')
  })
})

describe('effectiveSha', () => {
  test.each([
    ['pull_request', true, SHA_PR_HEAD],
    ['pull_request', false, SHA_PR],
    ['pull_request_target', true, SHA_PR_HEAD],
    ['push_dev', true, SHA_DEV]
  ])('%s prHeadSha=%s', (event, prHeadSha, sha) => {
    expect(effectiveSha(fixtureContext(event), prHeadSha)).toBe(sha)
  })
})

describe('metaOptionsFromEnv', () => {
  test.each([
    [{}, {shortShaLength: 7, prHeadSha: false, annotationLevels: ['manifest']}],
    [
      {DOCKER_METADATA_SHORT_SHA_LENGTH: '12'},
      {shortShaLength: 12, prHeadSha: false, annotationLevels: ['manifest']}
    ],
    [
      {DOCKER_METADATA_SHORT_SHA_LENGTH: ''},
      {shortShaLength: 7, prHeadSha: false, annotationLevels: ['manifest']}
    ],
    [
      {DOCKER_METADATA_PR_HEAD_SHA: 'true'},
      {shortShaLength: 7, prHeadSha: true, annotationLevels: ['manifest']}
    ],
    [
      {DOCKER_METADATA_PR_HEAD_SHA: 'True'},
      {shortShaLength: 7, prHeadSha: true, annotationLevels: ['manifest']}
    ],
    [
      {DOCKER_METADATA_PR_HEAD_SHA: 'false'},
      {shortShaLength: 7, prHeadSha: false, annotationLevels: ['manifest']}
    ],
    [
      {DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,index'},
      {shortShaLength: 7, prHeadSha: false, annotationLevels: ['manifest', 'index']}
    ],
    [
      {DOCKER_METADATA_ANNOTATIONS_LEVELS: ''},
      {shortShaLength: 7, prHeadSha: false, annotationLevels: ['manifest']}
    ]
  ])('%j', (env, options) => {
    expect(metaOptionsFromEnv(env, NOW)).toEqual({now: NOW, ...options})
  })

  test('a non-number length is kept as NaN (fails later, only if a short sha is needed)', () => {
    expect(metaOptionsFromEnv({DOCKER_METADATA_SHORT_SHA_LENGTH: 'abc'}, NOW).shortShaLength).toBeNaN()
  })
})
