// Evaluates the sorted tag rules against the event, like metadata-action's Meta.getVersion():
// the first rule that yields a value gives the version (and decides `latest`), later values
// become partial tags.
import {
  clean as pep440Clean,
  explain as pep440Explain,
  valid as pep440Valid
} from '@renovatebot/pep440/lib/version.js'
import {
  major as pep440Major,
  minor as pep440Minor,
  patch as pep440Patch
} from '@renovatebot/pep440/lib/semantic.js'
import semverParse from 'semver/functions/parse.js'
import semverPrerelease from 'semver/functions/prerelease.js'
import semverValid from 'semver/functions/valid.js'

import {InputError} from '../shared/errors.js'
import {renderGlobal, scheduleContext, shortSha, type ExpressionEnv} from './expressions.js'
import {limitTagLength, sanitizeTag} from './sanitize.js'
import {isRawStatement, render} from './templates.js'
import type {Flavor, RepoInfo, TagRule, Version} from './types.js'

const INPUT = 'tags'
const HEADS = /^refs\/heads\//
const TAGS = /^refs\/tags\//
const PULL = /^refs\/pull\//

interface Evaluation {
  rule: TagRule
  env: ExpressionEnv
  flavor: Flavor
}

/** What a rule produced: its text before sanitizing, and what it says about `latest` under latest=auto. */
interface Produced {
  value: string
  autoLatest: boolean
}

function attr(rule: TagRule, name: string): string {
  return rule.attrs[name] ?? ''
}

function hasAttr(rule: TagRule, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(rule.attrs, name)
}

function global(e: Evaluation, template: string, attrName: string): string {
  return renderGlobal(template, e.env, {input: INPUT, line: e.rule.line, attr: attrName})
}

/** Prefix/suffix: the rule's own attribute when present (even empty), else the flavor's. */
function withAffixes(e: Evaluation, value: string): string {
  let out = value
  if (hasAttr(e.rule, 'prefix')) out = global(e, attr(e.rule, 'prefix'), 'prefix') + out
  else if (e.flavor.prefix.length > 0) {
    out =
      renderGlobal(e.flavor.prefix, e.env, {
        input: 'flavor',
        line: `prefix=${e.flavor.prefix}`,
        attr: 'prefix'
      }) + out
  }
  if (hasAttr(e.rule, 'suffix')) out = out + global(e, attr(e.rule, 'suffix'), 'suffix')
  else if (e.flavor.suffix.length > 0) {
    out =
      out +
      renderGlobal(e.flavor.suffix, e.env, {
        input: 'flavor',
        line: `suffix=${e.flavor.suffix}`,
        attr: 'suffix'
      })
  }
  return out
}

/** The string a version rule starts from: its value attribute, else the git tag name. */
function versionSource(e: Evaluation): string | undefined {
  if (attr(e.rule, 'value').length > 0) return global(e, attr(e.rule, 'value'), 'value')
  if (!TAGS.test(e.env.ctx.ref)) return undefined
  return e.env.ctx.ref.replace(TAGS, '')
}

function toRegExp(source: string, flags: string | undefined, e: Evaluation, attrName: string): RegExp {
  try {
    return new RegExp(source, flags)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new InputError(
      INPUT,
      `line "${e.rule.line}": attribute '${attrName}' is not a valid regular expression: ${detail}`
    )
  }
}

/** The `match` attribute of semver/pep440: keep capture group 1 when it matches, warn and go on otherwise. */
function applyVersionMatch(e: Evaluation, raw: string): string {
  const match = attr(e.rule, 'match')
  if (match.length === 0) return raw
  const found = raw.match(toRegExp(match, undefined, e, 'match'))
  if (!found) {
    e.env.warnings.push(`${match} does not match ${raw}.`)
    return raw
  }
  const group = found[1]
  if (group === undefined) {
    // metadata-action crashes here (undefined.replace); fail with a message instead.
    throw new InputError(
      INPUT,
      `line "${e.rule.line}": attribute 'match' must capture the version in group 1 (${match} matched ${raw} without it)`
    )
  }
  return group
}

function schedule(e: Evaluation): Produced | undefined {
  if (!/schedule/.test(e.env.ctx.eventName)) return undefined
  const source = {input: INPUT, line: e.rule.line, attr: 'pattern'}
  // The schedule pattern only knows the date helpers, not {{branch}} & co.
  const value = render(attr(e.rule, 'pattern'), scheduleContext(e.env, source), source)
  return {value: withAffixes(e, value), autoLatest: false}
}

