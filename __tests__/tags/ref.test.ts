import {describe, expect, test} from 'vitest'

import {
  defaultLabels,
  expected,
  run,
  SHA_MASTER,
  SHA_PR,
  versionOf,
  type Case,
  type Expected
} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=ref and the default rules', () => {
  test.each<[string, string, Case, Expected]>([
    ['branch push', 'push_dev', {images: 'user/app'}, {main: 'dev', tags: ['user/app:dev']}],
    ['default branch push', 'push_master', {images: 'user/app'}, {main: 'master', tags: ['user/app:master']}],
    ['two images', 'push_dev', {images: two}, {main: 'dev', tags: both(['dev'])}],
    [
      'invalid characters become -',
      'push_invalidchars',
      {images: 'u/a', tags: 'type=ref,event=branch'},
      {main: 'my-feature-1245', tags: ['u/a:my-feature-1245']}
    ],
    [
      'workflow_dispatch on a branch',
      'workflow_dispatch_dev',
      {images: 'u/a'},
      {main: 'dev', tags: ['u/a:dev']}
    ],
    ['create branch event', 'create_branch', {images: 'u/a'}, {main: 'dev', tags: ['u/a:dev']}],
    [
      'git tag gives latest',
      'tag_release1',
      {images: 'user/app'},
      {main: 'release1', latest: true, tags: ['user/app:release1', 'user/app:latest']}
    ],
    [
      'any tag name',
      'tag_20200110-RC2',
      {images: 'user/app'},
      {main: '20200110-RC2', latest: true, tags: ['user/app:20200110-RC2', 'user/app:latest']}
    ],
    [
      'semver tag as-is',
      'tag_v1.1.1',
      {images: two},
      {main: 'v1.1.1', latest: true, tags: both(['v1.1.1', 'latest'])}
    ],
    [
      'pre-release tag still gives latest',
      'tag_v2.0.8-beta.67',
      {images: 'u/a', tags: 'type=ref,event=tag'},
      {main: 'v2.0.8-beta.67', latest: true, tags: ['u/a:v2.0.8-beta.67', 'u/a:latest']}
    ],
    [
      'a slash in the tag becomes -',
      'tag_p1-v1.0.0',
      {images: 'u/a'},
      {main: 'p1-v1.0.0', latest: true, tags: ['u/a:p1-v1.0.0', 'u/a:latest']}
    ],
    [
      'create tag event',
      'create_tag',
      {images: 'u/a'},
      {main: 'v2.1.8-beta.67', latest: true, tags: ['u/a:v2.1.8-beta.67', 'u/a:latest']}
    ],
    [
      'release event',
      'release',
      {images: 'user/app'},
      {main: 'v1.1.1', latest: true, tags: ['user/app:v1.1.1', 'user/app:latest']}
    ],
    [
      'latest=false',
      'tag_v1.1.1',
      {images: two, tags: 'type=ref,event=tag', flavor: 'latest=false'},
      {main: 'v1.1.1', tags: both(['v1.1.1'])}
    ],
    ['pull request preview', 'pull_request', {images: 'user/app'}, {main: 'pr-15', tags: ['user/app:pr-15']}],
    [
      'pull_request_target uses the PR number',
      'pull_request_target',
      {images: 'user/app'},
      {main: 'pr-15', tags: ['user/app:pr-15']}
    ],
    [
      'pr with sha',
      'pull_request',
      {images: two, tags: 'type=ref,event=pr\ntype=sha'},
      {main: 'pr-15', partial: ['sha-a9c8c58'], tags: both(['pr-15', 'sha-a9c8c58'])}
    ],
    [
      'sha first by priority',
      'pull_request',
      {images: two, tags: 'type=sha,priority=2000\ntype=ref,event=pr'},
      {main: 'sha-a9c8c58', partial: ['pr-15'], tags: both(['sha-a9c8c58', 'pr-15'])}
    ],
    [
      'flavor prefix does not replace pr-, suffix applies',
      'pull_request',
      {images: two, tags: 'type=ref,event=pr', flavor: 'prefix=glo-\nsuffix=-bal'},
      {main: 'pr-15-bal', tags: both(['pr-15-bal'])}
    ],
    [
      'explicit empty prefix',
      'pull_request',
      {images: two, tags: 'type=ref,event=pr,prefix=', flavor: 'prefix=glo-\nsuffix=-bal'},
      {main: '15-bal', tags: both(['15-bal'])}
    ],
    [
      'pull_request_target, all ref rules',
      'pull_request_target',
      {
        images: 'org/app',
        tags: 'type=ref,event=tag\ntype=ref,event=pr\ntype=ref,event=branch\ntype=sha\ntype=sha,format=long'
      },
      {
        main: 'pr-15',
        partial: ['sha-2665741', `sha-${SHA_MASTER}`],
        tags: ['org/app:pr-15', 'org/app:sha-2665741', `org/app:sha-${SHA_MASTER}`]
      }
    ],
    [
      'schedule runs the default rules',
      'schedule',
      {images: 'user/app'},
      {main: 'nightly', partial: ['master'], tags: ['user/app:nightly', 'user/app:master']}
    ],
    [
      'branch prefix and suffix expressions',
      'push_dev',
      {images: 'u/a', tags: 'type=ref,event=branch,prefix={{branch}}-,suffix=-{{sha}}'},
      {main: 'dev-dev-860c190', tags: ['u/a:dev-dev-860c190']}
    ],
    [
      'disabled rule',
      'push_dev',
      {images: 'u/a', tags: 'type=ref,event=branch,enable=false\ntype=raw,x'},
      {main: 'x', tags: ['u/a:x']}
    ],
    ['no version for an unknown ref', 'empty', {images: 'user/app'}, {tags: []}]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test('the pull request preview carries the merge commit as revision', () => {
    expect(run('pull_request', {images: 'user/app'}).labels).toEqual(defaultLabels('pr-15', SHA_PR))
  })

  test.each([
    [
      'type=ref',
      /^input 'tags': line "type=ref": attribute 'event' is required for type=ref; add e.g. event=branch$/
    ],
    [
      'type=ref,event=release',
      /line "type=ref,event=release": attribute 'event' must be one of branch, tag, pr, got 'release'/
    ],
    ['type=ref,event=Branch', /got 'Branch'/]
  ])('%s is an input error', (tags, message) => {
    expect(() => run('push_dev', {tags})).toThrow(message)
  })
})
