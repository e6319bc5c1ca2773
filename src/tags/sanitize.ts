/** The longest tag any registry accepts (distribution spec: [\w][\w.-]{0,127}). */
export const MAX_TAG_LENGTH = 128

/** metadata-action's tag sanitizing: every run of characters outside [a-zA-Z0-9._-] becomes one '-'. */
export function sanitizeTag(tag: string): string {
  return tag.replace(/[^a-zA-Z0-9._-]+/g, '-')
}

/**
 * metadata-action does not shorten tags, so a long branch name yields a tag every registry
 * rejects at push time. We keep its output otherwise, but cut such a tag to 128 characters (and
 * say so) so the push can succeed.
 */
export function limitTagLength(tag: string, warnings: string[]): string {
  if (tag.length <= MAX_TAG_LENGTH) return tag
  const cut = tag.substring(0, MAX_TAG_LENGTH)
  warnings.push(
    `Tag "${tag}" is ${tag.length} characters long; registries accept at most ${MAX_TAG_LENGTH}, so it was truncated to "${cut}"`
  )
  return cut
}
