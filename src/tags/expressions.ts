import {InputError} from '../shared/errors.js'
import {formatMoment, inZone} from './moment-format.js'
import {render, type TemplateSource} from './templates.js'
import type {RefContext} from './types.js'

/** Everything the global expressions may read, fixed for one computeMeta call. */
export interface ExpressionEnv {
  ctx: RefContext
  /** The sha after DOCKER_METADATA_PR_HEAD_SHA was applied. */
  sha: string
  now: Date
  shortShaLength: number
  /** Collected warnings (e.g. an unknown time zone). */
  warnings: string[]
}

const HEADS = /^refs\/heads\//
const TAGS = /^refs\/tags\//
const PULL = /^refs\/pull\//

/** DOCKER_METADATA_SHORT_SHA_LENGTH semantics: a length past the end keeps the whole sha. */
export function shortSha(sha: string, length: number): string {
  if (isNaN(length)) {
    throw new Error(`DOCKER_METADATA_SHORT_SHA_LENGTH is not a valid number (needed for a short sha)`)
  }
  if (length >= sha.length) return sha
  return sha.substring(0, length)
}

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

interface HelperOptions {
  hash?: Record<string, unknown>
}

/**
 * The {{date}} / {{commit_date}} helpers. Called by Handlebars as (format, options); with no
 * argument the options object arrives first and metadata-action fails, so do we. An unquoted
 * format such as {{date YYYYMMDD}} is a (missing) variable, i.e. undefined, which moment turns
 * into its default ISO format, as metadata-action does.
 */
function dateHelper(name: string, date: () => Date, env: ExpressionEnv, source: TemplateSource) {
  return (...args: unknown[]): string => {
    const options = args[1] as HelperOptions | undefined
    if (args.length !== 2 || !options || typeof options !== 'object' || !options.hash) {
      throw new InputError(
        source.input,
        `line "${source.line}": attribute '${source.attr}': {{${name}}} takes exactly one format argument, e.g. {{${name} 'YYYYMMDD'}}`
      )
    }
    const format = args[0]
    let tz: unknown = 'UTC'
    for (const key of Object.keys(options.hash)) {
      if (key !== 'tz') {
        throw new InputError(
          source.input,
          `line "${source.line}": attribute '${source.attr}': unknown ${name} attribute '${key}' (only tz is supported)`
        )
      }
      tz = options.hash[key]
    }
    if (typeof tz !== 'string' || tz === '') {
      throw new InputError(
        source.input,
        `line "${source.line}": attribute '${source.attr}': ${name} tz must be a non-empty time zone name`
      )
    }
    if (format !== undefined && format !== null && typeof format !== 'string') {
      throw new InputError(
        source.input,
        `line "${source.line}": attribute '${source.attr}': ${name} format must be a quoted string`
      )
    }
    const {zoned, known} = inZone(date(), tz)
    if (!known)
      env.warnings.push(`Unknown time zone '${tz}' in ${source.input} line "${source.line}"; using UTC`)
    return formatMoment(zoned, format ?? undefined)
  }
}

/** The date-only context of a schedule pattern (metadata-action gives it nothing else). */
export function scheduleContext(env: ExpressionEnv, source: TemplateSource): object {
  const commitDate = (): Date => env.ctx.commitDate ?? env.now
  return {
    date: dateHelper('date', () => env.now, env, source),
    commit_date: dateHelper('commit_date', commitDate, env, source)
  }
}

/** The global expressions available in prefix, suffix, value, enable, flavor prefix/suffix, labels and annotations. */
export function globalContext(env: ExpressionEnv, source: TemplateSource): object {
  const {ctx} = env
  const isDefaultBranch = (): string => {
    // Not only branch refs: a tag ref is compared as-is, and some events count as the default
    // branch whatever the ref (they always run on its last commit).
    const branch = ctx.ref.replace(HEADS, '')
    if (branch.length === 0) return 'false'
    if (get(ctx.payload, 'repository', 'default_branch') == branch) return 'true'
    if (/create|discussion|issues|schedule/.test(ctx.eventName)) return 'true'
    return 'false'
  }
  return {
    ...scheduleContext(env, source),
    branch: () => (HEADS.test(ctx.ref) ? ctx.ref.replace(HEADS, '') : ''),
    tag: () => (TAGS.test(ctx.ref) ? ctx.ref.replace(TAGS, '') : ''),
    sha: () => shortSha(env.sha, env.shortShaLength),
    base_ref: () => {
      const baseRef = get(ctx.payload, 'base_ref')
      if (TAGS.test(ctx.ref) && baseRef != undefined) return String(baseRef).replace(HEADS, '')
      const prBase = get(ctx.payload, 'pull_request', 'base', 'ref')
      if (PULL.test(ctx.ref) && prBase != undefined) return prBase
      return ''
    },
    is_default_branch: isDefaultBranch,
    is_not_default_branch: () => (isDefaultBranch() === 'false' ? 'true' : 'false')
  }
}

/** Render a template with the global expressions. */
export function renderGlobal(template: string, env: ExpressionEnv, source: TemplateSource): string {
  if (!template.includes('{{')) return template
  return render(template, globalContext(env, source), source)
}
