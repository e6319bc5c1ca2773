/**
 * The GitHub Packages REST API for container packages (GHCR), which is the only way to delete there: ghcr.io
 * answers 405 to registry DELETEs. A package version is one manifest digest (`name`) with its tags
 * (`metadata.container.tags`); deleting a version deletes every tag on it, so callers untag first.
 *
 *   GET    /users/{owner}                                        → type: Organization | User
 *   GET    /{orgs|users}/{owner}/packages/container/{pkg}/versions?per_page=100   (Link: rel="next")
 *   GET    /{orgs|users}/{owner}/packages/container/{pkg}/versions/{id}
 *   DELETE /{orgs|users}/{owner}/packages/container/{pkg}/versions/{id}          → 204
 *
 * `{pkg}` is percent-encoded (`app/sub` → `app%2Fsub`). GitHub asks for a second between mutations.
 */
import {nextLink} from '../link.js'
import {ApiError, ApiHttp, apiMessage, json, type ApiHttpOptions, type ApiResponse} from './http.js'

export const GITHUB_API = 'https://api.github.com'
const MAX_PAGES = 10_000

export interface GhcrVersion {
  readonly id: number
  /** The version's manifest digest. */
  readonly digest: string
  readonly tags: readonly string[]
  readonly updatedMs?: number
}

/** Token refused, or without admin rights on the package (GitHub then says "Package not found"). */
export class GhcrPermissionError extends ApiError {
  override name = 'GhcrPermissionError'
}

export interface GhcrApiOptions extends Partial<Omit<ApiHttpOptions, 'name'>> {
  readonly token: string
}

interface RawVersion {
  readonly id?: unknown
  readonly name?: unknown
  readonly updated_at?: unknown
  readonly created_at?: unknown
  readonly metadata?: {container?: {tags?: unknown}}
}

function toVersion(raw: RawVersion): GhcrVersion | undefined {
  if (typeof raw.id !== 'number' || typeof raw.name !== 'string') return undefined
  const tags = raw.metadata?.container?.tags
  const time = typeof raw.updated_at === 'string' ? raw.updated_at : raw.created_at
  const ms = typeof time === 'string' ? Date.parse(time) : NaN
  return {
    id: raw.id,
    digest: raw.name,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    ...(Number.isNaN(ms) ? {} : {updatedMs: ms})
  }
}

/** GitHub's refusals that are about this version, not about the token. */
const REFUSAL = /last version|5,?000 downloads|cannot delete/i

export class GhcrApi {
  private readonly http: ApiHttp
  private readonly owners = new Map<string, Promise<'orgs' | 'users'>>()

  constructor(options: GhcrApiOptions) {
    this.http = new ApiHttp(
      {baseUrl: GITHUB_API, mutationIntervalMs: 1000, ...options, name: 'GitHub API'},
      async () => ({
        authorization: `Bearer ${options.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28'
      })
    )
  }

  /** Every version of the package at `owner/name…`, newest first; any unreadable page fails the listing. */
  async listVersions(path: string): Promise<GhcrVersion[]> {
    let url: string | undefined = `${await this.base(path)}/versions?per_page=100`
    const versions: GhcrVersion[] = []
    const seen = new Set<string>()
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES || seen.has(url)) throw new ApiError(`GitHub version pages of ${path} do not end`)
      seen.add(url)
      const response = await this.http.request('GET', url)
      if (response.status !== 200) throw this.failure(response, `list the versions of ${path}`)
      const raw = json<unknown>(response, 'GitHub API')
      if (!Array.isArray(raw)) throw new ApiError(`GitHub answered the version list of ${path} with no list`)
      for (const entry of raw as RawVersion[]) {
        const version = toVersion(entry)
        if (version) versions.push(version)
      }
      const next = nextLink(response.headers.get('link'), response.url)
      if (next !== undefined && !this.http.sameOrigin(next)) {
        throw new ApiError(`GitHub sent a next page on another host (${new URL(next).host})`)
      }
      url = next
    }
    return versions
  }

  /** The version as it is now, or undefined when it is gone. */
  async getVersion(path: string, id: number): Promise<GhcrVersion | undefined> {
    const response = await this.http.request('GET', `${await this.base(path)}/versions/${id}`)
    if (response.status === 404) return undefined
    if (response.status !== 200) throw this.failure(response, `read version ${id} of ${path}`)
    return toVersion(json<RawVersion>(response, 'GitHub API'))
  }

  /** The newest version with this digest (a just-pushed one is on the first pages). */
  async findVersion(path: string, digest: string, pages = 3): Promise<GhcrVersion | undefined> {
    const base = await this.base(path)
    for (let page = 1; page <= pages; page++) {
      const response = await this.http.request('GET', `${base}/versions?per_page=100&page=${page}`)
      if (response.status !== 200) throw this.failure(response, `list the versions of ${path}`)
      const list = (json<RawVersion[]>(response, 'GitHub API') ?? []).map(toVersion)
      const found = list.find(v => v?.digest === digest)
      if (found || list.length < 100) return found
    }
    return undefined
  }

  /** Deletes one version; `{refused}` when GitHub will not for this version (last one, >5,000 downloads). */
  async deleteVersion(path: string, id: number): Promise<'deleted' | {refused: string}> {
    const response = await this.http.request('DELETE', `${await this.base(path)}/versions/${id}`)
    if (response.status === 204 || response.status === 200) return 'deleted'
    const message = apiMessage(response)
    if ([400, 403, 422].includes(response.status) && REFUSAL.test(message)) return {refused: message}
    throw this.failure(response, `delete version ${id} of ${path}`)
  }

  private failure(response: ApiResponse, what: string): ApiError {
    const detail = `${response.status} ${apiMessage(response)}`.trim()
    // A token without admin rights on the package gets 404 "Package not found", even for deletes. A 403
    // that is a rate limit still in force after the waits is not a permission problem.
    if ([401, 403, 404].includes(response.status) && !/rate limit/i.test(detail)) {
      return new GhcrPermissionError(
        `GitHub refused to ${what} (${detail}): the token needs delete:packages (a classic PAT) or, for ` +
          'GITHUB_TOKEN, packages: write and the Admin role in the package settings',
        response.status
      )
    }
    return new ApiError(`GitHub could not ${what} (${detail})`, response.status)
  }

  /** `/orgs/{owner}/packages/container/{pkg}` or `/users/…`, by what GitHub says the owner is. */
  private async base(path: string): Promise<string> {
    const slash = path.indexOf('/')
    if (slash <= 0) throw new ApiError(`"${path}" is not a GHCR package (owner/name)`)
    const owner = path.slice(0, slash)
    const name = encodeURIComponent(path.slice(slash + 1))
    let kind = this.owners.get(owner)
    if (kind === undefined) {
      kind = this.http.request('GET', `/users/${encodeURIComponent(owner)}`).then(response => {
        if (response.status !== 200) throw this.failure(response, `look up the owner ${owner}`)
        return json<{type?: unknown}>(response, 'GitHub API').type === 'Organization' ? 'orgs' : 'users'
      })
      this.owners.set(owner, kind)
    }
    return `/${await kind}/${encodeURIComponent(owner)}/packages/container/${name}`
  }
}
