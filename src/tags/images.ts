import {InputError} from '../shared/errors.js'
import {parseFields} from './list.js'
import type {ImageEntry} from './types.js'

const INPUT = 'images'

/**
 * Parse the images entries like metadata-action. A single line made only of plain names is the
 * legacy comma form (`name/foo,name/bar`), accepted without any validation; otherwise every
 * line is `name` or `name=<n>` plus `enable=<true|false>`, and only the text between the first
 * and second '=' is the value.
 */
export function parseImages(entries: readonly string[]): ImageEntry[] {
  if (entries.length === 1) {
    const fields = parseFields(entries[0] ?? '', INPUT).map(field =>
      field.split('=').map(part => part.trim())
    )
    if (fields.every(parts => parts.length === 1)) {
      return fields.map(parts => ({name: parts[0] ?? '', enable: true}))
    }
  }
  return entries.map(parseImageLine)
}

/** One `name` / `name=<n>,enable=<bool>` line of the non-legacy form. */
export function parseImageLine(line: string): ImageEntry {
  const image: ImageEntry = {name: '', enable: true}
  for (const field of parseFields(line, INPUT)) {
    const parts = field.split('=').map(part => part.trim())
    if (parts.length === 1) {
      image.name = parts[0] ?? ''
      continue
    }
    const key = (parts[0] ?? '').toLowerCase()
    const value = parts[1] ?? ''
    if (key === 'name') {
      image.name = value
    } else if (key === 'enable') {
      if (value !== 'true' && value !== 'false') {
        throw new InputError(
          INPUT,
          `line "${line}": attribute 'enable' must be true or false, got '${value}'`
        )
      }
      image.enable = value === 'true'
    } else {
      throw new InputError(INPUT, `line "${line}": unknown attribute '${key}' (expected name, enable)`)
    }
  }
  if (image.name.length === 0) {
    throw new InputError(
      INPUT,
      `line "${line}": attribute 'name' is empty; write e.g. name=ghcr.io/owner/app`
    )
  }
  return image
}

/** Registries require lower-case repository names; metadata-action only lower-cases, nothing else. */
export function enabledImageNames(images: readonly ImageEntry[]): string[] {
  return images.filter(image => image.enable).map(image => image.name.toLowerCase())
}
