import {describe, expect, test} from 'vitest'
import {inputLines, readInputs} from '../src/inputs.js'

function reader(values: Record<string, string>) {
  return (name: string, options?: {trimWhitespace?: boolean}) => {
    const value = values[name] ?? ''
    return options?.trimWhitespace === false ? value : value.trim()
  }
}

describe('readInputs', () => {
  test('defaults when nothing is given', () => {
    const inputs = readInputs(reader({}))
    expect(inputs).toMatchObject({
      context: '.',
      push: false,
      load: false,
      engine: 'auto',
      'dry-run': false,
      'sep-tags': '\n',
      'build-args': []
    })
  })

  test('separators keep their whitespace', () => {
    expect(readInputs(reader({'sep-tags': ' '}))['sep-tags']).toBe(' ')
    expect(readInputs(reader({'sep-labels': ', '}))['sep-labels']).toBe(', ')
  })

  test.each([
    ['push', 'yes', "input 'push': 'yes' is not a boolean; write true or false"],
    ['dry-run', '1', "input 'dry-run': '1' is not a boolean; write true or false"],
    ['engine', 'podman', "input 'engine': 'podman' is not one of auto, buildx, docker, buildah"],
    [
      'build-args',
      'A=1\n-bad=2',
      "input 'build-args': '-bad' is not a valid build argument name; write NAME=value"
    ]
  ])('%s=%s is refused with a message naming the input', (name, value, message) => {
    expect(() => readInputs(reader({[name]: value}))).toThrow(message)
  })

  test.each([
    ['True', true],
    ['FALSE', false],
    ['true', true]
  ])('boolean %s', (value, expected) => {
    expect(readInputs(reader({push: value})).push).toBe(expected)
  })

  test('engine is case-insensitive', () => {
    expect(readInputs(reader({engine: 'Buildah'})).engine).toBe('buildah')
  })
})

describe('inputLines', () => {
  test('drops blank and comment lines, keeps inner #', () => {
    expect(inputLines('A=1\n\n  # note\nB=x#y\r\n')).toEqual(['A=1', 'B=x#y'])
  })
})
