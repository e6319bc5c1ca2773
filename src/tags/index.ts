// Tag-rule engine: a pure, drop-in reimplementation of docker/metadata-action v6 (images, tags,
// flavor, labels, annotations, sep-* → version, tags, tag-names, labels, annotations, json and
// bake definitions). No I/O, no clock, no environment: everything comes in as arguments.
import {parseFlavor} from './flavor.js'
import {parseImages} from './images.js'
import {parseList} from './list.js'
import {parseRules} from './rules.js'
import {effectiveSha} from './compute.js'
import {renderGlobal} from './expressions.js'
import type {MetaInputs, MetaOptions, ParsedMeta, RefContext} from './types.js'

export type {
  Flavor,
  ImageEntry,
  Meta,
  MetaInputs,
  MetaOptions,
  ParsedMeta,
  RefContext,
  RepoInfo,
  RuleType,
  TagRule,
  Version
} from './types.js'
export {computeMeta, effectiveSha} from './compute.js'
export {metaOptionsFromEnv, refContextFromEnv} from './context.js'
export {metaOutputs} from './outputs.js'
export {MAX_TAG_LENGTH, sanitizeTag} from './sanitize.js'

/** Parse and validate the inputs (throws InputError naming the input, line and attribute). */
export function parseMetaInputs(inputs: MetaInputs): ParsedMeta {
  // Same order as metadata-action: images, tags, flavor; labels/annotations are only split here.
  const images = parseImages(parseList(inputs.images, 'images'))
  const rules = parseRules(parseList(inputs.tags, 'tags'))
  const flavor = parseFlavor(parseList(inputs.flavor, 'flavor'))
  return {
    images,
    rules,
    flavor,
    labels: parseList(inputs.labels, 'labels'),
    annotations: parseList(inputs.annotations, 'annotations')
  }
}

/**
 * Renders metadata-action's global expressions ({{sha}}, {{branch}}, {{tag}}, {{date …}}, …) in another input,
 * such as `promote-from`, with the same context the tag rules see.
 */
export function renderInputExpressions(
  input: string,
  template: string,
  ctx: RefContext,
  opts: MetaOptions
): {value: string; warnings: string[]} {
  const warnings: string[] = []
  const env = {
    ctx,
    sha: effectiveSha(ctx, opts.prHeadSha),
    now: opts.now,
    shortShaLength: opts.shortShaLength,
    warnings
  }
  return {value: renderGlobal(template, env, {input, line: template, attr: 'value'}), warnings}
}
