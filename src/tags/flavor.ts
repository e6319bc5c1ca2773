import {InputError} from '../shared/errors.js'
import {parseFields} from './list.js'
import type {Flavor} from './types.js'

const INPUT = 'flavor'

/**
 * Parse the flavor entries. Mirrors metadata-action: every field must be key=value, only the text
 * between the first and second '=' is the value (`prefix=a=b` is "a"), `onlatest` applies to the
 * prefix or suffix set earlier on the same line, and later lines override earlier ones.
 */
export function parseFlavor(entries: readonly string[]): Flavor {
  const flavor: Flavor = {latest: 'auto', prefix: '', prefixLatest: false, suffix: '', suffixLatest: false}
  for (const line of entries) {
    let onLatestFor: 'prefix' | 'suffix' | '' = ''
    for (const field of parseFields(line, INPUT)) {
      const parts = field.split('=').map(part => part.trim())
      if (parts.length === 1) {
        throw new InputError(
          INPUT,
          `line "${line}": field '${field}' is not key=value; write e.g. latest=false, prefix=v or suffix=-dev`
        )
      }
      const key = (parts[0] ?? '').toLowerCase()
      const value = parts[1] ?? ''
      switch (key) {
        case 'latest':
          if (value !== 'auto' && value !== 'true' && value !== 'false') {
            throw new InputError(
              INPUT,
              `line "${line}": attribute 'latest' must be auto, true or false, got '${value}'`
            )
          }
          flavor.latest = value
          break
        case 'prefix':
          flavor.prefix = value
          onLatestFor = 'prefix'
          break
        case 'suffix':
          flavor.suffix = value
          onLatestFor = 'suffix'
          break
        case 'onlatest':
          if (value !== 'true' && value !== 'false') {
            throw new InputError(
              INPUT,
              `line "${line}": attribute 'onlatest' must be true or false, got '${value}'`
            )
          }
          if (onLatestFor === 'prefix') flavor.prefixLatest = value === 'true'
          else if (onLatestFor === 'suffix') flavor.suffixLatest = value === 'true'
          break
        default:
          throw new InputError(
            INPUT,
            `line "${line}": unknown attribute '${key}' (expected latest, prefix, suffix, onlatest)`
          )
      }
    }
  }
  return flavor
}
