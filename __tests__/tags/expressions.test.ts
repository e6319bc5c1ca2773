import {describe, expect, test} from 'vitest'

import {expected, run, runCtx, versionOf, type Case, type Expected} from './helpers.js'

describe('global expressions', () => {
  test.each<[string, string, Case, Expected]>([
    [
      'every expression on the default branch',
      'push_master',
      {
        images: 'user/app',
        tags: [
          'type=raw,value=mytag-{{branch}}',
          "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
          "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}",
          "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
          'type=raw,value=mytag-tag-{{tag}}',
          'type=raw,value=mytag-baseref-{{base_ref}}',
          'type=raw,value=mytag-defbranch,enable={{is_default_branch}}'
        ].join('\n')
      },
      {
        main: 'mytag-master',
        // commit_date is the pushed commit's (2021-10-21T23:47:22+02:00), in UTC
        partial: [
          'mytag-20200110',
          'mytag-cd-20211021',
          'mytag-20200110-093000',
          'mytag-tag-',
          'mytag-baseref-',
          'mytag-defbranch'
        ],
        tags: [
          'user/app:mytag-master',
          'user/app:mytag-20200110',
          'user/app:mytag-cd-20211021',
          'user/app:mytag-20200110-093000',
          'user/app:mytag-tag-',
          'user/app:mytag-baseref-',
          'user/app:mytag-defbranch'
        ]
      }
    ],
    [
      'not the default branch',
      'push_dev',
      {
        images: 'org/app',
        tags: 'type=edge,branch=master\ntype=sha,format=long\ntype=raw,value=notdefbranch,enable={{is_not_default_branch}}\ntype=raw,value=defbranch,enable={{is_default_branch}}'
      },
      {
        main: 'notdefbranch',
        partial: ['sha-860c1904a1ce19322e91ac35af1ab07466440c37'],
        tags: ['org/app:notdefbranch', 'org/app:sha-860c1904a1ce19322e91ac35af1ab07466440c37']
      }
    ],
    [
      'tag, sha and base_ref on a tag push',
      'tag_v1.1.1',
      {
        images: 'org/app',
        tags: 'type=raw,{{tag}}-{{sha}}-foo\ntype=raw,{{base_ref}}-foo\ntype=raw,defbranch-foo,enable={{is_default_branch}}'
      },
      {
        main: 'v1.1.1-860c190-foo',
        partial: ['master-foo'],
        tags: ['org/app:v1.1.1-860c190-foo', 'org/app:master-foo']
      }
    ],
    [
      'base_ref on a pull request',
      'pull_request',
      {
        images: 'org/app',
        tags: 'type=raw,value=mytag-{{base_ref}}\ntype=raw,mytag-defbranch,enable={{is_default_branch}}\ntype=raw,b-{{branch}}'
      },
      {main: 'mytag-master', partial: ['b-'], tags: ['org/app:mytag-master', 'org/app:b-']}
    ],
    [
      'base_ref on pull_request_target',
      'pull_request_target',
      {
        images: 'org/app',
        tags: 'type=raw,value=mytag-{{base_ref}}\ntype=raw,mytag-defbranch,enable={{is_default_branch}}'
      },
      {main: 'mytag-master', tags: ['org/app:mytag-master']}
    ],
    [
      'release: no base_ref, not the default branch',
      'release',
      {
        images: 'user/app',
        tags: 'type=ref,event=tag\ntype=raw,value=baseref-{{base_ref}}\ntype=raw,value=defbranch,enable={{is_default_branch}}'
      },
      {
        main: 'v1.1.1',
        partial: ['baseref-'],
        latest: true,
        tags: ['user/app:v1.1.1', 'user/app:baseref-', 'user/app:latest']
      }
    ],
    [
      'create counts as the default branch, even for a tag',
      'create_tag',
      {images: 'u/a', tags: 'type=raw,value=defbranch,enable={{is_default_branch}}'},
      {main: 'defbranch', tags: ['u/a:defbranch']}
    ],
    [
      'issues counts as the default branch',
      'issue_opened',
      {images: 'u/a', tags: 'type=raw,value=defbranch,enable={{is_default_branch}}'},
      {main: 'defbranch', tags: ['u/a:defbranch']}
    ],
    [
      'discussion counts as the default branch',
      'discussion',
      {images: 'u/a', tags: 'type=raw,value=defbranch,enable={{is_default_branch}}'},
      {main: 'defbranch', tags: ['u/a:defbranch']}
    ],
    [
      'workflow_dispatch on another branch is not',
      'workflow_dispatch_dev',
      {images: 'u/a', tags: 'type=raw,value=defbranch,enable={{is_default_branch}}\ntype=raw,other'},
      {main: 'other', tags: ['u/a:other']}
    ],
    [
      "unquoted format is moment's default ISO format",
      'pull_request',
      {images: 'org/app', tags: 'type=raw,value={{commit_date YYYY-MM-DD-HHmmSS}}'},
      {main: '2020-01-10T00-30-00Z', tags: ['org/app:2020-01-10T00-30-00Z']}
    ],
    [
      'commit_date falls back to now when the payload has none for the sha',
      'tag_v1.1.1',
      {
        images: 'u/a',
        tags: "type=raw,value=src-{{commit_date 'YYYYMMDD-HHmmss'}}\ntype=raw,value={{date 'YYYYMMDD-HHmmss'}}"
      },
      {
        main: 'src-20200110-003000',
        partial: ['20200110-003000'],
        tags: ['u/a:src-20200110-003000', 'u/a:20200110-003000']
      }
    ],
    [
      'long formats',
      'push_dev',
      {images: 'u/a', tags: "type=raw,value={{date 'dddd MMMM Do YYYY h:mm:ss a'}}"},
      {main: 'Friday-January-10th-2020-12-30-00-am', tags: ['u/a:Friday-January-10th-2020-12-30-00-am']}
    ],
    // A tags entry is split at every comma, even inside {{…}}: the last bare field becomes the value.
    [
      'a comma inside an expression splits the entry',
      'push_dev',
      {images: 'u/a', tags: "type=raw,value={{date 'dddd, MMMM Do YYYY, h:mm:ss a'}}"},
      {main: 'h-mm-ss-a-', tags: ['u/a:h-mm-ss-a-']}
    ],
    [
      'expressions in flavor prefix and suffix',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,x', flavor: 'prefix={{branch}}-\nsuffix=-{{sha}}'},
      {main: 'dev-x-860c190', tags: ['u/a:dev-x-860c190']}
    ],
    [
      'triple-stash skips HTML escaping',
      'push_dev',
      {images: 'u/a', tags: 'type=raw,value={{{branch}}}'},
      {main: 'dev', tags: ['u/a:dev']}
    ]
  ])('%s (%s)', (_name, event, c, e) => {
    expect(versionOf(run(event, c))).toEqual(expected(e))
  })

  test.each([
    // Handlebars HTML-escapes {{…}} output; the escaped text is then sanitized.
    ['refs/heads/feat&x', 'type=raw,value={{branch}}', ['feat-amp-x']],
    ['refs/heads/feat&x', 'type=raw,value={{{branch}}}', ['feat-x']],
    ['refs/heads/a=b', 'type=raw,value={{branch}}', ['a-x3D-b']],
    ['refs/tags/v1', 'type=raw,value=b{{branch}}\ntype=raw,value=t{{tag}}', ['b', 't' + 'v1']],
    ['refs/pull/7/merge', 'type=raw,value=b{{branch}}t{{tag}}', ['bt']],
    ['refs/pull/7/head', 'type=ref,event=pr', ['pr-7-head']]
  ])('%s: %s', (ref, tags, expectedTags) => {
    expect(runCtx({ref}, {tags}).tags).toEqual(expectedTags)
  })

  test('labels are not split at commas, so any format works there', () => {
    const meta = run('push_dev', {labels: "built={{date 'dddd, MMMM Do YYYY, h:mm:ss a'}}"})
    expect(meta.labels[0]).toBe('built=Friday, January 10th 2020, 12:30:00 am')
  })

  test('is_default_branch compares the payload default branch', () => {
    const payload = {repository: {default_branch: 'main'}}
    expect(
      runCtx(
        {ref: 'refs/heads/main', payload},
        {tags: 'type=raw,d,enable={{is_default_branch}}\ntype=raw,n,enable={{is_not_default_branch}}'}
      ).tags
    ).toEqual(['d'])
    expect(
      runCtx(
        {ref: 'refs/heads/dev', payload},
        {tags: 'type=raw,d,enable={{is_default_branch}}\ntype=raw,n,enable={{is_not_default_branch}}'}
      ).tags
    ).toEqual(['n'])
    expect(
      runCtx({ref: '', eventName: 'schedule', payload}, {tags: 'type=raw,n,enable={{is_not_default_branch}}'})
        .tags
    ).toEqual(['n'])
  })

  test('an unknown time zone warns and uses UTC', () => {
    const meta = runCtx({}, {tags: "type=raw,value={{date 'HHmm' tz='Mars/Olympus'}}"})
    expect(meta.tags).toEqual(['0030'])
    expect(meta.warnings).toEqual([
      `Unknown time zone 'Mars/Olympus' in tags line "type=raw,value={{date 'HHmm' tz='Mars/Olympus'}}"; using UTC`
    ])
  })

  test.each([
    [
      'type=raw,value={{date}}',
      /^input 'tags': line "type=raw,value=\{\{date\}\}": attribute 'value': \{\{date\}\} takes exactly one format argument/
    ],
    ["type=raw,value={{date 'a' 'b'}}", /takes exactly one format argument/],
    [
      "type=raw,value={{commit_date 'YYYY' foo='bar'}}",
      /attribute 'value': unknown commit_date attribute 'foo' \(only tz is supported\)/
    ],
    ["type=raw,value={{date 'YYYY' tz=5}}", /date tz must be a non-empty time zone name/],
    ["type=raw,value={{date 'YYYY' tz=''}}", /date tz must be a non-empty time zone name/],
    ['type=raw,value={{date 5}}', /date format must be a quoted string/],
    ['type=raw,value=x,prefix={{#if}}', /attribute 'prefix': cannot render template/],
    ['type=raw,value=x,enable={{branch}}', /attribute 'enable' must render to true or false, got 'main'/]
  ])('%s is an input error', (tags, message) => {
    expect(() => runCtx({}, {tags})).toThrow(message)
  })

  test('a bad flavor template names the flavor input', () => {
    expect(() => runCtx({}, {tags: 'type=raw,x', flavor: 'suffix={{date}}'})).toThrow(
      /^input 'flavor': line "suffix=\{\{date\}\}": attribute 'suffix'/
    )
  })
})
