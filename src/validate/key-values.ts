/** `labels` and `annotations` lines checked while planning (pure): `key=value` with a key, sound templates. */
import {parseListEntries} from '../tags/list.js'
import {InputLineError} from '../shared/errors.js'
import {templateProblem} from './templates.js'

const EXAMPLE = 'org.opencontainers.image.vendor=ACME'

/**
 * Each line is `key=value` (an empty value is `key=`) whose key is not empty and has no white space, and
 * its `{{…}}` expressions are ones metadata-action knows. metadata-action drops a line without `=`
 * silently and keeps `=value` under an empty key; here both are refused with the line named.
 */
export function checkKeyValues(input: 'labels' | 'annotations', text: string): void {
  for (const {entry, line} of parseListEntries(text, input)) {
    const eq = entry.indexOf('=')
    if (eq === -1) {
      throw new InputLineError(
        input,
        line,
        `'${entry}' is not key=value; write e.g. ${EXAMPLE} (or ${entry}= for an empty value)`
      )
    }
    const key = entry.slice(0, eq)
    if (key.trim() === '') {
      throw new InputLineError(
        input,
        line,
        `'${entry}' has no key before '='; write key=value, e.g. ${EXAMPLE}`
      )
    }
    if (/\s/.test(key.trim())) {
      throw new InputLineError(
        input,
        line,
        `the key '${key.trim()}' has white space in it; write a key such as ${EXAMPLE.split('=')[0]}`
      )
    }
    const problem = templateProblem(entry, 'global', false)
    if (problem) throw new InputLineError(input, line, `'${entry}': ${problem}`)
  }
}
