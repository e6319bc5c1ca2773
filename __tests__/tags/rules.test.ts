import {describe, expect, test} from 'vitest'

import {DEFAULT_PRIORITIES, parseRule, parseRules} from '../../src/tags/rules.js'

const attrs = (o: Record<string, string>) => o

describe('parseRule: defaults per type', () => {
  test.each([
    ['type=schedule', 'schedule', attrs({pattern: 'nightly', enable: 'true', priority: '1000'})],
    [
      `type=schedule,enable=true,pattern={{date 'YYYYMMDD' tz='Asia/Tokyo'}}`,
      'schedule',
      attrs({enable: 'true', pattern: `{{date 'YYYYMMDD' tz='Asia/Tokyo'}}`, priority: '1000'})
    ],
    [
      'type=semver,pattern={{version}}',
      'semver',
      attrs({pattern: '{{version}}', value: '', match: '', enable: 'true', priority: '900'})
    ],
    [
      'type=semver,priority=1,pattern={{version}},value=p1/v1.0.0,"match=v(\\d.\\d.\\d)$"',
      'semver',
      attrs({
        priority: '1',
        pattern: '{{version}}',
        value: 'p1/v1.0.0',
        match: 'v(\\d.\\d.\\d)$',
        enable: 'true'
      })
    ],
    [
      'type=pep440,pattern={{raw}}',
      'pep440',
      attrs({pattern: '{{raw}}', value: '', match: '', enable: 'true', priority: '900'})
    ],
    [
      'type=match,pattern=v(.*),group=1',
      'match',
      attrs({pattern: 'v(.*)', group: '1', value: '', enable: 'true', priority: '800'})
    ],
    [
      'type=match,"pattern=\\d.\\d.\\d"',
      'match',
      attrs({pattern: '\\d.\\d.\\d', group: '0', value: '', enable: 'true', priority: '800'})
    ],
    ['type=edge', 'edge', attrs({branch: '', enable: 'true', priority: '700'})],
    [
      'type=edge,enable=true,branch=master',
      'edge',
      attrs({enable: 'true', branch: 'master', priority: '700'})
    ],
    ['type=ref,event=branch', 'ref', attrs({event: 'branch', enable: 'true', priority: '600'})],
    ['type=ref,event=tag', 'ref', attrs({event: 'tag', enable: 'true', priority: '600'})],
    ['type=ref,event=pr', 'ref', attrs({event: 'pr', prefix: 'pr-', enable: 'true', priority: '600'})],
    ['type=ref,event=pr,prefix=', 'ref', attrs({event: 'pr', prefix: '', enable: 'true', priority: '600'})],
    ['type=raw,value=acustomtag2', 'raw', attrs({value: 'acustomtag2', enable: 'true', priority: '200'})],
    [
      'type=raw,enable=false,value=acustomtag5',
      'raw',
      attrs({enable: 'false', value: 'acustomtag5', priority: '200'})
    ],
    ['acustomtag', 'raw', attrs({value: 'acustomtag', enable: 'true', priority: '200'})],
    ['type=raw,foo', 'raw', attrs({value: 'foo', enable: 'true', priority: '200'})],
    ['type=sha', 'sha', attrs({prefix: 'sha-', format: 'short', enable: 'true', priority: '100'})],
    ['type=sha,format=long', 'sha', attrs({format: 'long', prefix: 'sha-', enable: 'true', priority: '100'})],
    ['type=sha,prefix=', 'sha', attrs({prefix: '', format: 'short', enable: 'true', priority: '100'})]
  ])('%s', (line, type, expected) => {
    const rule = parseRule(line)
    expect(rule.type).toBe(type)
    expect({...rule.attrs}).toEqual(expected)
    expect(rule.line).toBe(line)
  })
})

