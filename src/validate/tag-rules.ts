/**
 * `tags` and `flavor` checked for every event at once (pure), not only for the event that runs: a rule that
 * fails, or gives a tag no registry takes, on a release but not on a branch push is refused on the branch
 * push already. Each rule is parsed, its attributes, priority, `enable`, templates and regular expressions
 * checked, and the tag its constant parts give (the expressions filled with plain sample values) judged by
 * the tag grammar after metadata-action's sanitizing; then the rule is run on a branch push, a tag push, a
 * pull request and a schedule, so whatever the tag engine would throw on one of them is thrown now.
 */
import {DEFAULT_PRIORITIES, parseRule} from '../tags/rules.js'
import {parseFlavor} from '../tags/flavor.js'
import {parseFields, parseListEntries} from '../tags/list.js'
import {MAX_TAG_LENGTH, sanitizeTag} from '../tags/sanitize.js'
import {computeVersion} from '../tags/version.js'
import type {Flavor, RefContext, RuleType, TagRule} from '../tags/types.js'
import {atLine, InputLineError, type Entry} from '../shared/errors.js'
import {renderSample, templateProblem} from './templates.js'
import type {TemplateScope} from './templates.js'

/** The attributes each type reads besides prefix, suffix, enable and priority. */
const TYPE_ATTRIBUTES: Readonly<Record<RuleType, readonly string[]>> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format']
}
const COMMON_ATTRIBUTES = ['prefix', 'suffix', 'enable', 'priority']
const KNOWN_ATTRIBUTES = new Set([...Object.values(TYPE_ATTRIBUTES).flat(), ...COMMON_ATTRIBUTES])

/** What a tag may be (distribution's `[\w][\w.-]{0,127}`), said as the fix; undefined when it is one. */
function tagProblem(tag: string, sample: string): string | undefined {
  if (tag.length > MAX_TAG_LENGTH) {
    return `is ${tag.length} characters long, and a tag has at most ${MAX_TAG_LENGTH}; shorten it`
  }
  if (/^[A-Za-z0-9_]/.test(tag)) return undefined
  const lead = /^[^A-Za-z0-9_]+/.exec(sample)?.[0] ?? tag[0]
  const fixed = tag.replace(/^[.-]+/, '')
  return (
    `starts with '${tag[0]}'${lead !== tag[0] ? ` (what '${lead}' becomes)` : ''}, and a tag starts with a ` +
    `letter, digit or '_'; ${fixed ? `remove '${lead}' (giving e.g. '${fixed}')` : 'write a tag of letters and digits'}`
  )
}

/**
 * Judges the tag `sample` gives after metadata-action's sanitizing (every run of characters outside
 * `[A-Za-z0-9._-]` becomes `-`): refused when it is no tag, a warning when sanitizing changed it.
 */
function judgeTag(input: string, line: number, what: string, sample: string, warnings: string[]): void {
  if (sample === '') return
  const tag = sanitizeTag(sample)
  const problem = tagProblem(tag, sample)
  if (problem) throw new InputLineError(input, line, `${what} gives the tag '${tag}', which ${problem}`)
  if (tag !== sample) {
    warnings.push(
      `input '${input}' line ${line}: ${what} gives the tag '${tag}' (not '${sample}'): characters other than ` +
        `letters, digits, '_', '.' and '-' become '-', as in docker/metadata-action; write the tag as it should be`
    )
  }
}

function checkTemplate(
  input: string,
  line: number,
  attr: string,
  template: string,
  scope: TemplateScope
): void {
  const problem = templateProblem(template, scope)
  if (problem) throw new InputLineError(input, line, `${attr} '${template}': ${problem}`)
}

interface Affix {
  readonly value: string
  readonly line: number
}

