import {describe, expect, test} from 'vitest'

import {expected, REPO, run, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=edge', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'default branch push',
      'push_master',
      {images: 'user/app', tags: 'type=edge'},
      {main: 'edge', tags: ['user/app:edge']}
    ],
    [
      'workflow_dispatch on the default branch',
      'workflow_dispatch',
      {images: 'user/app', tags: 'type=edge'},
      {main: 'edge', tags: ['user/app:edge']}
    ],
    ['two images', 'push_master', {images: two, tags: 'type=edge'}, {main: 'edge', tags: both(['edge'])}],
    [
      'with sha',
      'push_master',
      {images: two, tags: 'type=edge\ntype=sha'},
      {main: 'edge', partial: ['sha-2665741'], tags: both(['edge', 'sha-2665741'])}
    ],
    [
      'explicit branch',
      'push_dev',
      {images: two, tags: 'type=edge,branch=dev\ntype=sha'},
      {main: 'edge', partial: ['sha-860c190'], tags: both(['edge', 'sha-860c190'])}
    ],
    [
      'explicit branch, other push',
      'push_master',
      {images: two, tags: 'type=edge,branch=dev\ntype=sha'},
      {main: 'sha-2665741', tags: both(['sha-2665741'])}
    ],
    [
      'not the default branch',
      'push_invalidchars',
      {images: two, tags: 'type=edge\ntype=sha'},
      {main: 'sha-983315b', tags: both(['sha-983315b'])}
    ],
    ['never on a tag', 'tag_v1.1.1', {images: 'u/a', tags: 'type=edge\ntype=edge,branch=master'}, {tags: []}],
    ['never on a pull request', 'pull_request', {images: 'u/a', tags: 'type=edge'}, {tags: []}],
    [
      'a ref rule outranks it with priority',
      'push_master',
      {images: 'user/app', tags: 'type=ref,priority=2000,event=branch\ntype=edge'},
      {main: 'master', partial: ['edge'], tags: ['user/app:master', 'user/app:edge']}
    ],
    [
      'flavor prefix and suffix apply',
      'push_master',
      {images: 'u/a', tags: 'type=edge', flavor: 'prefix=glo-\nsuffix=-bal'},
      {main: 'glo-edge-bal', tags: ['u/a:glo-edge-bal']}
    ],
    [
      'own prefix wins over the flavor',
      'push_master',
      {images: 'u/a', tags: 'type=edge,prefix=', flavor: 'prefix=glo-'},
      {main: 'edge', tags: ['u/a:edge']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test('the default branch comes from the repository API, not the payload', () => {
    const meta = run('push_dev', {images: 'u/a', tags: 'type=edge'}, {}, {...REPO, defaultBranch: 'dev'})
    expect(meta.tags).toEqual(['u/a:edge'])
  })

  test('without repository metadata only an explicit branch works', () => {
    expect(run('push_master', {images: 'u/a', tags: 'type=edge'}, {}, {}).tags).toEqual([])
    expect(run('push_master', {images: 'u/a', tags: 'type=edge,branch=master'}, {}, {}).tags).toEqual([
      'u/a:edge'
    ])
  })
})
