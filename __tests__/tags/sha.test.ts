import {describe, expect, test} from 'vitest'

import {
  defaultLabels,
  expected,
  run,
  SHA_DEV,
  SHA_MASTER,
  SHA_PR,
  SHA_PR_HEAD,
  versionOf,
  type Case,
  type Expected
} from './helpers.js'

describe('type=sha', () => {
  test.each<[string, string, Case, Record<string, string>, Expected]>([
    [
      'short by default',
      'push_dev',
      {images: 'u/a', tags: 'type=sha'},
      {},
      {main: 'sha-860c190', tags: ['u/a:sha-860c190']}
    ],
    [
      'long',
      'push_dev',
      {images: 'u/a', tags: 'type=ref,event=branch\ntype=sha,format=long'},
      {},
      {main: 'dev', partial: [`sha-${SHA_DEV}`], tags: ['u/a:dev', `u/a:sha-${SHA_DEV}`]}
    ],
    [
      'no prefix',
      'push_dev',
      {images: 'u/a', tags: 'type=sha,prefix='},
      {},
      {main: '860c190', tags: ['u/a:860c190']}
    ],
    [
      'expression prefix',
      'push_dev',
      {images: 'u/a', tags: 'type=sha,prefix={{branch}}-'},
      {},
      {main: 'dev-860c190', tags: ['u/a:dev-860c190']}
    ],
    [
      'flavor prefix never applies, suffix does',
      'push_dev',
      {images: 'u/a', tags: 'type=sha', flavor: 'prefix=glo-\nsuffix=-bal'},
      {},
      {main: 'sha-860c190-bal', tags: ['u/a:sha-860c190-bal']}
    ],
    [
      'DOCKER_METADATA_SHORT_SHA_LENGTH=12',
      'push_dev',
      {images: 'u/a', tags: 'type=sha'},
      {DOCKER_METADATA_SHORT_SHA_LENGTH: '12'},
      {main: 'sha-860c1904a1ce', tags: ['u/a:sha-860c1904a1ce']}
    ],
    [
      'a length past the end keeps the whole sha',
      'push_dev',
      {images: 'u/a', tags: 'type=sha'},
      {DOCKER_METADATA_SHORT_SHA_LENGTH: '50'},
      {main: `sha-${SHA_DEV}`, tags: [`u/a:sha-${SHA_DEV}`]}
    ],
    [
      '{{sha}} follows the length too',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value=x-{{sha}}'},
      {DOCKER_METADATA_SHORT_SHA_LENGTH: '10'},
      {main: 'x-860c1904a1', tags: ['u/a:x-860c1904a1']}
    ],
    [
      'the merge commit on a pull request',
      'pull_request',
      {images: 'u/a', tags: 'type=sha'},
      {},
      {main: 'sha-a9c8c58', tags: ['u/a:sha-a9c8c58']}
    ],
    [
      'the PR head with DOCKER_METADATA_PR_HEAD_SHA',
      'pull_request',
      {images: 'u/a', tags: 'type=ref,event=pr\ntype=sha'},
      {DOCKER_METADATA_PR_HEAD_SHA: 'true'},
      {main: 'pr-15', partial: ['sha-3370e22'], tags: ['u/a:pr-15', 'u/a:sha-3370e22']}
    ],
    [
      'PR head on pull_request_target',
      'pull_request_target',
      {images: 'u/a', tags: 'type=sha,priority=2000\ntype=ref,event=pr'},
      {DOCKER_METADATA_PR_HEAD_SHA: 'true'},
      {main: 'sha-3370e22', partial: ['pr-15'], tags: ['u/a:sha-3370e22', 'u/a:pr-15']}
    ],
    [
      'PR head sha is ignored on a push',
      'push_master',
      {images: 'u/a', tags: 'type=sha'},
      {DOCKER_METADATA_PR_HEAD_SHA: 'true'},
      {main: 'sha-2665741', tags: ['u/a:sha-2665741']}
    ],
    [
      'nothing without a sha',
      'empty',
      {images: 'user/app', tags: 'type=sha\ntype=raw,{{branch}}'},
      {},
      {tags: []}
    ]
  ])('%s (%s)', (_name, event, c, env, e) => {
    expect(versionOf(run(event, c, env))).toEqual(expected(e))
  })

  test('the revision label follows the PR head sha', () => {
    expect(run('pull_request', {images: 'u/a'}, {DOCKER_METADATA_PR_HEAD_SHA: 'true'}).labels).toEqual(
      defaultLabels('pr-15', SHA_PR_HEAD)
    )
    expect(run('pull_request', {images: 'u/a'}).labels).toEqual(defaultLabels('pr-15', SHA_PR))
    expect(run('pull_request_target', {images: 'u/a'}).labels).toEqual(defaultLabels('pr-15', SHA_MASTER))
  })

  test('an invalid DOCKER_METADATA_SHORT_SHA_LENGTH fails only when a short sha is needed', () => {
    const env = {DOCKER_METADATA_SHORT_SHA_LENGTH: 'twelve'}
    expect(() => run('push_dev', {tags: 'type=sha'}, env)).toThrow(
      /DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number/
    )
    expect(run('push_dev', {tags: 'type=sha,format=long'}, env).tags).toEqual([`sha-${SHA_DEV}`])
  })

  test('format=foo is an input error', () => {
    expect(() => run('push_dev', {tags: 'type=sha,format=foo'})).toThrow(
      /line "type=sha,format=foo": attribute 'format' must be short or long, got 'foo'/
    )
  })
})