/** The flavor, its prefix and suffix checked alone (with a plain tag) and in the `latest` tag. */
function checkFlavor(text: string, warnings: string[]): Flavor {
  const entries = parseListEntries(text, 'flavor')
  const affixes: Partial<Record<'prefix' | 'suffix', Affix>> = {}
  for (const entry of entries) {
    atLine('flavor', entry, () => parseFlavor([entry.entry]))
    for (const field of parseFields(entry.entry, 'flavor')) {
      const [key = '', value = ''] = field.split('=').map(part => part.trim())
      const name = key.toLowerCase()
      if (name !== 'prefix' && name !== 'suffix') continue
      checkTemplate('flavor', entry.line, name, value, 'global')
      affixes[name] = {value, line: entry.line}
    }
  }
  const flavor = parseFlavor(entries.map(({entry}) => entry))
  const {prefix, suffix} = affixes
  if (prefix?.value) {
    judgeTag(
      'flavor',
      prefix.line,
      `prefix '${prefix.value}'`,
      `${renderSample(prefix.value, 'global')}main`,
      warnings
    )
  }
  if (suffix?.value) {
    judgeTag(
      'flavor',
      suffix.line,
      `suffix '${suffix.value}'`,
      `main${renderSample(suffix.value, 'global')}`,
      warnings
    )
  }
  // The latest tag takes the prefix and suffix as written (metadata-action renders no expression there).
  for (const [name, affix, on] of [
    ['prefix', prefix, flavor.prefixLatest],
    ['suffix', suffix, flavor.suffixLatest]
  ] as const) {
    if (!on || !affix?.value.includes('{{')) continue
    throw new InputLineError(
      'flavor',
      affix.line,
      `${name} '${affix.value}' with onlatest=true: the latest tag takes the ${name} as written, without ` +
        `rendering its expressions ('${sanitizeTag(name === 'prefix' ? `${affix.value}latest` : `latest${affix.value}`)}'); ` +
        `drop onlatest=true, or the expression from the ${name}`
    )
  }
  const onLatest = flavor.prefixLatest ? prefix : flavor.suffixLatest ? suffix : undefined
  if (onLatest) {
    const latest = `${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`
    judgeTag('flavor', onLatest.line, 'onlatest=true', latest, warnings)
  }
  return flavor
}

function has(rule: TagRule, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(rule.attrs, name)
}

function attr(rule: TagRule, name: string): string {
  return rule.attrs[name] ?? ''
}

/** A regular expression as the tag engine builds it, or the sentence that says why it is none. */
function compile(source: string, flags?: string): RegExp | string {
  try {
    return new RegExp(source, flags)
  } catch (error: unknown) {
    return (error instanceof Error ? error.message : String(error)).replace(
      /^Invalid regular expression: /,
      ''
    )
  }
}

/** How many capture groups a regular expression has. */
function groupCount(regexp: RegExp): number {
  return (new RegExp(`(?:${regexp.source})|`, regexp.flags.replace(/[gy]/g, '')).exec('')?.length ?? 1) - 1
}

const REGEX_FIX = "escape characters that are special in a regular expression with '\\' (e.g. \\( or \\.)"

function checkMatchRule(rule: TagRule, line: number): void {
  const pattern = attr(rule, 'pattern')
  const literal = /^\/(.+)\/(.*)$/.exec(pattern)
  const regexp = literal ? compile(literal[1] ?? '', literal[2]) : compile(pattern)
  if (typeof regexp === 'string') {
    throw new InputLineError(
      'tags',
      line,
      `pattern '${pattern}' is not a regular expression (${regexp}); ${REGEX_FIX}`
    )
  }
  const group = attr(rule, 'group')
  if (!/^(0|[1-9]\d*)$/.test(group)) {
    throw new InputLineError(
      'tags',
      line,
      `group '${group}' is not a group number; write e.g. group=1 (0: the whole match)`
    )
  }
  const groups = groupCount(regexp)
  if (Number(group) > groups) {
    throw new InputLineError(
      'tags',
      line,
      `group ${group} does not exist: pattern '${pattern}' has ${groups} capture group${groups === 1 ? '' : 's'}; ` +
        `write group=${groups > 0 ? groups : 0} or add (…) around the part to keep`
    )
  }
}

function checkVersionMatch(rule: TagRule, line: number): void {
  const match = attr(rule, 'match')
  if (match === '') return
  const regexp = compile(match)
  if (typeof regexp === 'string') {
    throw new InputLineError(
      'tags',
      line,
      `match '${match}' is not a regular expression (${regexp}); ${REGEX_FIX}`
    )
  }
  if (groupCount(regexp) === 0) {
    throw new InputLineError(
      'tags',
      line,
      `match '${match}' captures no group, and the version is its group 1; put (…) around the version, e.g. match=v(\\d.*)`
    )
  }
}

const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567'

/** The rule's own part of a tag with sample values: the version, branch, sha… */
function sampleCore(rule: TagRule): string {
  switch (rule.type) {
    case 'schedule':
      return renderSample(attr(rule, 'pattern'), 'schedule')
    case 'semver':
      return renderSample(attr(rule, 'pattern'), 'semver')
    case 'pep440':
      return renderSample(attr(rule, 'pattern'), 'pep440')
    case 'match':
      return '1.2.3'
    case 'edge':
      return 'edge'
    case 'ref':
      return ({branch: 'main', tag: 'v1.2.3', pr: '42'} as Record<string, string>)[attr(rule, 'event')] ?? ''
    case 'raw':
      return renderSample(attr(rule, 'value'), 'global')
    case 'sha':
      return attr(rule, 'format') === 'long' ? SAMPLE_SHA : SAMPLE_SHA.slice(0, 7)
  }
}

