/**
 * docker/metadata-action's `{{…}}` templates checked without an event (pure): they must parse, close every
 * `{{`, and name only the expressions the attribute knows, so a typo fails on every event instead of
 * rendering to nothing (or failing) on the one event that reaches it. {@link renderSample} then renders a
 * checked template with neutral sample values, so what the constant parts make of a tag can be judged.
 */
import Handlebars from 'handlebars'
import {formatMoment, inZone} from '../tags/moment-format.js'
import {compileTemplate} from '../tags/templates.js'

/**
 * Where a template is rendered, which decides what it may name: `global` (value, prefix, suffix, enable,
 * flavor, labels, annotations, promote-from), a `semver` or `pep440` pattern, a `schedule` pattern.
 */
export type TemplateScope = 'global' | 'semver' | 'pep440' | 'schedule'

const GLOBAL_VALUES = ['branch', 'tag', 'sha', 'base_ref', 'is_default_branch', 'is_not_default_branch']
const DATE_HELPERS = ['date', 'commit_date']
const VERSION_VALUES = ['raw', 'version', 'major', 'minor', 'patch']

/** The expressions each scope knows (date helpers apart). */
const VALUES: Readonly<Record<TemplateScope, readonly string[]>> = {
  global: GLOBAL_VALUES,
  semver: [...VERSION_VALUES, 'prerelease', 'build'],
  pep440: VERSION_VALUES,
  schedule: []
}

const HAS_DATES: Readonly<Record<TemplateScope, boolean>> = {
  global: true,
  semver: false,
  pep440: false,
  schedule: true
}

/** A fixed instant for sample dates: 2024-01-02 03:04:05 UTC, nothing in it a tag could not carry. */
const SAMPLE_DATE = new Date(Date.UTC(2024, 0, 2, 3, 4, 5))

/** Sample values: what each expression gives on some event, plain letters and digits. */
const SAMPLES: Readonly<Record<string, string>> = {
  branch: 'main',
  tag: 'v1.2.3',
  sha: '0123456',
  base_ref: 'main',
  is_default_branch: 'true',
  is_not_default_branch: 'false',
  raw: '1.2.3',
  version: '1.2.3',
  major: '1',
  minor: '2',
  patch: '3',
  prerelease: '',
  build: ''
}

/** The expressions a scope knows, as a user writes them, for messages. */
export function knownExpressions(scope: TemplateScope): string {
  const values = VALUES[scope].map(name => `{{${name}}}`)
  const dates = HAS_DATES[scope] ? ["{{date 'YYYYMMDD'}}", "{{commit_date 'YYYYMMDD'}}"] : []
  return [...values, ...dates].join(', ')
}

/** `{{` that is never closed, or `}}` that closes nothing (only where the text becomes a tag). */
function balanceProblem(template: string, strict: boolean): string | undefined {
  let at = 0
  for (;;) {
    const open = template.indexOf('{{', at)
    const close = template.indexOf('}}', at)
    if (strict && close !== -1 && (open === -1 || close < open)) {
      return `'}}' at column ${close + 1} closes no '{{'; remove it or open the expression with '{{'`
    }
    if (open === -1) return undefined
    const end = template.indexOf('}}', open + 2)
    const next = template.indexOf('{{', open + 2)
    // `{{{x}}}` opens once: the third brace belongs to the expression.
    const reopened = next !== -1 && next < (end === -1 ? Infinity : end) && next !== open + 1
    if (end === -1 || reopened) {
      return `'{{' at column ${open + 1} is not closed; close it with '}}'`
    }
    at = end + 2
    while (template[at] === '}') at++
  }
}

type Node = hbs.AST.Node & {type: string}

function pathName(node: hbs.AST.Expression): string | undefined {
  if (node.type !== 'PathExpression') return undefined
  const path = node as hbs.AST.PathExpression
  if (path.data || path.depth > 0 || path.parts.length !== 1) return undefined
  return path.parts[0]
}

function original(node: hbs.AST.Expression): string {
  const value = (node as {original?: unknown}).original
  return typeof value === 'string' ? value : String(value)
}

interface Walk {
  readonly scope: TemplateScope
  readonly values: readonly string[]
}

function unknownName(shown: string, walk: Walk): string {
  const known = knownExpressions(walk.scope)
  const where =
    walk.scope === 'global'
      ? 'here'
      : walk.scope === 'schedule'
        ? 'in a schedule pattern'
        : `in a ${walk.scope} pattern`
  return known === ''
    ? `{{${shown}}} is not an expression known ${where}`
    : `{{${shown}}} is not an expression known ${where}; use ${known}`
}

