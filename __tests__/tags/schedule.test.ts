import {describe, expect, test} from 'vitest'

import {defaultLabels, expected, run, SHA_DEV, versionOf, type Case, type Expected} from './helpers.js'

const two = 'org/app\nghcr.io/user/app'
const both = (names: string[]) => [
  ...names.map(n => `org/app:${n}`),
  ...names.map(n => `ghcr.io/user/app:${n}`)
]

describe('type=schedule', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'default nightly plus the branch',
      'schedule',
      {images: 'user/app'},
      {main: 'nightly', partial: ['master'], tags: ['user/app:nightly', 'user/app:master']}
    ],
    [
      'date patterns (commit date falls back to now)',
      'schedule',
      {
        images: 'user/app',
        tags: "type=schedule,pattern={{date 'YYYYMMDD'}}\ntype=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}"
      },
      {
        main: '20200110',
        partial: ['source-date-2020-01-10'],
        tags: ['user/app:20200110', 'user/app:source-date-2020-01-10']
      }
    ],
    [
      'time of day',
      'schedule',
      {images: 'user/app', tags: "type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}"},
      {main: '20200110-003000', tags: ['user/app:20200110-003000']}
    ],
    [
      'two images',
      'schedule',
      {images: two},
      {main: 'nightly', partial: ['master'], tags: both(['nightly', 'master'])}
    ],
    [
      'with sha',
      'schedule',
      {images: two, tags: 'type=schedule\ntype=sha'},
      {main: 'nightly', partial: ['sha-860c190'], tags: both(['nightly', 'sha-860c190'])}
    ],
    [
      'priority and is_default_branch (always true on schedule)',
      'schedule',
      {
        images: two,
        tags: 'type=schedule\ntype=sha,priority=2000\ntype=raw,value=defbranch,enable={{is_default_branch}}'
      },
      {
        main: 'sha-860c190',
        partial: ['nightly', 'defbranch'],
        tags: both(['sha-860c190', 'nightly', 'defbranch'])
      }
    ],
    [
      'flavor prefix and suffix',
      'schedule',
      {images: two, tags: 'type=schedule', flavor: 'prefix=glo-\nsuffix=-bal'},
      {main: 'glo-nightly-bal', tags: both(['glo-nightly-bal'])}
    ],
    [
      'time zones',
      'schedule',
      {
        images: 'user/app',
        tags: "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}\ntype=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}"
      },
      {
        main: '20200110-093000',
        partial: ['src-20200110-093000'],
        tags: ['user/app:20200110-093000', 'user/app:src-20200110-093000']
      }
    ],
    [
      'the pattern knows only dates, not {{branch}}',
      'schedule',
      {images: 'u/a', tags: 'type=schedule,pattern=x{{branch}}y{{sha}}'},
      {main: 'xy', tags: ['u/a:xy']}
    ],
    [
      'but its prefix does',
      'schedule',
      {images: 'u/a', tags: 'type=schedule,prefix={{branch}}-'},
      {main: 'master-nightly', tags: ['u/a:master-nightly']}
    ],
    [
      'latest=true applies',
      'schedule',
      {images: 'u/a', tags: 'type=schedule', flavor: 'latest=true'},
      {main: 'nightly', latest: true, tags: ['u/a:nightly', 'u/a:latest']}
    ],
    [
      'nothing on other events',
      'push_master',
      {images: 'u/a', tags: 'type=schedule\ntype=schedule,pattern=x'},
      {tags: []}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test('labels', () => {
    expect(run('schedule', {images: 'user/app'}).labels).toEqual(defaultLabels('nightly', SHA_DEV))
  })
})
