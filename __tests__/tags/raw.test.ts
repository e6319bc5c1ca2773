import {describe, expect, test} from 'vitest'

import {expected, run, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=raw', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'after a branch',
      'push_dev',
      {images: 'user/app', tags: 'type=ref,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags'},
      {
        main: 'dev',
        partial: ['my', 'custom', 'tags'],
        tags: ['user/app:dev', 'user/app:my', 'user/app:custom', 'user/app:tags']
      }
    ],
    [
      'one raw',
      'push_dev',
      {images: 'user/app', tags: 'type=ref,event=branch\ntype=raw,my'},
      {main: 'dev', partial: ['my'], tags: ['user/app:dev', 'user/app:my']}
    ],
    [
      'latest comes last, after raw tags',
      'tag_release1',
      {images: 'user/app', tags: 'type=ref,event=tag\ntype=raw,my\ntype=raw,custom\ntype=raw,tags'},
      {
        main: 'release1',
        partial: ['my', 'custom', 'tags'],
        latest: true,
        tags: ['user/app:release1', 'user/app:my', 'user/app:custom', 'user/app:tags', 'user/app:latest']
      }
    ],
    [
      'after match, latest off',
      'tag_20200110-RC2',
      {
        images: 'user/app',
        tags: 'type=match,pattern=\\d{8}\ntype=raw,my\ntype=raw,custom\ntype=raw,tags',
        flavor: 'latest=false'
      },
      {
        main: '20200110',
        partial: ['my', 'custom', 'tags'],
        tags: ['user/app:20200110', 'user/app:my', 'user/app:custom', 'user/app:tags']
      }
    ],
    [
      'after semver',
      'tag_v1.1.1',
      {
        images: two,
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}\ntype=raw,my\ntype=raw,custom\ntype=raw,tags'
      },
      {
        main: '1.1.1',
        partial: ['1.1', '1', 'my', 'custom', 'tags'],
        latest: true,
        tags: both(['1.1.1', '1.1', '1', 'my', 'custom', 'tags', 'latest'])
      }
    ],
    [
      'only raw on a tag: no latest',
      'tag_v1.1.1',
      {images: two, tags: 'type=raw,my\ntype=raw,custom\ntype=raw,tags'},
      {main: 'my', partial: ['custom', 'tags'], tags: both(['my', 'custom', 'tags'])}
    ],
    [
      'latest=true, low-priority branch last',
      'push_dev',
      {
        images: 'user/app',
        tags: 'type=ref,priority=90,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags',
        flavor: 'latest=true'
      },
      {
        main: 'my',
        partial: ['custom', 'tags', 'dev'],
        latest: true,
        tags: ['user/app:my', 'user/app:custom', 'user/app:tags', 'user/app:dev', 'user/app:latest']
      }
    ],
    [
      'own prefix/suffix vs flavor',
      'push_dev',
      {
        images: 'user/app',
        tags: 'type=match,pattern=\\d{8}\ntype=raw,my,prefix=foo-,suffix=-bar\ntype=raw,custom\ntype=raw,tags',
        flavor: 'latest=false\nprefix=glo-\nsuffix=-bal'
      },
      {
        main: 'foo-my-bar',
        partial: ['glo-custom-bal', 'glo-tags-bal'],
        tags: ['user/app:foo-my-bar', 'user/app:glo-custom-bal', 'user/app:glo-tags-bal']
      }
    ],
    [
      'enable true/false',
      'push_dev',
      {
        images: 'user/app',
        tags: 'type=raw,foo\ntype=raw,bar,enable=false\ntype=raw,baz,enable=true',
        flavor: 'latest=false'
      },
      {main: 'foo', partial: ['baz'], tags: ['user/app:foo', 'user/app:baz']}
    ],
    [
      'bare entries are raw',
      'push_dev',
      {images: 'u/a', tags: 'foo\nbar'},
      {main: 'foo', partial: ['bar'], tags: ['u/a:foo', 'u/a:bar']}
    ],
    [
      'duplicates collapse',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value=dup\ntype=raw,value=x\ntype=raw,value=dup\ntype=raw,value=x'},
      {main: 'dup', partial: ['x'], tags: ['u/a:dup', 'u/a:x']}
    ],
    [
      'empty value is skipped',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value=\ntype=raw,value=b'},
      {main: 'b', tags: ['u/a:b']}
    ],
    [
      'a trailing comma empties the value',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value=foo,\ntype=raw,value=b'},
      {main: 'b', tags: ['u/a:b']}
    ],
    [
      'a quoted comma does not survive list parsing',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,"value=a,b"'},
      {main: 'b', tags: ['u/a:b']}
    ],
    [
      'a leading = is part of the value',
      'push_dev',
      {images: 'u/a', tags: '=x'},
      {main: '-x', tags: ['u/a:-x']}
    ],
    [
      'value latest with latest=true is listed twice',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value=latest', flavor: 'latest=true'},
      {main: 'latest', latest: true, tags: ['u/a:latest', 'u/a:latest']}
    ],
    [
      'latest on the default branch only',
      'push_master',
      {images: 'u/a', tags: 'type=ref,event=branch\ntype=raw,value=latest,enable={{is_default_branch}}'},
      {main: 'master', partial: ['latest'], tags: ['u/a:master', 'u/a:latest']}
    ],
    [
      'latest on the default branch only (other branch)',
      'push_dev',
      {images: 'u/a', tags: 'type=ref,event=branch\ntype=raw,value=latest,enable={{is_default_branch}}'},
      {main: 'dev', tags: ['u/a:dev']}
    ],
    [
      'block helpers work',
      'push_master',
      {images: 'u/a', tags: 'type=raw,value={{#if is_default_branch}}stable{{else}}dev{{/if}}'},
      {main: 'stable', tags: ['u/a:stable']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test.each([
    [
      'type=raw',
      /^input 'tags': line "type=raw": attribute 'value' is required for type=raw; add e.g. value=latest$/
    ],
    [
      'type=raw,value=x,enable=yes',
      /line "type=raw,value=x,enable=yes": attribute 'enable' must render to true or false, got 'yes'/
    ],
    ['type=raw,value=x,enable=True', /attribute 'enable' must render to true or false, got 'True'/],
    ['type=raw,value={{branch', /line "type=raw,value=\{\{branch": attribute 'value': cannot render template/]
  ])('%s is an input error', (tags, message) => {
    expect(() => run('push_dev', {tags})).toThrow(message)
  })
})
