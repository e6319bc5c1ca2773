import {InputError} from '../shared/errors.js'
import {parseFields} from './list.js'
import type {RuleType, TagRule} from './types.js'

const INPUT = 'tags'

export const RULE_TYPES: readonly RuleType[] = [
  'schedule',
  'semver',
  'pep440',
  'match',
  'edge',
  'ref',
  'raw',
  'sha'
]

/** Default priority per type (higher runs first; the first value produced becomes the version). */
export const DEFAULT_PRIORITIES: Readonly<Record<RuleType, string>> = {
  schedule: '1000',
  semver: '900',
  pep440: '900',
  match: '800',
  edge: '700',
  ref: '600',
  raw: '200',
  sha: '100'
}

/** Rules used when the tags input is empty. */
export const DEFAULT_RULES: readonly string[] = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr'
]

const REF_EVENTS = ['branch', 'tag', 'pr']

/** What a required attribute looks like, for the message that says it is missing. */
const MISSING_EXAMPLES: Readonly<Record<string, string>> = {
  'semver.pattern': 'pattern={{version}}',
  'pep440.pattern': 'pattern={{version}}',
  'match.pattern': 'pattern=\\d+.\\d+',
  'ref.event': 'event=branch',
  'raw.value': 'value=latest'
}
const SHA_FORMATS = ['short', 'long']

// Only the first '=' separates key and value: the lookbehind requires every character before the
// '=' to be a non-'=' (so "a=b=c" is key a, value "b=c"; "=x" has no key and is a bare value).
const KEY_VALUE = /(?<=^[^=]+?)=/

function has(attrs: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(attrs, key)
}

/** Parse one tags entry, applying metadata-action's per-type defaults and validation. */
export function parseRule(line: string): TagRule {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>
  let type: RuleType | undefined
  for (const field of parseFields(line, INPUT)) {
    const parts = field.split(KEY_VALUE).map(part => part.trim())
    if (parts.length === 1) {
      // A field without '=' is the value (so `foo` and `type=raw,foo` are raw tags).
      attrs['value'] = parts[0] ?? ''
      continue
    }
    const key = (parts[0] ?? '').toLowerCase()
    const value = parts[1] ?? ''
    if (key === 'type') {
      if (!(RULE_TYPES as readonly string[]).includes(value)) {
        throw new InputError(
          INPUT,
          `line "${line}": unknown type '${value}' (expected one of ${RULE_TYPES.join(', ')})`
        )
      }
      type = value as RuleType
    } else {
      // Unknown keys are kept and ignored, as metadata-action does (e.g. event=... on semver).
      attrs[key] = value
    }
  }
  const ruleType: RuleType = type ?? 'raw'
  const missing = (attr: string): InputError =>
    new InputError(
      INPUT,
      `line "${line}": attribute '${attr}' is required for type=${ruleType}; add e.g. ${MISSING_EXAMPLES[`${ruleType}.${attr}`] ?? `${attr}=…`}`
    )

  switch (ruleType) {
    case 'schedule':
      if (!has(attrs, 'pattern')) attrs['pattern'] = 'nightly'
      break
    case 'semver':
    case 'pep440':
      if (!has(attrs, 'pattern')) throw missing('pattern')
      if (!has(attrs, 'value')) attrs['value'] = ''
      if (!has(attrs, 'match')) attrs['match'] = ''
      break
    case 'match':
      if (!has(attrs, 'pattern')) throw missing('pattern')
      if (!has(attrs, 'group')) attrs['group'] = '0'
      // Same check as metadata-action (isNaN(+group)); an empty group passes and simply never matches.
      if (isNaN(+(attrs['group'] ?? ''))) {
        throw new InputError(
          INPUT,
          `line "${line}": attribute 'group' must be a number, got '${attrs['group']}'; write e.g. group=1`
        )
      }
      if (!has(attrs, 'value')) attrs['value'] = ''
      break
    case 'edge':
      if (!has(attrs, 'branch')) attrs['branch'] = ''
      break
    case 'ref':
      if (!has(attrs, 'event')) throw missing('event')
      if (!REF_EVENTS.includes(attrs['event'] ?? '')) {
        throw new InputError(
          INPUT,
          `line "${line}": attribute 'event' must be one of branch, tag, pr, got '${attrs['event']}'`
        )
      }
      // PR tags default to pr-<number>; an explicit prefix= (even empty) wins, and so the flavor
      // prefix never applies to them.
      if (attrs['event'] === 'pr' && !has(attrs, 'prefix')) attrs['prefix'] = 'pr-'
      break
    case 'raw':
      if (!has(attrs, 'value')) throw missing('value')
      break
    case 'sha':
      if (!has(attrs, 'prefix')) attrs['prefix'] = 'sha-'
      if (!has(attrs, 'format')) attrs['format'] = 'short'
      if (!SHA_FORMATS.includes(attrs['format'] ?? '')) {
        throw new InputError(
          INPUT,
          `line "${line}": attribute 'format' must be short or long, got '${attrs['format']}'`
        )
      }
      break
  }
  if (!has(attrs, 'enable')) attrs['enable'] = 'true'
  if (!has(attrs, 'priority')) attrs['priority'] = DEFAULT_PRIORITIES[ruleType]
  return {type: ruleType, attrs, line}
}

/**
 * Parse all entries (or the default rules) and order them by priority, highest first. Uses the
 * same comparator and the engine's stable sort as metadata-action, so ties and even non-numeric
 * priorities (NaN compares equal to everything) come out in the same order.
 */
export function parseRules(entries: readonly string[]): TagRule[] {
  const lines = entries.length === 0 ? DEFAULT_RULES : entries
  const rules = lines.map(parseRule)
  return rules.sort((a, b) => {
    const pa = Number(a.attrs['priority'])
    const pb = Number(b.attrs['priority'])
    if (pa < pb) return 1
    if (pa > pb) return -1
    return 0
  })
}
