/**
 * The `rel="next"` target of a Link header (`<…>; rel="next"`), resolved against the URL of the request that
 * returned it: distribution sends a path, Quay an opaque token in the query, others an absolute URL.
 */
export function nextLink(header: string | null, requestUrl: string): string | undefined {
  if (!header) return undefined
  for (const part of splitLinks(header)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part)
    if (!match) continue
    const [, target = '', params = ''] = match
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(params)
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/)
    if (rels.includes('next')) return new URL(target, requestUrl).toString()
  }
  return undefined
}

/** Splits on the commas between link-values, not those inside `<…>` or quotes. */
function splitLinks(header: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < header.length; i++) {
    const c = header.charAt(i)
    if (c === '"') quoted = !quoted
    else if (!quoted && c === '<') depth++
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1)
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(header.slice(start, i))
      start = i + 1
    }
  }
  parts.push(header.slice(start))
  return parts
}
