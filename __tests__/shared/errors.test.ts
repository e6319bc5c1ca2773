import {describe, expect, test} from 'vitest'
import {atLine, InputError, InputLineError} from '../../src/shared/errors.js'
import {inputLineNumbers} from '../../src/inputs/inputs.js'

describe('line numbers in messages', () => {
  test("InputLineError is an InputError rendered as input '<name>' line <n>: …", () => {
    const error = new InputLineError('tags', 3, 'cause; fix')
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toBe("input 'tags' line 3: cause; fix")
    expect(error.input).toBe('tags')
  })

  test('atLine gives an error about its input the line, drops the quoted entry, lets others through', () => {
    const entry = {entry: 'type=foo', line: 4}
    const own = () => {
      throw new InputError('tags', 'line "type=foo": unknown type')
    }
    const other = () => {
      throw new InputError('flavor', 'line "prefix=x": bad')
    }
    expect(() => atLine('tags', entry, own)).toThrow(new InputLineError('tags', 4, 'unknown type'))
    expect(() => atLine('tags', entry, other)).toThrow('input \'flavor\': line "prefix=x": bad')
    expect(() => atLine('tags', entry, () => JSON.parse('{'))).toThrow(SyntaxError)
    expect(atLine('tags', entry, () => 7)).toBe(7)
  })

  test('inputLineNumbers: the line of each entry inputLines keeps', () => {
    expect(inputLineNumbers('a\n\n# c\n  b\r\nc')).toEqual([1, 4, 5])
  })
})