/** Events every rule is run on: a branch push, a tag push, a pull request, a schedule. */
const SAMPLE_EVENTS: readonly RefContext[] = [
  {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: SAMPLE_SHA,
    payload: {repository: {default_branch: 'main'}}
  },
  {
    eventName: 'push',
    ref: 'refs/tags/v1.2.3',
    sha: SAMPLE_SHA,
    payload: {repository: {default_branch: 'main'}}
  },
  {
    eventName: 'pull_request',
    ref: 'refs/pull/42/merge',
    sha: SAMPLE_SHA,
    payload: {number: 42, pull_request: {number: 42, base: {ref: 'main'}, head: {sha: SAMPLE_SHA}}}
  },
  {eventName: 'schedule', ref: 'refs/heads/main', sha: SAMPLE_SHA, payload: {}}
]

function checkRule(entry: Entry, flavor: Flavor, warnings: string[]): void {
  const {line} = entry
  const rule = atLine('tags', entry, () => parseRule(entry.entry))
  const own = TYPE_ATTRIBUTES[rule.type]
  for (const key of Object.keys(rule.attrs)) {
    if (KNOWN_ATTRIBUTES.has(key)) continue
    throw new InputLineError(
      'tags',
      line,
      `unknown attribute '${key}'; type=${rule.type} takes ${[...own, ...COMMON_ATTRIBUTES].join(', ')}`
    )
  }
  const priority = attr(rule, 'priority')
  if (!/^-?\d+$/.test(priority)) {
    throw new InputLineError(
      'tags',
      line,
      `priority '${priority}' is not an integer; write e.g. priority=${DEFAULT_PRIORITIES[rule.type]} (higher comes first)`
    )
  }
  const enable = attr(rule, 'enable')
  checkTemplate('tags', line, 'enable', enable, 'global')
  const enabled = renderSample(enable, 'global')
  if (enabled !== 'true' && enabled !== 'false') {
    throw new InputLineError(
      'tags',
      line,
      `enable '${enable}' does not give true or false; write enable=true, enable=false or an expression ` +
        'that gives one, such as enable={{is_default_branch}}'
    )
  }
  for (const name of ['prefix', 'suffix'] as const) {
    if (has(rule, name)) checkTemplate('tags', line, name, attr(rule, name), 'global')
  }
  if (['semver', 'pep440', 'match', 'raw'].includes(rule.type) && has(rule, 'value')) {
    checkTemplate('tags', line, 'value', attr(rule, 'value'), 'global')
  }
  if (rule.type === 'semver' || rule.type === 'pep440' || rule.type === 'schedule') {
    checkTemplate('tags', line, 'pattern', attr(rule, 'pattern'), rule.type)
  }
  if (rule.type === 'match') checkMatchRule(rule, line)
  if (rule.type === 'semver' || rule.type === 'pep440') checkVersionMatch(rule, line)

  const prefix = has(rule, 'prefix') ? attr(rule, 'prefix') : flavor.prefix
  const suffix = has(rule, 'suffix') ? attr(rule, 'suffix') : flavor.suffix
  const flavored = [
    !has(rule, 'prefix') && flavor.prefix ? `prefix '${flavor.prefix}'` : '',
    !has(rule, 'suffix') && flavor.suffix ? `suffix '${flavor.suffix}'` : ''
  ].filter(Boolean)
  const what = `'${entry.entry}'${flavored.length > 0 ? ` with the flavor's ${flavored.join(' and ')}` : ''}`
  const sample = renderSample(prefix, 'global') + sampleCore(rule) + renderSample(suffix, 'global')
  judgeTag('tags', line, what, sample, warnings)

  // Whatever the tag engine itself refuses, on any of these events, is refused now.
  for (const ctx of SAMPLE_EVENTS) {
    const env = {ctx, sha: ctx.sha, now: new Date(0), shortShaLength: 7, warnings: [] as string[]}
    atLine('tags', entry, () => computeVersion([rule], flavor, {defaultBranch: 'main'}, env))
  }
}

/**
 * Checks `tags` and `flavor` for every event; throws the first problem as an InputError naming the input
 * and line, and returns warnings (a tag that sanitizing changed).
 */
export function checkTagInputs(inputs: {readonly tags: string; readonly flavor: string}): string[] {
  const warnings: string[] = []
  const flavor = checkFlavor(inputs.flavor, warnings)
  for (const entry of parseListEntries(inputs.tags, 'tags')) checkRule(entry, flavor, warnings)
  return warnings
}
