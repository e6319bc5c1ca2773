import {describe, expect, test} from 'vitest'
import {checkTagInputs} from '../../src/validate/tag-rules.js'
import {knownExpressions} from '../../src/validate/templates.js'
import {refusal} from './helpers.js'

const GLOBAL = knownExpressions('global')
const REGEX_FIX = "escape characters that are special in a regular expression with '\\' (e.g. \\( or \\.)"

describe('checkTagInputs: every rule on every event, with its line', () => {
  test.each<[string, string, string]>([
    // the tag grammar's own refusals, with the line
    [
      'unknown type',
      'type=sha\ntype=foo',
      "input 'tags' line 2: unknown type 'foo' (expected one of schedule, semver, pep440, match, edge, ref, raw, sha)"
    ],
    [
      'missing pattern',
      'type=semver',
      "input 'tags' line 1: attribute 'pattern' is required for type=semver; add e.g. pattern={{version}}"
    ],
    [
      'missing event',
      'type=ref',
      "input 'tags' line 1: attribute 'event' is required for type=ref; add e.g. event=branch"
    ],
    [
      'bad group',
      'type=match,pattern=v(\\d),group=x',
      "input 'tags' line 1: attribute 'group' must be a number, got 'x'; write e.g. group=1"
    ],
    [
      'a quote in a field',
      'type=raw,value=a"b',
      `input 'tags' line 1: Invalid Opening Quote: a quote is found on field 1 at line 1, value is "value=a"; quote a whole field to put a quote or comma in it ("value=a,b"), doubling quotes inside ("a""b")`
    ],
    // attributes, priority, enable
    [
      'a misspelt attribute',
      'type=raw,value=x,enabled=false',
      "input 'tags' line 1: unknown attribute 'enabled'; type=raw takes value, prefix, suffix, enable, priority"
    ],
    [
      'priority abc',
      'type=raw,value=x,priority=abc',
      "input 'tags' line 1: priority 'abc' is not an integer; write e.g. priority=200 (higher comes first)"
    ],
    [
      'priority 1.5',
      'type=sha,priority=1.5',
      "input 'tags' line 1: priority '1.5' is not an integer; write e.g. priority=100 (higher comes first)"
    ],
    [
      'empty priority',
      'type=edge,priority=',
      "input 'tags' line 1: priority '' is not an integer; write e.g. priority=700 (higher comes first)"
    ],
    [
      'enable maybe',
      'type=raw,value=x,enable=maybe',
      "input 'tags' line 1: enable 'maybe' does not give true or false; write enable=true, enable=false or an expression that gives one, such as enable={{is_default_branch}}"
    ],
    [
      'enable {{branch}}',
      'type=raw,value=x,enable={{branch}}',
      "input 'tags' line 1: enable '{{branch}}' does not give true or false; write enable=true, enable=false or an expression that gives one, such as enable={{is_default_branch}}"
    ],
    [
      'enable unclosed',
      'type=raw,value=x,enable={{is_default_branch}',
      "input 'tags' line 1: enable '{{is_default_branch}': '{{' at column 1 is not closed; close it with '}}'"
    ],
    // templates
    [
      'unclosed pattern',
      'type=semver,pattern={{version}',
      "input 'tags' line 1: pattern '{{version}': '{{' at column 1 is not closed; close it with '}}'"
    ],
    [
      'unknown semver name',
      'type=semver,pattern={{verison}}',
      "input 'tags' line 1: pattern '{{verison}}': {{verison}} is not an expression known in a semver pattern; use {{raw}}, {{version}}, {{major}}, {{minor}}, {{patch}}, {{prerelease}}, {{build}}"
    ],
    [
      'schedule with branch',
      'type=schedule,pattern={{branch}}',
      "input 'tags' line 1: pattern '{{branch}}': {{branch}} is not an expression known in a schedule pattern; use {{date 'YYYYMMDD'}}, {{commit_date 'YYYYMMDD'}}"
    ],
    [
      'date without format',
      'type=raw,value={{date}}',
      "input 'tags' line 1: value '{{date}}': {{date}} needs a format, e.g. {{date 'YYYYMMDD'}}"
    ],
    [
      'unknown prefix name',
      'type=sha,prefix={{nope}}-',
      `input 'tags' line 1: prefix '{{nope}}-': {{nope}} is not an expression known here; use ${GLOBAL}`
    ],
    [
      'suffix with argument',
      'type=ref,event=branch,suffix=-{{sha 8}}',
      "input 'tags' line 1: suffix '-{{sha 8}}': {{sha}} takes no arguments; write {{sha}}"
    ],
    [
      'semver value',
      'type=semver,pattern={{version}},value={{tag}',
      "input 'tags' line 1: value '{{tag}': '{{' at column 1 is not closed; close it with '}}'"
    ],
    // regular expressions
    [
      'match pattern (',
      'type=sha\n\n# the version\ntype=match,pattern=(',
      `input 'tags' line 4: pattern '(' is not a regular expression (/(/: Unterminated group); ${REGEX_FIX}`
    ],
    [
      'match literal flag',
      'type=match,pattern=/v(\\d)/q',
      `input 'tags' line 1: pattern '/v(\\d)/q' is not a regular expression (Invalid flags supplied to RegExp constructor 'q'); ${REGEX_FIX}`
    ],
    [
      'group 01',
      'type=match,pattern=v(\\d),group=01',
      "input 'tags' line 1: group '01' is not a group number; write e.g. group=1 (0: the whole match)"
    ],
    [
      'empty group',
      'type=match,pattern=v(\\d),group=',
      "input 'tags' line 1: group '' is not a group number; write e.g. group=1 (0: the whole match)"
    ],
    [
      'group 2 of 1',
      'type=match,pattern=v(\\d+),group=2',
      "input 'tags' line 1: group 2 does not exist: pattern 'v(\\d+)' has 1 capture group; write group=1 or add (…) around the part to keep"
    ],
    [
      'group 1 of 0',
      'type=match,pattern=/v\\d+/i,group=1',
      "input 'tags' line 1: group 1 does not exist: pattern '/v\\d+/i' has 0 capture groups; write group=0 or add (…) around the part to keep"
    ],
    [
      'semver match (',
      'type=semver,pattern={{version}},match=v([',
      `input 'tags' line 1: match 'v([' is not a regular expression (/v([/: Unterminated character class); ${REGEX_FIX}`
    ],
    [
      'semver match without group',
      'type=pep440,pattern={{version}},match=v\\d+',
      "input 'tags' line 1: match 'v\\d+' captures no group, and the version is its group 1; put (…) around the version, e.g. match=v(\\d.*)"
    ],
    // the tag the constant parts give
    [
      '::error::X',
      'type=raw,value=::error::X',
      "input 'tags' line 1: 'type=raw,value=::error::X' gives the tag '-error-X', which starts with '-' (what '::' becomes), and a tag starts with a letter, digit or '_'; remove '::' (giving e.g. 'error-X')"
    ],
    [
      'a plain value ::error::X',
      'type=sha\n::error::X',
      "input 'tags' line 2: '::error::X' gives the tag '-error-X', which starts with '-' (what '::' becomes), and a tag starts with a letter, digit or '_'; remove '::' (giving e.g. 'error-X')"
    ],
    [
      'a dot',
      'type=raw,value=.hidden',
      "input 'tags' line 1: 'type=raw,value=.hidden' gives the tag '.hidden', which starts with '.', and a tag starts with a letter, digit or '_'; remove '.' (giving e.g. 'hidden')"
    ],
    [
      'a - prefix',
      'type=ref,event=branch,prefix=-',
      "input 'tags' line 1: 'type=ref,event=branch,prefix=-' gives the tag '-main', which starts with '-', and a tag starts with a letter, digit or '_'; remove '-' (giving e.g. 'main')"
    ],
    [
      'only dashes',
      'type=raw,value=::',
      "input 'tags' line 1: 'type=raw,value=::' gives the tag '-', which starts with '-' (what '::' becomes), and a tag starts with a letter, digit or '_'; write a tag of letters and digits"
    ],
    [
      'a schedule pattern with a dash first',
      "type=schedule,pattern=-{{date 'YYYYMMDD'}}",
      "input 'tags' line 1: 'type=schedule,pattern=-{{date 'YYYYMMDD'}}' gives the tag '-20240102', which starts with '-', and a tag starts with a letter, digit or '_'; remove '-' (giving e.g. '20240102')"
    ],
    [
      'a semver pattern with a dot first',
      'type=semver,pattern=.{{major}}',
      "input 'tags' line 1: 'type=semver,pattern=.{{major}}' gives the tag '.1', which starts with '.', and a tag starts with a letter, digit or '_'; remove '.' (giving e.g. '1')"
    ],
    [
      '130 characters',
      `type=raw,value=${'a'.repeat(130)}`,
      `input 'tags' line 1: 'type=raw,value=${'a'.repeat(130)}' gives the tag '${'a'.repeat(130)}', which is 130 characters long, and a tag has at most 128; shorten it`
    ],
    [
      'a long sha suffix over 128',
      `type=sha,format=long,suffix=-${'b'.repeat(90)}`,
      `input 'tags' line 1: 'type=sha,format=long,suffix=-${'b'.repeat(90)}' gives the tag 'sha-0123456789abcdef0123456789abcdef01234567-${'b'.repeat(90)}', which is 135 characters long, and a tag has at most 128; shorten it`
    ]
  ])('%s', (_what, tags, message) => {
    expect(refusal(() => checkTagInputs({tags, flavor: ''}))).toBe(message)
  })

  test.each<[string, string, string, string]>([
    [
      'latest=maybe',
      '',
      'latest=maybe',
      "input 'flavor' line 1: attribute 'latest' must be auto, true or false, got 'maybe'"
    ],
    [
      'an unknown attribute on line 2',
      '',
      'latest=auto\nfoo=bar',
      "input 'flavor' line 2: unknown attribute 'foo' (expected latest, prefix, suffix, onlatest)"
    ],
    [
      'a field without =',
      '',
      'prefix',
      "input 'flavor' line 1: field 'prefix' is not key=value; write e.g. latest=false, prefix=v or suffix=-dev"
    ],
    [
      'a prefix ::',
      '',
      'prefix=::',
      "input 'flavor' line 1: prefix '::' gives the tag '-main', which starts with '-' (what '::' becomes), and a tag starts with a letter, digit or '_'; remove '::' (giving e.g. 'main')"
    ],
    [
      'a suffix of 130',
      '',
      `suffix=${'s'.repeat(130)}`,
      `input 'flavor' line 1: suffix '${'s'.repeat(130)}' gives the tag 'main${'s'.repeat(130)}', which is 134 characters long, and a tag has at most 128; shorten it`
    ],
    [
      'an unknown prefix name',
      '',
      'prefix={{nope}}-',
      `input 'flavor' line 1: prefix '{{nope}}-': {{nope}} is not an expression known here; use ${GLOBAL}`
    ],
    [
      'a suffix {{date}}',
      '',
      'latest=false\nsuffix=-{{date}}',
      "input 'flavor' line 2: suffix '-{{date}}': {{date}} needs a format, e.g. {{date 'YYYYMMDD'}}"
    ],
    [
      'onlatest with an expression',
      'type=raw,value=x',
      'prefix={{branch}}-,onlatest=true',
      "input 'flavor' line 1: prefix '{{branch}}-' with onlatest=true: the latest tag takes the prefix as written, without rendering its expressions ('-branch--latest'); drop onlatest=true, or the expression from the prefix"
    ],
    ['a rule with the flavor prefix .', 'type=sha\ntype=raw,value=.x', 'prefix=v', ''],
    [
      'a rule that needs the flavor',
      'type=raw,value=.x',
      'latest=false',
      "input 'tags' line 1: 'type=raw,value=.x' gives the tag '.x', which starts with '.', and a tag starts with a letter, digit or '_'; remove '.' (giving e.g. 'x')"
    ],
    [
      'the flavor prefix with a rule starting -',
      'type=ref,event=branch',
      'prefix=.',
      "input 'flavor' line 1: prefix '.' gives the tag '.main', which starts with '.', and a tag starts with a letter, digit or '_'; remove '.' (giving e.g. 'main')"
    ]
  ])('flavor: %s', (_what, tags, flavor, message) => {
    if (message === '') expect(checkTagInputs({tags, flavor})).toEqual([])
    else expect(refusal(() => checkTagInputs({tags, flavor}))).toBe(message)
  })

  test('what the tag engine throws on some event is thrown now, on every event', () => {
    // {{date}} with a numeric tz renders on no event: refused while checking, not on the schedule run.
    expect(
      refusal(() => checkTagInputs({tags: "type=schedule,pattern={{date 'YYYY' tz=9}}", flavor: ''}))
    ).toBe(
      "input 'tags' line 1: pattern '{{date 'YYYY' tz=9}}': the tz of {{date}} must be a quoted time zone name, e.g. tz='Europe/Paris'"
    )
  })

  test('sound rules pass, whatever event they are meant for', () => {
    const tags = [
      'type=schedule',
      "type=schedule,pattern=nightly-{{date 'YYYYMMDD' tz='Asia/Tokyo'}}",
      'type=ref,event=branch',
      'type=ref,event=tag',
      'type=ref,event=pr',
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}},match=release-(.*)',
      'type=pep440,pattern={{major}}',
      'type=match,pattern=v(\\d+),group=1',
      'type=match,pattern=/^V(\\d+)$/i,group=1',
      'type=edge,branch=develop',
      'type=raw,value=latest,enable={{is_default_branch}}',
      'type=raw,value={{branch}}-{{sha}},priority=-5',
      "type=raw,value={{date 'YYYYMMDD'}}",
      'type=sha,format=long,prefix=',
      'type=semver,pattern={{version}},event=tag',
      'plain-tag'
    ].join('\n')
    expect(checkTagInputs({tags, flavor: 'latest=auto\nprefix=v,onlatest=true\nsuffix=-{{sha}}'})).toEqual([])
    expect(checkTagInputs({tags: '', flavor: ''})).toEqual([])
  })

  test('a tag changed by sanitizing is a warning, with the line', () => {
    expect(checkTagInputs({tags: 'type=sha\ntype=raw,value=feature/x', flavor: ''})).toEqual([
      "input 'tags' line 2: 'type=raw,value=feature/x' gives the tag 'feature-x' (not 'feature/x'): characters other than letters, digits, '_', '.' and '-' become '-', as in docker/metadata-action; write the tag as it should be"
    ])
    expect(checkTagInputs({tags: 'type=sha', flavor: 'suffix=+{{sha}}'})).toEqual([
      "input 'flavor' line 1: suffix '+{{sha}}' gives the tag 'main-0123456' (not 'main+0123456'): characters other than letters, digits, '_', '.' and '-' become '-', as in docker/metadata-action; write the tag as it should be",
      "input 'tags' line 1: 'type=sha' with the flavor's suffix '+{{sha}}' gives the tag 'sha-0123456-0123456' (not 'sha-0123456+0123456'): characters other than letters, digits, '_', '.' and '-' become '-', as in docker/metadata-action; write the tag as it should be"
    ])
  })
})
