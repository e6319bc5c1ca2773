import {describe, expect, test} from 'vitest'

import {expected, run, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('latest handling (flavor latest, prefix, suffix, onlatest)', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'auto: semver gives latest',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}'},
      {main: '1.1.1', latest: true, tags: ['u/a:1.1.1', 'u/a:latest']}
    ],
    ['auto: branch does not', 'push_dev', {images: 'u/a'}, {main: 'dev', tags: ['u/a:dev']}],
    [
      'auto: decided by the first rule that produced a value',
      'tag_v1.1.1',
      {images: two, tags: 'type=raw,priority=2000,foo\ntype=ref,event=tag\ntype=edge'},
      {main: 'foo', partial: ['v1.1.1'], tags: both(['foo', 'v1.1.1'])}
    ],
    [
      'auto: a raw rule after a tag keeps latest',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=ref,event=tag\ntype=raw,x'},
      {main: 'v1.1.1', partial: ['x'], latest: true, tags: ['u/a:v1.1.1', 'u/a:x', 'u/a:latest']}
    ],
    [
      'true on a branch',
      'push_dev',
      {images: 'u/a', flavor: 'latest=true'},
      {main: 'dev', latest: true, tags: ['u/a:dev', 'u/a:latest']}
    ],
    [
      'true needs a version',
      'push_dev',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}', flavor: 'latest=true'},
      {latest: false, tags: []}
    ],
    [
      'false on a tag',
      'tag_v1.1.1',
      {images: two, tags: 'type=ref,event=tag', flavor: 'latest=false'},
      {main: 'v1.1.1', tags: both(['v1.1.1'])}
    ],
    [
      'suffix on latest',
      'tag_v1.1.1',
      {
        images: two,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}',
        flavor: 'suffix=-dev,onlatest=true'
      },
      {main: '1.1.1-dev', latest: true, tags: both(['1.1.1-dev', 'latest-dev'])}
    ],
    [
      'prefix and suffix on latest',
      'tag_v1.1.1',
      {
        images: two,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}',
        flavor: 'prefix=foo-,onlatest=true\nsuffix=-dev,onlatest=true'
      },
      {main: 'foo-1.1.1-dev', latest: true, tags: both(['foo-1.1.1-dev', 'foo-latest-dev'])}
    ],
    [
      'without onlatest, latest stays bare',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}', flavor: 'prefix=foo-\nsuffix=-dev'},
      {main: 'foo-1.1.1-dev', latest: true, tags: ['u/a:foo-1.1.1-dev', 'u/a:latest']}
    ],
    [
      'onlatest=false',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}', flavor: 'suffix=-dev,onlatest=false'},
      {main: '1.1.1-dev', latest: true, tags: ['u/a:1.1.1-dev', 'u/a:latest']}
    ],
    [
      'flavor text on latest is not rendered, only sanitized',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}', flavor: 'suffix=-{{sha}},onlatest=true'},
      {main: '1.1.1-860c190', latest: true, tags: ['u/a:1.1.1-860c190', 'u/a:latest--sha-']}
    ],
    [
      'pre-release semver: no latest',
      'tag_v2.0.8-beta.67',
      {images: 'u/a', tags: 'type=semver,pattern={{version}}'},
      {main: '2.0.8-beta.67', tags: ['u/a:2.0.8-beta.67']}
    ],
    [
      'pre-release pep440: no latest',
      'tag_1.2.3rc2',
      {images: 'u/a', tags: 'type=pep440,pattern={{version}}'},
      {main: '1.2.3rc2', tags: ['u/a:1.2.3rc2']}
    ],
    [
      'match always gives latest',
      'tag_v2.0.8-beta.67',
      {images: 'u/a', tags: 'type=match,"pattern=\\d.\\d.\\d"'},
      {main: '2.0.8', latest: true, tags: ['u/a:2.0.8', 'u/a:latest']}
    ],
    [
      'latest=false wins over match',
      'tag_20200110-RC2',
      {images: 'u/a', tags: 'type=match,pattern=\\d{8}', flavor: 'latest=false'},
      {main: '20200110', tags: ['u/a:20200110']}
    ],
    ['pull request: no latest', 'pull_request', {images: 'u/a'}, {main: 'pr-15', tags: ['u/a:pr-15']}]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })
})