function semverRule(e: Evaluation): Produced | undefined {
  const source = versionSource(e)
  if (source === undefined) return undefined
  const raw = applyVersionMatch(e, source).replace(/\//g, '-')
  if (!semverValid(raw)) {
    e.env.warnings.push(`${raw} is not a valid semver. More info: https://semver.org/`)
    return undefined
  }
  const parsed = semverParse(raw, {loose: true})
  const pattern = attr(e.rule, 'pattern')
  const where = {input: INPUT, line: e.rule.line, attr: 'pattern'}
  if (semverPrerelease(raw)) {
    // Pre-releases only get the full version (or the raw tag when the pattern is exactly {{raw}}).
    const template = isRawStatement(pattern) ? pattern : '{{version}}'
    return {value: withAffixes(e, render(template, parsed ?? {}, where)), autoLatest: false}
  }
  return {value: withAffixes(e, render(pattern, parsed ?? {}, where)), autoLatest: true}
}

function pep440Rule(e: Evaluation): Produced | undefined {
  const source = versionSource(e)
  if (source === undefined) return undefined
  const raw = applyVersionMatch(e, source).replace(/\//g, '-')
  if (!pep440Valid(raw)) {
    e.env.warnings.push(
      `${raw} does not conform to PEP 440. More info: https://www.python.org/dev/peps/pep-0440`
    )
    return undefined
  }
  const pattern = attr(e.rule, 'pattern')
  const explained = pep440Explain(raw)
  if (explained && (explained.is_prerelease || explained.is_postrelease || explained.is_devrelease)) {
    return {
      value: withAffixes(e, isRawStatement(pattern) ? raw : (pep440Clean(raw) ?? raw)),
      autoLatest: false
    }
  }
  const context = {
    raw: () => raw,
    version: () => pep440Clean(raw),
    major: () => pep440Major(raw),
    minor: () => pep440Minor(raw),
    patch: () => pep440Patch(raw)
  }
  return {
    value: withAffixes(e, render(pattern, context, {input: INPUT, line: e.rule.line, attr: 'pattern'})),
    autoLatest: true
  }
}

function matchRule(e: Evaluation): Produced | undefined {
  let raw: string
  if (attr(e.rule, 'value').length > 0) raw = global(e, attr(e.rule, 'value'), 'value')
  else if (TAGS.test(e.env.ctx.ref)) raw = e.env.ctx.ref.replace(TAGS, '')
  else return undefined
  const pattern = attr(e.rule, 'pattern')
  // "/re/flags" is a regular expression literal; anything else is a plain pattern without flags.
  const literal = pattern.match(/^\/(.+)\/(.*)$/)
  const regexp = literal
    ? toRegExp(literal[1] ?? '', literal[2], e, 'pattern')
    : toRegExp(pattern, undefined, e, 'pattern')
  const found = raw.match(regexp)
  if (!found) {
    e.env.warnings.push(`${pattern} does not match ${raw}.`)
    return undefined
  }
  // Indexed with the attribute text itself ("1" works, "01" or "" never do), like metadata-action.
  const group = (found as unknown as Record<string, string | undefined>)[attr(e.rule, 'group')]
  if (group === undefined) {
    e.env.warnings.push(`Group ${attr(e.rule, 'group')} does not exist for ${pattern} pattern.`)
    return undefined
  }
  return {value: withAffixes(e, group), autoLatest: true}
}

function edgeRule(e: Evaluation, repo: RepoInfo): Produced | undefined {
  const ref = e.env.ctx.ref
  if (!HEADS.test(ref)) return undefined
  // Without branch=, edge follows the default branch reported by the repository API (not the
  // payload's, which {{is_default_branch}} uses).
  const branch = attr(e.rule, 'branch').length > 0 ? attr(e.rule, 'branch') : repo.defaultBranch
  if (branch !== ref.replace(HEADS, '')) return undefined
  return {value: withAffixes(e, 'edge'), autoLatest: false}
}

function refRule(e: Evaluation): Produced | undefined {
  const ref = e.env.ctx.ref
  switch (attr(e.rule, 'event')) {
    case 'branch':
      return HEADS.test(ref) ? {value: withAffixes(e, ref.replace(HEADS, '')), autoLatest: false} : undefined
    case 'tag':
      // A git tag gives `latest` under latest=auto, even a pre-release one.
      return TAGS.test(ref) ? {value: withAffixes(e, ref.replace(TAGS, '')), autoLatest: true} : undefined
    case 'pr':
      return PULL.test(ref)
        ? {value: withAffixes(e, ref.replace(PULL, '').replace(/\/merge$/, '')), autoLatest: false}
        : undefined
    default:
      return undefined
  }
}

function rawRule(e: Evaluation): Produced {
  return {value: withAffixes(e, global(e, attr(e.rule, 'value'), 'value')), autoLatest: false}
}

function shaRule(e: Evaluation): Produced | undefined {
  const sha = e.env.sha
  if (!sha) return undefined
  const value = attr(e.rule, 'format') === 'short' ? shortSha(sha, e.env.shortShaLength) : sha
  return {value: withAffixes(e, value), autoLatest: false}
}

function produce(e: Evaluation, repo: RepoInfo): Produced | undefined {
  switch (e.rule.type) {
    case 'schedule':
      return schedule(e)
    case 'semver':
      return semverRule(e)
    case 'pep440':
      return pep440Rule(e)
    case 'match':
      return matchRule(e)
    case 'edge':
      return edgeRule(e, repo)
    case 'ref':
      return refRule(e)
    case 'raw':
      return rawRule(e)
    case 'sha':
      return shaRule(e)
  }
}

/** Evaluate the (already sorted) rules for this event. */
export function computeVersion(
  rules: readonly TagRule[],
  flavor: Flavor,
  repo: RepoInfo,
  env: ExpressionEnv
): Version {
  let main: string | undefined
  const partial: string[] = []
  let latest: boolean | undefined
  for (const rule of rules) {
    const e: Evaluation = {rule, env, flavor}
    const enabled = global(e, attr(rule, 'enable'), 'enable')
    if (enabled !== 'true' && enabled !== 'false') {
      throw new InputError(
        INPUT,
        `line "${rule.line}": attribute 'enable' must render to true or false, got '${enabled}'`
      )
    }
    if (enabled === 'false') continue
    const produced = produce(e, repo)
    // Empty values are dropped before sanitizing; the first value is the version.
    if (!produced || produced.value.length === 0) continue
    const value = limitTagLength(sanitizeTag(produced.value), env.warnings)
    if (main === undefined) main = value
    else if (value !== main) partial.push(value)
    if (latest === undefined)
      latest = flavor.latest === 'auto' ? produced.autoLatest : flavor.latest === 'true'
  }
  return {
    main,
    partial: partial.filter((item, index) => partial.indexOf(item) === index),
    latest: latest ?? false
  }
}
