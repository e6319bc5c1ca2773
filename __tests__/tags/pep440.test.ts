import {describe, expect, test} from 'vitest'

import {expected, run, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=pep440', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'raw and major.minor',
      'tag_v1.1.1',
      {images: 'org/app', tags: 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{major}}.{{minor}}'},
      {
        main: 'v1.1.1',
        partial: ['1.1'],
        latest: true,
        tags: ['org/app:v1.1.1', 'org/app:1.1', 'org/app:latest']
      }
    ],
    [
      'all parts',
      'tag_v1.1.1',
      {
        images: 'org/app',
        tags: 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}.{{patch}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'
      },
      {
        main: '1.1.1',
        partial: ['1.1', '1'],
        latest: true,
        tags: ['org/app:1.1.1', 'org/app:1.1', 'org/app:1', 'org/app:latest']
      }
    ],
    [
      'two-part version',
      'tag_1.2',
      {images: 'org/app', tags: 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}'},
      {main: '1.2', latest: true, tags: ['org/app:1.2', 'org/app:latest']}
    ],
    [
      'missing patch renders 0',
      'tag_1.2',
      {images: 'org/app', tags: 'type=pep440,pattern={{major}}.{{minor}}.{{patch}}'},
      {main: '1.2.0', latest: true, tags: ['org/app:1.2.0', 'org/app:latest']}
    ],
    [
      'beta is normalised, no latest',
      'tag_1.1beta2',
      {images: two, tags: 'type=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'},
      {main: '1.1b2', tags: both(['1.1b2'])}
    ],
    [
      'dev release',
      'tag_1.0dev4',
      {images: two, tags: 'type=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'},
      {main: '1.0.dev4', tags: both(['1.0.dev4'])}
    ],
    [
      'rc keeps only the version',
      'tag_1.2.3rc2',
      {
        images: two,
        tags: 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'
      },
      {main: '1.2.3rc2', tags: both(['1.2.3rc2'])}
    ],
    [
      'post release',
      'tag_1.2post1',
      {
        images: 'org/app',
        tags: 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'
      },
      {main: '1.2.post1', tags: ['org/app:1.2.post1']}
    ],
    [
      'pre-release raw keeps the v',
      'tag_v1.2.3rc2',
      {images: two, tags: 'type=pep440,pattern={{raw}}\ntype=pep440,pattern={{major}}.{{minor}}'},
      {main: 'v1.2.3rc2', partial: ['1.2.3rc2'], tags: both(['v1.2.3rc2', '1.2.3rc2'])}
    ],
    [
      'local version of a pre-release (the library joins its parts with commas)',
      'tag_v9.5.7-alpha.2+fork.3.1.8',
      {images: 'org/app', tags: 'type=pep440,pattern={{version}}'},
      {main: '9.5.7a2-fork-3-1-8', tags: ['org/app:9.5.7a2-fork-3-1-8']}
    ],
    [
      'no images gives bare tags',
      'tag_v1.1.1',
      {
        tags: 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}.{{patch}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'
      },
      {main: '1.1.1', partial: ['1.1', '1'], latest: true, tags: ['1.1.1', '1.1', '1', 'latest']}
    ],
    [
      'match',
      'tag_p1-v1.0.0',
      {images: 'org/app', tags: 'type=pep440,pattern={{version}},"match=v(\\d.\\d.\\d)$"'},
      {main: '1.0.0', latest: true, tags: ['org/app:1.0.0', 'org/app:latest']}
    ],
    [
      'value on a branch',
      'push_master',
      {
        images: 'user/app',
        tags: 'type=pep440,pattern={{version}},value=p1/v1.2.3,"match=v(\\d.\\d.\\d)$"\ntype=edge'
      },
      {
        main: '1.2.3',
        partial: ['edge'],
        latest: true,
        tags: ['user/app:1.2.3', 'user/app:edge', 'user/app:latest']
      }
    ],
    [
      'epoch is sanitized',
      'push_master',
      {images: 'user/app', tags: 'type=pep440,pattern={{version}},value=1!2.0'},
      {main: '1-2.0', latest: true, tags: ['user/app:1-2.0', 'user/app:latest']}
    ],
    [
      'upper-case V is accepted',
      'push_master',
      {images: 'user/app', tags: 'type=pep440,pattern={{version}},value=V3.4'},
      {main: '3.4', latest: true, tags: ['user/app:3.4', 'user/app:latest']}
    ],
    [
      'unknown variables render empty',
      'tag_v1.1.1',
      {images: 'user/app', tags: 'type=pep440,pattern=x{{build}}'},
      {main: 'x', latest: true, tags: ['user/app:x', 'user/app:latest']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test('an invalid version warns', () => {
    const meta = run('tag_sometag', {
      images: 'ghcr.io/user/app',
      tags: 'type=ref,event=tag\ntype=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}',
      flavor: 'latest=false'
    })
    expect(versionOf(meta)).toEqual(expected({main: 'sometag', tags: ['ghcr.io/user/app:sometag']}))
    expect(meta.warnings).toEqual([
      'sometag does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440',
      'sometag does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440'
    ])
  })

  test('a match that does not match warns and goes on with the whole tag', () => {
    const meta = run('tag_v1.1.1', {images: 'u/a', tags: 'type=pep440,pattern={{version}},match=nomatch(x)'})
    expect(meta.tags).toEqual(['u/a:1.1.1', 'u/a:latest'])
    expect(meta.warnings).toEqual(['nomatch(x) does not match v1.1.1.'])
  })

  test('nothing on a branch without value', () => {
    expect(run('push_dev', {tags: 'type=pep440,pattern={{version}}'}).tags).toEqual([])
  })
})
