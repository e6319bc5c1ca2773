import {describe, expect, test} from 'vitest'

import {defaultLabels, run, SHA_DEV} from './helpers.js'

describe('labels and annotations', () => {
  test('defaults, sorted by key', () => {
    const meta = run('push_dev', {images: 'user/app'})
    expect(meta.labels).toEqual(defaultLabels('dev', SHA_DEV))
    expect(meta.annotations).toEqual(defaultLabels('dev', SHA_DEV))
    expect(meta.annotationsWithLevels).toEqual(defaultLabels('dev', SHA_DEV).map(a => `manifest:${a}`))
  })

  test('no version: empty version label', () => {
    expect(run('empty', {images: 'user/app'}).labels).toEqual(defaultLabels('', ''))
  })

  test('user entries override by key and are merged into the sorted list; labels and annotations are separate', () => {
    const meta = run('tag_v1.1.1', {
      images: 'org/app\nghcr.io/MyUSER/MyApp',
      tags: 'type=ref,event=tag',
      flavor: 'latest=false',
      labels:
        'maintainer=CrazyMax\norg.opencontainers.image.description=this is a "good" example\norg.opencontainers.image.title=MyCustomTitle\norg.opencontainers.image.vendor=MyCompany',
      annotations:
        'maintainer=Foo\norg.opencontainers.image.description=this is a "bad" example\norg.opencontainers.image.title=MyNotTitle\norg.opencontainers.image.vendor=MyNotCompany'
    })
    expect(meta.labels).toEqual([
      'maintainer=CrazyMax',
      'org.opencontainers.image.created=2020-01-10T00:30:00.000Z',
      'org.opencontainers.image.description=this is a "good" example',
      'org.opencontainers.image.licenses=MIT',
      `org.opencontainers.image.revision=${SHA_DEV}`,
      'org.opencontainers.image.source=https://github.com/octocat/Hello-World',
      'org.opencontainers.image.title=MyCustomTitle',
      'org.opencontainers.image.url=https://github.com/octocat/Hello-World',
      'org.opencontainers.image.vendor=MyCompany',
      'org.opencontainers.image.version=v1.1.1'
    ])
    expect(meta.annotations).toEqual([
      'maintainer=Foo',
      'org.opencontainers.image.created=2020-01-10T00:30:00.000Z',
      'org.opencontainers.image.description=this is a "bad" example',
      'org.opencontainers.image.licenses=MIT',
      `org.opencontainers.image.revision=${SHA_DEV}`,
      'org.opencontainers.image.source=https://github.com/octocat/Hello-World',
      'org.opencontainers.image.title=MyNotTitle',
      'org.opencontainers.image.url=https://github.com/octocat/Hello-World',
      'org.opencontainers.image.vendor=MyNotCompany',
      'org.opencontainers.image.version=v1.1.1'
    ])
  })

  test.each([
    ['an entry without = is dropped', 'invalid', []],
    ['an empty value is kept', 'foo=', ['foo=']],
    [
      'only the first = splits',
      'org.opencontainers.image.title=MyCustom=Title',
      ['org.opencontainers.image.title=MyCustom=Title']
    ],
    ['the last of two equal keys wins', 'k=1\nk=2', ['k=2']],
    ['keys are not trimmed', 'k =1', ['k =1']],
    [
      'comments and # inside values',
      '# comment\nurl=https://example.com/path#readme',
      ['url=https://example.com/path#readme']
    ],
    ['expressions over the whole line', 'branch={{branch}}\n{{branch}}.key=v', ['branch=dev', 'dev.key=v']],
    [
      'commit_date from the pushed commit',
      "built={{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}",
      ['built=2020-01-08T10:20:30.000Z']
    ],
    [
      'created can be replaced',
      "org.opencontainers.image.created={{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}",
      ['org.opencontainers.image.created=2020-01-08T10:20:30.000Z']
    ]
  ])('%s', (_name, labels, extra) => {
    const meta = run('push_dev', {labels})
    const defaults = defaultLabels('dev', SHA_DEV)
    const keys = new Set(extra.map(e => e.split('=')[0]))
    const merged = [...defaults.filter(d => !keys.has(d.split('=')[0])), ...extra]
    expect([...meta.labels].sort()).toEqual(merged.sort())
  })

  test('keys sort with the locale collation (case and punctuation are not code-point order)', () => {
    const meta = run('push_dev', {labels: 'b=1\nB=2\na-b=3\na_b=4\nab=5\nZ=6\n10=7'})
    expect(meta.labels.map(l => l.split('=')[0]).filter(k => !k.startsWith('org.'))).toEqual([
      '10',
      'a_b',
      'a-b',
      'ab',
      'b',
      'B',
      'Z'
    ])
  })

  test('plain lower-case keys sort by code point, like the collation', () => {
    const meta = run('push_dev', {labels: 'zz=1\na.b=2\na0=3\na=4'})
    expect(meta.labels.map(l => l.split('=')[0]).filter(k => !k.startsWith('org.'))).toEqual([
      'a',
      'a.b',
      'a0',
      'zz'
    ])
  })

  test('missing repository metadata gives empty values', () => {
    expect(run('push_dev', {}, {}, {}).labels).toEqual([
      'org.opencontainers.image.created=2020-01-10T00:30:00.000Z',
      'org.opencontainers.image.description=',
      'org.opencontainers.image.licenses=',
      `org.opencontainers.image.revision=${SHA_DEV}`,
      'org.opencontainers.image.source=',
      'org.opencontainers.image.title=',
      'org.opencontainers.image.url=',
      'org.opencontainers.image.version=dev'
    ])
  })

  test.each([
    [{}, ['manifest']],
    [{DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,index'}, ['manifest', 'index']],
    [{DOCKER_METADATA_ANNOTATIONS_LEVELS: 'index'}, ['index']],
    // not trimmed, like metadata-action
    [{DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest, index'}, ['manifest', ' index']]
  ])('annotation levels %j', (env, levels) => {
    const meta = run('push_dev', {annotations: 'a=b'}, env)
    expect(meta.annotationsWithLevels).toEqual(
      levels.flatMap(level => meta.annotations.map(a => `${level}:${a}`))
    )
    expect(meta.annotationsWithLevels[0]).toBe(`${levels[0]}:a=b`)
  })

  test('a bad template names the labels input and line', () => {
    expect(() => run('push_dev', {labels: 'x={{date}}'})).toThrow(/^input 'labels': line "x=\{\{date\}\}"/)
    expect(() => run('push_dev', {annotations: 'x={{#each}}'})).toThrow(
      /^input 'annotations': line "x=\{\{#each\}\}"/
    )
  })
})
