import {IncompleteListError, RegistryError} from './errors.js'
import {nextLink} from './link.js'
import {validateRepository} from './reference.js'
import {scopes, v2} from './scopes.js'
import type {RegistryResponse, RegistrySession} from './session.js'

export interface ListTagsOptions {
  /** `n` per page; without it the registry picks (distribution returns everything, others 100 or fewer). */
  readonly pageSize?: number
  /** A runaway guard, not a budget: reaching it is reported as an incomplete list. */
  readonly maxPages?: number
}

const DEFAULT_MAX_PAGES = 10_000

function pageTags(session: RegistrySession, repository: string, response: RegistryResponse): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(response.body).toString('utf8'))
  } catch {
    parsed = undefined
  }
  const tags = (parsed as {tags?: unknown} | undefined)?.tags
  if (tags === null || tags === undefined) return []
  if (!Array.isArray(tags) || !tags.every((t): t is string => typeof t === 'string')) {
    throw new RegistryError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: the tag list is not {"tags": [...]}`
    )
  }
  return tags
}

/**
 * Every tag of a repository, following `Link: <…>; rel="next"` pages. A full page without a Link is
 * double-checked with the spec's `last` parameter, because some registries page without saying so. Anything
 * that stops the walk early (a failed page, a loop, a registry ignoring `last`, the page guard) throws
 * IncompleteListError: a partial list must never pass for the whole one.
 */
export async function listTags(
  session: RegistrySession,
  repository: string,
  options: ListTagsOptions = {}
): Promise<string[]> {
  validateRepository(repository)
  const {pageSize} = options
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
    throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`)
  }
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES
  const base = v2(repository, 'tags/list')
  const query = (last?: string): string => {
    const params = new URLSearchParams()
    if (pageSize !== undefined) params.set('n', String(pageSize))
    if (last !== undefined) params.set('last', last)
    const text = params.toString()
    return text === '' ? base : `${base}?${text}`
  }
  const tags: string[] = []
  const seen = new Set<string>()
  const visited = new Set<string>()
  const where = {host: session.registry, repository}
  const incomplete = (why: string, cause?: unknown): IncompleteListError =>
    new IncompleteListError(
      where,
      `could not list all tags of ${session.registry}/${repository}: ${why} (${tags.length} read so far)`,
      [...tags],
      cause === undefined ? undefined : {cause}
    )

  let path: string | undefined = query()
  // Set while checking a full page that came without a Link: to the size of that page.
  let probing: number | undefined
  for (let page = 1; path !== undefined; page++) {
    if (page > maxPages) throw incomplete(`more than ${maxPages} pages`)
    if (visited.has(path)) throw incomplete(`the registry's next-page link repeats ${path}`)
    visited.add(path)
    let response: RegistryResponse
    try {
      response = await session.expect(
        {method: 'GET', path, repository, operation: 'list tags', scopes: scopes.pull(repository)},
        [200]
      )
    } catch (error: unknown) {
      if (page === 1) throw error
      throw incomplete(error instanceof Error ? error.message : String(error), error)
    }
    const pageList = pageTags(session, repository, response)
    // Tags after `last` are new by definition: seeing known ones means the parameter was ignored. A registry
    // that also ignored `n` (distribution 2.8 does both) does not page at all, so its one answer was the
    // whole list; one that honoured `n` but not `last` has tags we cannot reach.
    if (probing !== undefined && pageList.some(tag => seen.has(tag))) {
      if (pageSize !== undefined && probing > pageSize) return tags
      throw incomplete(
        `the registry ignores the "last" parameter, so pages past ${pageSize} tags cannot be reached`
      )
    }
    for (const tag of pageList) {
      if (!seen.has(tag)) {
        seen.add(tag)
        tags.push(tag)
      }
    }
    const link = nextLink(response.headers.get('link'), response.url)
    const lastTag = pageList[pageList.length - 1]
    probing = undefined
    if (link !== undefined) {
      path = link
    } else if (pageSize !== undefined && pageList.length >= pageSize && lastTag !== undefined) {
      probing = pageList.length
      path = query(lastTag)
    } else {
      path = undefined
    }
  }
  return tags
}