/** `{{date 'FORMAT' tz='Zone'}}`: one quoted format, only tz. */
function dateProblem(name: string, params: hbs.AST.Expression[], hash: hbs.AST.Hash): string | undefined {
  const example = `{{${name} 'YYYYMMDD'}}`
  if (params.length === 0) return `{{${name}}} needs a format, e.g. ${example}`
  if (params.length > 1) return `{{${name}}} takes one format, e.g. ${example}`
  const format = params[0] as hbs.AST.Expression
  if (format.type !== 'StringLiteral') {
    return `the format of {{${name} ${original(format)}}} must be quoted, e.g. {{${name} '${original(format)}'}}`
  }
  for (const pair of hash?.pairs ?? []) {
    if (pair.key !== 'tz') return `{{${name}}} takes only tz='<time zone>', not ${pair.key}=`
    if (pair.value.type !== 'StringLiteral' || (pair.value as hbs.AST.StringLiteral).value === '') {
      return `the tz of {{${name}}} must be a quoted time zone name, e.g. tz='Europe/Paris'`
    }
  }
  return undefined
}

/** The head of a mustache or sub-expression: a known value, or a date helper with its arguments. */
function callProblem(
  call: {path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash: hbs.AST.Hash},
  walk: Walk
): string | undefined {
  const name = pathName(call.path)
  if (name !== undefined && HAS_DATES[walk.scope] && DATE_HELPERS.includes(name)) {
    return dateProblem(name, call.params, call.hash)
  }
  if (name === undefined || !walk.values.includes(name)) return unknownName(original(call.path), walk)
  if (call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0) {
    return `{{${name}}} takes no arguments; write {{${name}}}`
  }
  return undefined
}

function paramProblem(param: hbs.AST.Expression, walk: Walk): string | undefined {
  if (param.type === 'SubExpression') return callProblem(param as hbs.AST.SubExpression, walk)
  if (param.type === 'PathExpression') {
    const name = pathName(param)
    return name !== undefined && walk.values.includes(name) ? undefined : unknownName(original(param), walk)
  }
  return undefined
}

function statementProblem(node: Node, walk: Walk): string | undefined {
  switch (node.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return undefined
    case 'MustacheStatement':
      return callProblem(node as hbs.AST.MustacheStatement, walk)
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement
      const name = pathName(block.path)
      if (name !== 'if' && name !== 'unless') {
        return `{{#${original(block.path)}}} is not supported; only {{#if …}} and {{#unless …}} blocks are`
      }
      if (block.params.length !== 1) return `{{#${name}}} takes one expression, e.g. {{#${name} branch}}`
      return (
        paramProblem(block.params[0] as hbs.AST.Expression, walk) ??
        programProblem(block.program, walk) ??
        (block.inverse ? programProblem(block.inverse, walk) : undefined)
      )
    }
    default:
      return 'partials ({{> …}}) and decorators ({{* …}}) are not supported; use {{…}} expressions'
  }
}

function programProblem(program: hbs.AST.Program, walk: Walk): string | undefined {
  for (const statement of program.body) {
    const problem = statementProblem(statement as Node, walk)
    if (problem) return problem
  }
  return undefined
}

/** The last line of a Handlebars parse error, which says what it found (`… got 'INVALID'`), shortened. */
function parseErrorCause(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  const last =
    text
      .split('\n')
      .filter(line => line.trim() !== '')
      .pop() ?? text
  const got = /got '([^']+)'$/.exec(last.trim())?.[1]
  return got ? `found ${got} where it did not expect it` : last.trim().slice(0, 120)
}

/**
 * What is wrong with a template, as a sentence with its fix, or undefined when it is sound. `strict`
 * (text that becomes a tag or reference) also refuses a `}}` that closes nothing, a sign of a missing `{`.
 */
export function templateProblem(template: string, scope: TemplateScope, strict = true): string | undefined {
  if (!template.includes('{{') && !(strict && template.includes('}}'))) return undefined
  const balance = balanceProblem(template, strict)
  if (balance) return balance
  let program: hbs.AST.Program
  try {
    program = Handlebars.parseWithoutProcessing(template)
  } catch (error: unknown) {
    return `Handlebars cannot read it (${parseErrorCause(error)}); check its {{ }}`
  }
  return programProblem(program, {scope, values: VALUES[scope]})
}

function dateSample(...args: unknown[]): string {
  const options = args[args.length - 1] as {hash?: Record<string, unknown>}
  const format = typeof args[0] === 'string' ? args[0] : undefined
  const tz = typeof options?.hash?.tz === 'string' ? options.hash.tz : 'UTC'
  return formatMoment(inZone(SAMPLE_DATE, tz).zoned, format)
}

/** Renders a template that {@link templateProblem} passed, with the sample values of its scope. */
export function renderSample(template: string, scope: TemplateScope): string {
  if (!template.includes('{{')) return template
  const context: Record<string, unknown> = {}
  for (const name of VALUES[scope]) context[name] = () => SAMPLES[name] ?? ''
  if (HAS_DATES[scope]) for (const name of DATE_HELPERS) context[name] = dateSample
  return compileTemplate(template)(context)
}
