import {describe, expect, test} from 'vitest'

import {parseFlavor} from '../../src/tags/flavor.js'
import {parseMetaInputs} from '../../src/tags/index.js'
import {inputs} from './helpers.js'

const base = {latest: 'auto', prefix: '', prefixLatest: false, suffix: '', suffixLatest: false}

describe('parseFlavor', () => {
  test.each([
    [[], base],
    [['latest=true'], {...base, latest: 'true'}],
    [['latest=false'], {...base, latest: 'false'}],
    [['latest=auto'], base],
    [['prefix=sha-'], {...base, prefix: 'sha-'}],
    [['suffix=-alpine'], {...base, suffix: '-alpine'}],
    [
      ['latest=false', 'prefix=dev-', 'suffix=-alpine'],
      {...base, latest: 'false', prefix: 'dev-', suffix: '-alpine'}
    ],
    [['prefix=dev-,onlatest=true'], {...base, prefix: 'dev-', prefixLatest: true}],
    [['suffix=-alpine,onlatest=true'], {...base, suffix: '-alpine', suffixLatest: true}],
    [
      ['prefix=dev-,onlatest=true', 'suffix=-alpine,onlatest=true'],
      {...base, prefix: 'dev-', prefixLatest: true, suffix: '-alpine', suffixLatest: true}
    ],
    [['prefix= '], base],
    // onlatest before any prefix/suffix on its line has nothing to apply to.
    [['onlatest=true,prefix=x-'], {...base, prefix: 'x-'}],
    // only the text up to a second '=' is the value
    [['prefix=a=b'], {...base, prefix: 'a'}],
    [['PREFIX=x-,ONLATEST=true'], {...base, prefix: 'x-', prefixLatest: true}],
    [['prefix=a-', 'prefix=b-'], {...base, prefix: 'b-'}],
    [['prefix={{branch}}-'], {...base, prefix: '{{branch}}-'}]
  ])('%j', (entries, expected) => {
    expect(parseFlavor(entries)).toEqual(expected)
  })

  test.each([
    [
      ['randomstr', 'latest=auto'],
      /^input 'flavor': line "randomstr": field 'randomstr' is not key=value; write e.g. latest=false, prefix=v or suffix=-dev$/
    ],
    [['unknwown=foo'], /^input 'flavor': line "unknwown=foo": unknown attribute 'unknwown'/],
    [['latest'], /field 'latest' is not key=value/],
    [['latest=foo'], /line "latest=foo": attribute 'latest' must be auto, true or false, got 'foo'/],
    [['latest=True'], /attribute 'latest' must be auto, true or false, got 'True'/],
    [
      ['prefix=x,onlatest=yes'],
      /line "prefix=x,onlatest=yes": attribute 'onlatest' must be true or false, got 'yes'/
    ]
  ])('%j is an input error', (entries, message) => {
    expect(() => parseFlavor(entries)).toThrow(message)
  })

  test('comments and blank lines in the flavor input', () => {
    expect(parseMetaInputs(inputs({flavor: '# global flavor\nprefix=v#1\n\nlatest=false'})).flavor).toEqual({
      ...base,
      prefix: 'v#1',
      latest: 'false'
    })
  })
})
