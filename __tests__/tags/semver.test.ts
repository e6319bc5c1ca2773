import {describe, expect, test} from 'vitest'

import {
  defaultLabels,
  expected,
  run,
  SHA_DEV,
  SHA_MASTER,
  versionOf,
  type Case,
  type Expected
} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=semver', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'version, major.minor, major',
      'tag_v1.1.1',
      {
        images: two,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'
      },
      {main: '1.1.1', partial: ['1.1', '1'], latest: true, tags: both(['1.1.1', '1.1', '1', 'latest'])}
    ],
    [
      'duplicates are dropped',
      'tag_v1.1.1',
      {
        images: two,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}'
      },
      {main: '1.1.1', latest: true, tags: both(['1.1.1', 'latest'])}
    ],
    [
      'raw keeps the v',
      'tag_v1.1.1',
      {
        images: 'user/app',
        tags: 'type=semver,pattern={{raw}}\ntype=semver,pattern=v{{major}}\ntype=semver,pattern={{minor}}\ntype=semver,pattern={{patch}}'
      },
      {
        main: 'v1.1.1',
        partial: ['v1', '1'],
        latest: true,
        tags: ['user/app:v1.1.1', 'user/app:v1', 'user/app:1', 'user/app:latest']
      }
    ],
    [
      'pre-release only gets the full version',
      'tag_v2.0.8-beta.67',
      {images: two, tags: 'type=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'},
      {main: '2.0.8-beta.67', tags: both(['2.0.8-beta.67'])}
    ],
    [
      'pre-release with {{version}}',
      'tag_v2.0.8-beta.67',
      {images: 'user/app', tags: 'type=semver,pattern={{version}}'},
      {main: '2.0.8-beta.67', tags: ['user/app:2.0.8-beta.67']}
    ],
    [
      'pre-release honours an exact {{raw}}',
      'tag_v2.0.8-beta.67',
      {images: two, tags: 'type=semver,pattern={{raw}}'},
      {main: 'v2.0.8-beta.67', tags: both(['v2.0.8-beta.67'])}
    ],
    [
      'pre-release ignores a raw that is not alone',
      'tag_v2.0.8-beta.67',
      {images: 'user/app', tags: 'type=semver,pattern=v{{raw}}'},
      {main: '2.0.8-beta.67', tags: ['user/app:2.0.8-beta.67']}
    ],
    [
      'build metadata: version drops it, raw is sanitized',
      'tag_v9.5.7-alpha.2+fork.3.1.8',
      {images: 'user/app', tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{raw}}'},
      {
        main: '9.5.7-alpha.2',
        partial: ['v9.5.7-alpha.2-fork.3.1.8'],
        tags: ['user/app:9.5.7-alpha.2', 'user/app:v9.5.7-alpha.2-fork.3.1.8']
      }
    ],
    [
      'major zero renders 0',
      'tag_v0.1.2',
      {
        images: 'user/app',
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}'
      },
      {
        main: '0.1.2',
        partial: ['0.1', '0'],
        latest: true,
        tags: ['user/app:0.1.2', 'user/app:0.1', 'user/app:0', 'user/app:latest']
      }
    ],
    [
      'major zero can be disabled',
      'tag_v0.1.2',
      {
        images: 'user/app',
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}},enable=false'
      },
      {main: '0.1.2', latest: true, tags: ['user/app:0.1.2', 'user/app:latest']}
    ],
    [
      'match picks group 1 of the tag',
      'tag_p1-v1.0.0',
      {images: 'org/app', tags: 'type=semver,pattern={{version}},"match=v(\\d.\\d.\\d)$"'},
      {main: '1.0.0', latest: true, tags: ['org/app:1.0.0', 'org/app:latest']}
    ],
    [
      'value on a branch event',
      'push_master',
      {
        images: 'user/app',
        tags: 'type=semver,pattern={{version}},value=v1.2.3\ntype=pep440,pattern={{version}},value=v1.2.3\ntype=edge'
      },
      {
        main: '1.2.3',
        partial: ['edge'],
        latest: true,
        tags: ['user/app:1.2.3', 'user/app:edge', 'user/app:latest']
      }
    ],
    [
      'value with match',
      'push_master',
      {
        images: 'user/app',
        tags: 'type=semver,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"\ntype=edge'
      },
      {
        main: '1.2.3',
        partial: ['edge'],
        latest: true,
        tags: ['user/app:1.2.3', 'user/app:edge', 'user/app:latest']
      }
    ],
    [
      'value from an expression',
      'tag_v1.1.1',
      {images: 'user/app', tags: 'type=semver,pattern={{major}},value={{tag}}'},
      {main: '1', latest: true, tags: ['user/app:1', 'user/app:latest']}
    ],
    [
      'prefix and suffix',
      'tag_v1.1.1',
      {images: 'user/app', tags: 'type=semver,pattern={{version}},prefix=v,suffix=-alpine'},
      {main: 'v1.1.1-alpine', latest: true, tags: ['user/app:v1.1.1-alpine', 'user/app:latest']}
    ],
    [
      'nothing on a branch without value',
      'push_dev',
      {images: 'user/app', tags: 'type=semver,pattern={{version}}'},
      {tags: []}
    ],
    [
      'a raw tag outranks it with priority',
      'tag_v2.0.8-beta.67',
      {
        images: two,
        tags: 'type=raw,priority=2000,foo\ntype=semver,pattern={{version}}\ntype=match,"pattern=\\d.\\d"'
      },
      {main: 'foo', partial: ['2.0.8-beta.67', '2.0'], tags: both(['foo', '2.0.8-beta.67', '2.0'])}
    ],
    [
      'unknown attributes are ignored',
      'tag_v1.1.1',
      {images: 'user/app', tags: 'type=semver,pattern={{version}},event=release'},
      {main: '1.1.1', latest: true, tags: ['user/app:1.1.1', 'user/app:latest']}
    ],
    [
      'an empty rendering is skipped',
      'tag_v1.1.1',
      {images: 'user/app', tags: 'type=semver,pattern={{prerelease}}\ntype=semver,pattern={{version}}'},
      {main: '1.1.1', latest: true, tags: ['user/app:1.1.1', 'user/app:latest']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test.each([
    [
      'tag_sometag',
      'type=semver,pattern={{version}}',
      ['sometag is not a valid semver. More info: https://semver.org/']
    ],
    [
      'tag_1.2.3rc2',
      'type=semver,pattern={{version}}',
      ['1.2.3rc2 is not a valid semver. More info: https://semver.org/']
    ],
    [
      'push_dev',
      'type=semver,pattern={{version}},value={{branch}}',
      ['dev is not a valid semver. More info: https://semver.org/']
    ],
    [
      'tag_p1-v1.0.0',
      'type=semver,pattern={{version}}',
      ['p1-v1.0.0 is not a valid semver. More info: https://semver.org/']
    ]
  ])('%s: %s warns and yields nothing', (event, tags, warnings) => {
    const meta = run(event, {images: 'user/app', tags})
    expect(meta.tags).toEqual([])
    expect(meta.warnings).toEqual([
      ...warnings,
      'No Docker image version has been generated. Check tags input.',
      'No Docker tag has been generated. Check tags input.'
    ])
  })

  test('a match that does not match warns and keeps the whole tag', () => {
    const meta = run('tag_v1.1.1', {images: 'user/app', tags: 'type=semver,pattern={{version}},match=^x(.*)'})
    expect(meta.tags).toEqual(['user/app:1.1.1', 'user/app:latest'])
    expect(meta.warnings).toEqual(['^x(.*) does not match v1.1.1.'])
  })

  test('ref,event=tag wins with latest=false on a non-semver tag', () => {
    const meta = run('tag_sometag', {
      images: 'ghcr.io/user/app',
      tags: 'type=ref,event=tag\ntype=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}',
      flavor: 'latest=false'
    })
    expect(versionOf(meta)).toEqual(expected({main: 'sometag', tags: ['ghcr.io/user/app:sometag']}))
  })

  test('labels carry the version and the revision', () => {
    expect(run('tag_v1.1.1', {images: 'user/app', tags: 'type=semver,pattern={{version}}'}).labels).toEqual(
      defaultLabels('1.1.1', SHA_DEV)
    )
    expect(run('push_master', {tags: 'type=semver,pattern={{version}},value=v3.0.0'}).labels).toEqual(
      defaultLabels('3.0.0', SHA_MASTER)
    )
  })

  test.each([
    [
      'type=semver,pattern={{version}},match=v\\d',
      /^input 'tags': line "type=semver,pattern=\{\{version\}\},match=v\\d": attribute 'match' must capture the version in group 1/
    ],
    ['type=semver,pattern={{version}},match=(', /attribute 'match' is not a valid regular expression/],
    [
      'type=semver,pattern={{version',
      /attribute 'pattern': cannot render template "\{\{version": Parse error/
    ]
  ])('%s is an input error', (tags, message) => {
    expect(() => run('tag_v1.1.1', {images: 'user/app', tags})).toThrow(message)
  })
})
