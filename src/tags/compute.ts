import type {ExpressionEnv} from './expressions.js'
import {enabledImageNames} from './images.js'
import {defaultOciEntries, mergeEntries, withLevels} from './labels.js'
import {limitTagLength, sanitizeTag} from './sanitize.js'
import type {Flavor, Meta, MetaOptions, ParsedMeta, RefContext, RepoInfo, Version} from './types.js'
import {computeVersion} from './version.js'

/** The sha metadata-action uses: the PR head instead of the merge commit when DOCKER_METADATA_PR_HEAD_SHA is on. */
export function effectiveSha(ctx: RefContext, prHeadSha: boolean): string {
  if (prHeadSha && /pull_request/.test(ctx.eventName)) {
    const pr = ctx.payload['pull_request'] as {head?: {sha?: unknown}} | null | undefined
    const head = pr?.head?.sha
    if (head != undefined) return String(head)
  }
  return ctx.sha
}

/** Tag names for one image (or bare): version, partials, then latest. */
function tagNames(version: Version, flavor: Flavor, warnings: string[]): string[] {
  if (!version.main) return []
  const names = [version.main, ...version.partial]
  if (version.latest) {
    // The flavor prefix/suffix are used here as written (no expressions), and only with onlatest.
    const latest = `${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`
    names.push(limitTagLength(sanitizeTag(latest), warnings))
  }
  return names
}

/** Compute version, tags, labels and annotations for one event. Pure; throws InputError when a rule renders badly. */
export function computeMeta(parsed: ParsedMeta, ctx: RefContext, repo: RepoInfo, opts: MetaOptions): Meta {
  const warnings: string[] = []
  const sha = effectiveSha(ctx, opts.prHeadSha)
  const env: ExpressionEnv = {ctx, sha, now: opts.now, shortShaLength: opts.shortShaLength, warnings}

  const version = computeVersion(parsed.rules, parsed.flavor, repo, env)
  const images = enabledImageNames(parsed.images)
  const names = tagNames(version, parsed.flavor, warnings)
  // No enabled image (none given, or all disabled) means bare tags; so does an empty name, which
  // the legacy comma form lets through (`name/foo,` has a second, empty image).
  const tags =
    images.length > 0
      ? images.flatMap(image => names.map(name => (image ? `${image}:${name}` : name)))
      : [...names]
  if (!version.main) {
    warnings.push('No Docker image version has been generated. Check tags input.')
    warnings.push('No Docker tag has been generated. Check tags input.')
  }

  const defaults = defaultOciEntries(repo, version.main, opts.now, sha)
  const labels = mergeEntries(defaults, parsed.labels, env, 'labels')
  const annotations = mergeEntries(defaults, parsed.annotations, env, 'annotations')
  return {
    version,
    images,
    tags,
    tagNames: names,
    labels,
    annotations,
    annotationsWithLevels: withLevels(annotations, opts.annotationLevels),
    annotationLevels: [...opts.annotationLevels],
    warnings
  }
}
