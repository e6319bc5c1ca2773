import {describe, expect, test} from 'vitest'

import {expected, run, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=match', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'digits, latest off',
      'tag_20200110-RC2',
      {images: 'user/app', tags: 'type=match,pattern=\\d{8}', flavor: 'latest=false'},
      {main: '20200110', tags: ['user/app:20200110']}
    ],
    [
      'group 1',
      'tag_20200110-RC2',
      {images: 'user/app', tags: 'type=match,pattern=(.*)-RC,group=1', flavor: 'latest=false'},
      {main: '20200110', tags: ['user/app:20200110']}
    ],
    [
      'latest under auto',
      'tag_20200110-RC2',
      {images: 'user/app', tags: 'type=match,pattern=\\d{8}'},
      {main: '20200110', latest: true, tags: ['user/app:20200110', 'user/app:latest']}
    ],
    [
      'whole tag',
      'tag_20200110-RC2',
      {images: 'user/app', tags: 'type=match,"pattern=^\\d+-RC\\d+"'},
      {main: '20200110-RC2', latest: true, tags: ['user/app:20200110-RC2', 'user/app:latest']}
    ],
    [
      'quoted pattern',
      'tag_v1.1.1',
      {images: two, tags: 'type=match,"pattern=\\d.\\d.\\d"'},
      {main: '1.1.1', latest: true, tags: both(['1.1.1', 'latest'])}
    ],
    [
      'anchored group',
      'tag_v1.1.1',
      {images: two, tags: 'type=match,"pattern=^v(\\d.\\d.\\d)$",group=1'},
      {main: '1.1.1', latest: true, tags: both(['1.1.1', 'latest'])}
    ],
    [
      'pre-release still gives latest',
      'tag_v2.0.8-beta.67',
      {images: two, tags: 'type=match,"pattern=\\d.\\d.\\d-(alpha|beta).\\d+"'},
      {main: '2.0.8-beta.67', latest: true, tags: both(['2.0.8-beta.67', 'latest'])}
    ],
    [
      'partial match',
      'tag_v2.0.8-beta.67',
      {images: two, tags: 'type=match,"pattern=\\d.\\d"'},
      {main: '2.0', latest: true, tags: both(['2.0', 'latest'])}
    ],
    [
      'two groups of one pattern',
      'tag_v2.0.8-beta.67',
      {
        images: two,
        tags: 'type=match,"pattern=v(.*)-beta.(.*)",group=1\ntype=match,"pattern=v(.*)-beta.(.*)",group=2'
      },
      {main: '2.0.8', partial: ['67'], latest: true, tags: both(['2.0.8', '67', 'latest'])}
    ],
    [
      'no images',
      'tag_v2.0.8-beta.67',
      {tags: 'type=match,"pattern=\\d.\\d.\\d"'},
      {main: '2.0.8', latest: true, tags: ['2.0.8', 'latest']}
    ],
    [
      'release1',
      'tag_release1',
      {images: 'user/app', tags: 'type=match,"pattern=^release\\d+"'},
      {main: 'release1', latest: true, tags: ['user/app:release1', 'user/app:latest']}
    ],
    [
      'regex literal with flags; the slash in the tag is kept',
      'tag_p1-v1.0.0',
      {
        images: two,
        tags: 'type=match,"pattern=/^v(\\d.\\d.\\d)$/ig",group=1\ntype=match,pattern=\\d.\\d.\\d\ntype=match,pattern=\\d.\\d\ntype=ref,event=pr\ntype=sha'
      },
      {
        main: '1.0.0',
        partial: ['1.0', 'sha-860c190'],
        latest: true,
        tags: both(['1.0.0', '1.0', 'sha-860c190', 'latest'])
      }
    ],
    [
      'path in the pattern',
      'tag_p1-v1.0.0',
      {
        images: two,
        tags: 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=3\ntype=ref,event=pr\ntype=sha'
      },
      {
        main: '1.0.0',
        partial: ['1.0', 'sha-860c190'],
        latest: true,
        tags: both(['1.0.0', '1.0', 'sha-860c190', 'latest'])
      }
    ],
    [
      'flavor suffix unless the rule sets one',
      'tag_p1-v1.0.0',
      {
        images: two,
        tags: 'type=match,pattern=p1/v(\\d.\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=1,suffix=\ntype=ref,event=pr\ntype=sha',
        flavor: 'suffix=-dev'
      },
      {
        main: '1.0.0-dev',
        partial: ['1.0', 'sha-860c190-dev'],
        latest: true,
        tags: both(['1.0.0-dev', '1.0', 'sha-860c190-dev', 'latest'])
      }
    ],
    [
      'case-insensitive literal',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=match,"pattern=/^V(\\d)/i",group=1'},
      {main: '1', latest: true, tags: ['u/a:1', 'u/a:latest']}
    ],
    [
      'value on a branch',
      'push_master',
      {images: 'user/app', tags: 'type=match,pattern=v(.*),group=1,value=v1.2.3\ntype=edge'},
      {
        main: '1.2.3',
        partial: ['edge'],
        latest: true,
        tags: ['user/app:1.2.3', 'user/app:edge', 'user/app:latest']
      }
    ],
    [
      'disabled',
      'push_master',
      {images: 'user/app', tags: 'type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3\ntype=edge'},
      {main: 'edge', tags: ['user/app:edge']}
    ],
    [
      'nothing on a branch without value',
      'push_dev',
      {images: 'user/app', tags: 'type=match,pattern=\\d{8}\ntype=raw,my', flavor: 'latest=false'},
      {main: 'my', tags: ['user/app:my']}
    ],
    [
      'an empty capture is skipped',
      'tag_v1.1.1',
      {images: 'u/a', tags: 'type=match,pattern=x?(y?),group=1\ntype=raw,b'},
      {main: 'b', tags: ['u/a:b']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test.each([
    ['tag_sometag', 'type=match,"pattern=\\d.\\d"', ['\\d.\\d does not match sometag.']],
    [
      'tag_p1-v1.0.0',
      'type=match,pattern=p1/v(\\d.\\d),group=3',
      ['Group 3 does not exist for p1/v(\\d.\\d) pattern.']
    ],
    // The group is looked up as written: "01" or "" never name a group.
    ['tag_v1.1.1', 'type=match,pattern=v(\\d),group=01', ['Group 01 does not exist for v(\\d) pattern.']],
    ['tag_v1.1.1', 'type=match,pattern=v,group=', ['Group  does not exist for v pattern.']],
    ['tag_v1.1.1', 'type=match,pattern=x(y)?,group=1', ['x(y)? does not match v1.1.1.']]
  ])('%s: %s warns', (event, tags, warnings) => {
    const meta = run(event, {images: 'u/a', tags})
    expect(meta.tags).toEqual([])
    expect(meta.warnings.slice(0, warnings.length)).toEqual(warnings)
  })

  test('quotes do not protect a comma: the list parser removes them before the entry is split', () => {
    // metadata-action's getInputList strips the quotes, so "\d{1,2}" is cut at the comma and the
    // pattern becomes "^release\d{1" (a literal "{1" in a JavaScript regex), which never matches.
    const meta = run('tag_release1', {images: 'user/app', tags: 'type=match,"pattern=^release\\d{1,2}"'})
    expect(meta.tags).toEqual([])
    expect(meta.warnings[0]).toBe('^release\\d{1 does not match 2}.')
  })

  test('an inline # is not a comment: it ends up in the attribute', () => {
    expect(() => run('tag_v1.1.1', {tags: 'type=match,pattern=^v(.*),group=1  # the version'})).toThrow(
      /attribute 'group' must be a number, got '1 {2}# the version'/
    )
  })

  test.each([
    [
      'type=match,pattern=(',
      /^input 'tags': line "type=match,pattern=\(": attribute 'pattern' is not a valid regular expression/
    ],
    ['type=match,pattern=/a/zz', /attribute 'pattern' is not a valid regular expression/],
    ['type=match,pattern=v(.*),group=foo', /attribute 'group' must be a number/]
  ])('%s is an input error', (tags, message) => {
    expect(() => run('tag_v1.1.1', {tags})).toThrow(message)
  })
})