describe('parseRule: field syntax', () => {
  test.each([
    [
      'keys are case-insensitive',
      'TYPE=raw,VALUE=x',
      'raw',
      attrs({value: 'x', enable: 'true', priority: '200'})
    ],
    [
      'only the first = separates',
      'type=raw,value=a=b=c',
      'raw',
      attrs({value: 'a=b=c', enable: 'true', priority: '200'})
    ],
    [
      'spaces around key and value are trimmed',
      ' type = raw , value = x ',
      'raw',
      attrs({value: 'x', enable: 'true', priority: '200'})
    ],
    [
      'a field starting with = is a bare value',
      '=x',
      'raw',
      attrs({value: '=x', enable: 'true', priority: '200'})
    ],
    [
      'a later field overrides an earlier one',
      'type=raw,value=a,value=b',
      'raw',
      attrs({value: 'b', enable: 'true', priority: '200'})
    ],
    [
      'a trailing empty field sets value to empty',
      'type=raw,value=x,',
      'raw',
      attrs({value: '', enable: 'true', priority: '200'})
    ],
    [
      'unknown attributes are kept',
      'type=semver,pattern={{version}},event=release',
      'semver',
      attrs({pattern: '{{version}}', event: 'release', value: '', match: '', enable: 'true', priority: '900'})
    ],
    [
      'explicit empty priority is kept',
      'type=raw,value=x,priority=',
      'raw',
      attrs({value: 'x', priority: '', enable: 'true'})
    ]
  ])('%s', (_name, line, type, expected) => {
    const rule = parseRule(line)
    expect(rule.type).toBe(type)
    expect({...rule.attrs}).toEqual(expected)
  })
})

describe('parseRule: errors name the input, the line and the attribute', () => {
  test.each([
    ['type=foo', /^input 'tags': line "type=foo": unknown type 'foo'/],
    ['type=Raw,value=x', /unknown type 'Raw'/],
    [
      'type=semver',
      /^input 'tags': line "type=semver": attribute 'pattern' is required for type=semver; add e.g. pattern=\{\{version\}\}$/
    ],
    ['type=pep440,value=1.0', /attribute 'pattern' is required for type=pep440/],
    ['type=match', /attribute 'pattern' is required for type=match/],
    [
      'type=match,pattern=v(.*),group=foo',
      /line "type=match,pattern=v\(\.\*\),group=foo": attribute 'group' must be a number, got 'foo'/
    ],
    ['type=ref', /attribute 'event' is required for type=ref/],
    ['type=ref,event=foo', /attribute 'event' must be one of branch, tag, pr, got 'foo'/],
    ['type=raw', /attribute 'value' is required for type=raw/],
    ['type=sha,format=foo', /attribute 'format' must be short or long, got 'foo'/]
  ])('%s', (line, message) => {
    expect(() => parseRule(line)).toThrow(message)
  })
})

describe('parseRules: defaults and priority order', () => {
  test('empty input gives the default rules', () => {
    expect(parseRules([]).map(r => r.line)).toEqual([
      'type=schedule',
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr'
    ])
  })

  test('sorted by priority, stable for ties', () => {
    const rules = parseRules([
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr',
      'type=schedule',
      'type=sha',
      'type=raw,foo',
      'type=edge',
      'type=semver,pattern={{version}}',
      'type=match,"pattern=\\d.\\d.\\d",group=0'
    ])
    expect(rules.map(r => r.line)).toEqual([
      'type=schedule',
      'type=semver,pattern={{version}}',
      'type=match,"pattern=\\d.\\d.\\d",group=0',
      'type=edge',
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr',
      'type=raw,foo',
      'type=sha'
    ])
  })

  test.each([
    [
      ['type=sha', 'type=raw,foo,priority=50', 'type=raw,bar,priority=2000'],
      ['type=raw,bar,priority=2000', 'type=sha', 'type=raw,foo,priority=50']
    ],
    [
      ['type=raw,a', 'type=raw,b,priority=200', 'type=raw,c'],
      ['type=raw,a', 'type=raw,b,priority=200', 'type=raw,c']
    ],
    [
      ['type=raw,a,priority=-5', 'type=raw,b,priority=1e3'],
      ['type=raw,b,priority=1e3', 'type=raw,a,priority=-5']
    ],
    // A non-numeric priority compares equal to everything, so it stays where the sort leaves it.
    [
      ['type=raw,a,priority=abc', 'type=raw,b,priority=5'],
      ['type=raw,a,priority=abc', 'type=raw,b,priority=5']
    ]
  ])('%j', (lines, order) => {
    expect(parseRules(lines).map(r => r.line)).toEqual(order)
  })

  test('default priorities', () => {
    expect(DEFAULT_PRIORITIES).toEqual({
      schedule: '1000',
      semver: '900',
      pep440: '900',
      match: '800',
      edge: '700',
      ref: '600',
      raw: '200',
      sha: '100'
    })
  })
})
