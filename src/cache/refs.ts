/** Cache tag names: derived from a base tag, always valid and at most 128 characters. */
import {createHash} from 'node:crypto'

export const MAX_TAG_LENGTH = 128
const HASH_LENGTH = 8

/**
 * A tag cut to {@link MAX_TAG_LENGTH}: a long branch name keeps its start, and a short hash of the whole
 * keeps two long names that share a start apart.
 */
export function fitTag(tag: string): string {
  if (tag.length <= MAX_TAG_LENGTH) return tag
  const hash = createHash('sha256').update(tag).digest('hex').slice(0, HASH_LENGTH)
  return `${tag.slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)}-${hash}`
}

/** 'repo:tag' + '-suffix' → 'repo:tag-suffix', the tag fitted; the tag is what follows the last ':' after the last '/'. */
export function withTagSuffix(ref: string, suffix: string): string {
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  if (colon <= slash) throw new Error(`cache ref ${ref} has no tag`)
  return `${ref.slice(0, colon)}:${fitTag(ref.slice(colon + 1) + suffix)}`
}

/** The stage id in cache tags: its name, or its index when unnamed (as BuildKit's `stage-N`). */
export function stageRef(ref: string, stageId: string): string {
  return withTagSuffix(ref, `-stage-${stageId}`)
}

/**
 * The second ref of every stage. BuildKit 20.10's inline cache only records layers for steps that ran in
 * that build, so a build that reused a stage's first steps and re-ran the rest writes a cache without the
 * first steps' layers. Such builds go to this ref and leave the full one (every step run) in place; both
 * are read, so the next change again reuses the unchanged steps.
 */
export function partialRef(ref: string): string {
  return withTagSuffix(ref, '-partial')
}
