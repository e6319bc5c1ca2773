import {describe, expect, test} from 'vitest'

import {InputError} from '../../src/shared/errors.js'
import {parseFields, parseList} from '../../src/tags/list.js'

describe('parseList (actions-toolkit getInputList with ignoreComma, # comments)', () => {
  test.each([
    ['empty input', '', []],
    ['one entry per line', 'a\nb', ['a', 'b']],
    ['commas stay inside an entry', 'type=ref,event=branch\ntype=sha', ['type=ref,event=branch', 'type=sha']],
    ['blank lines dropped', 'a\n\n\nb\n', ['a', 'b']],
    ['CRLF line ends', 'a\r\nb\r\n', ['a', 'b']],
    ['full-line comments dropped', 'a\n#comment\nb', ['a', 'b']],
    [
      'a # inside a line is kept',
      'mylabel=foo#bar\n#comment\nanother=bar',
      ['mylabel=foo#bar', 'another=bar']
    ],
    ['a # after a comma is kept', 'x,#y', ['x,#y']],
    ['an indented # is not a comment', 'a\n  #d', ['a', '#d']],
    ['entries are trimmed', '  a  \n\tb', ['a', 'b']],
    [
      'quotes around a field are removed',
      'type=match,"pattern=\\d.\\d.\\d"',
      ['type=match,pattern=\\d.\\d.\\d']
    ],
    ['quoted comma loses its quotes', 'type=raw,"value=a,b"', ['type=raw,value=a,b']],
    [
      'quotes inside a field are kept',
      'org.opencontainers.image.description=this is a "good" example',
      ['org.opencontainers.image.description=this is a "good" example']
    ],
    ['a quoted field may span lines', '"multi\nline",x\ny', ['multi\nline,x', 'y']],
    ['doubled quotes unescape', '"a""b"', ['a"b']],
    ['a quoted blank survives as an empty entry', '"  "\nb', ['', 'b']],
    ['empty fields kept', 'a,,b', ['a,,b']]
  ])('%s', (_name, input, expected) => {
    expect(parseList(input, 'tags')).toEqual(expected)
  })

  test('an unclosed quote is an input error naming the input', () => {
    expect(() => parseList('"abc', 'labels')).toThrow(InputError)
    expect(() => parseList('"abc', 'labels')).toThrow(
      /^input 'labels': cannot be parsed as a CSV list: Quote Not Closed/
    )
  })
})

describe('parseFields (one entry, strict quotes)', () => {
  test.each([
    ['plain', 'type=raw,value=foo', ['type=raw', 'value=foo']],
    ['quoted field with comma', 'type=raw,"value=a,b"', ['type=raw', 'value=a,b']],
    ['empty trailing field', 'type=raw,value=x,', ['type=raw', 'value=x', '']],
    ['leading spaces kept (trimmed later per field)', 'a, b', ['a', ' b']],
    ['only the first line of a multi-line entry', 'a,b\nc,d', ['a', 'b']]
  ])('%s', (_name, entry, expected) => {
    expect(parseFields(entry, 'tags')).toEqual(expected)
  })

  test.each([
    [
      'quote inside a field',
      'type=raw,value="a,b"',
      /^input 'tags': line "type=raw,value="a,b"": Invalid Opening Quote/
    ],
    ['quote after a space', ' "x"', /Invalid Opening Quote/],
    ['empty entry', '', /^input 'tags': line "": entry is empty$/]
  ])('%s is an input error', (_name, entry, message) => {
    expect(() => parseFields(entry, 'tags')).toThrow(message)
  })
})
