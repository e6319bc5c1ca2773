import Handlebars from 'handlebars'

import {InputError} from '../shared/errors.js'

/** Where a template came from, so a failure names the input, the line and the attribute. */
export interface TemplateSource {
  input: string
  line: string
  attr: string
}

const compiled = new Map<string, HandlebarsTemplateDelegate>()

/**
 * `Handlebars.compile(text)` once per text: validation renders each template with sample values before the
 * tags are computed with the real ones, and a template compiles (to JavaScript) on its first call.
 */
export function compileTemplate(template: string): HandlebarsTemplateDelegate {
  let fn = compiled.get(template)
  if (!fn) {
    fn = Handlebars.compile(template)
    compiled.set(template, fn)
  }
  return fn
}

/**
 * Render a Handlebars template the way metadata-action does: `handlebars.compile(text)(context)`
 * with the library's defaults (HTML-escaping of `{{…}}` output, built-in helpers, own-property
 * access only). Text without `{{` renders to itself, so it skips the compiler.
 */
export function render(template: string, context: object, source: TemplateSource): string {
  if (!template.includes('{{')) return template
  try {
    return compileTemplate(template)(context)
  } catch (error) {
    if (error instanceof InputError) throw error
    const detail = error instanceof Error ? error.message : String(error)
    throw new InputError(
      source.input,
      `line "${source.line}": attribute '${source.attr}': cannot render template "${template}": ${detail}`
    )
  }
}

/**
 * True when the pattern is exactly one `{{raw}}` mustache (spaces allowed). Semver/pep440
 * pre-releases only honour such a pattern; any other pattern is replaced by the full version.
 */
export function isRawStatement(pattern: string): boolean {
  try {
    const program = Handlebars.parseWithoutProcessing(pattern)
    const [statement] = program.body
    if (program.body.length === 1 && statement?.type === 'MustacheStatement') {
      const path = (statement as hbs.AST.MustacheStatement).path as Partial<hbs.AST.PathExpression>
      return Array.isArray(path.parts) && path.parts.length === 1 && path.parts[0] === 'raw'
    }
  } catch {
    return false
  }
  return false
}
