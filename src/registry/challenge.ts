/** One challenge of a WWW-Authenticate header; the scheme is lowercased, parameter names too. */
export interface Challenge {
  readonly scheme: string
  readonly params: Readonly<Record<string, string>>
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/

/**
 * Parses RFC 7235 challenges: `Bearer realm="https://a/token",service="a",scope="repository:x:pull,push"`, several
 * challenges in one header, quoted strings with commas and escapes. token68 forms are skipped (no registry uses them).
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: {scheme: string; params: Record<string, string>}[] = []
  let i = 0
  const skip = (chars: RegExp): void => {
    while (i < header.length && chars.test(header.charAt(i))) i++
  }
  const token = (): string => {
    const start = i
    while (i < header.length && TOKEN_CHAR.test(header.charAt(i))) i++
    return header.slice(start, i)
  }
  const quoted = (): string => {
    let value = ''
    i++ // opening quote
    while (i < header.length && header.charAt(i) !== '"') {
      if (header.charAt(i) === '\\' && i + 1 < header.length) i++
      value += header.charAt(i++)
    }
    i++ // closing quote
    return value
  }

  while (i < header.length) {
    skip(/[\s,]/)
    const word = token()
    if (word === '') {
      i++ // stray character: skip it rather than loop forever
      continue
    }
    skip(/\s/)
    if (header.charAt(i) === '=' && challenges.length > 0) {
      i++
      skip(/\s/)
      const value = header.charAt(i) === '"' ? quoted() : token()
      const current = challenges[challenges.length - 1]
      if (current) current.params[word.toLowerCase()] = value
      continue
    }
    challenges.push({scheme: word.toLowerCase(), params: {}})
    // A token68 credential right after the scheme (`Basic abc==`) carries no parameters.
    if (
      /^[A-Za-z0-9\-._~+/]+=*\s*(,|$)/.test(header.slice(i)) &&
      !/^[^=,\s]+\s*=[^=]/.test(header.slice(i))
    ) {
      token()
      skip(/=/)
    }
  }
  return challenges
}

/** The scope string the token server expects: `repository:<name>:<action>[,<action>…]`. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`
}

/**
 * Merges scopes that name the same resource, so a challenge's `repository:x:pull` and our `repository:x:push`
 * become one `repository:x:pull,push`; the output is sorted so it can key a cache.
 */
export function mergeScopes(scopes: Iterable<string>): string[] {
  const byResource = new Map<string, Set<string>>()
  for (const scope of scopes) {
    for (const one of scope.split(' ')) {
      if (one === '') continue
      const last = one.lastIndexOf(':')
      const resource = last === -1 ? one : one.slice(0, last)
      const actions = last === -1 ? [] : one.slice(last + 1).split(',')
      const set = byResource.get(resource) ?? new Set<string>()
      for (const action of actions) if (action !== '') set.add(action)
      byResource.set(resource, set)
    }
  }
  return [...byResource]
    .map(([resource, actions]) =>
      actions.size === 0 ? resource : `${resource}:${[...actions].sort().join(',')}`
    )
    .sort()
}
