/**
 * Docker Hub's own API (hub.docker.com), for what the registry API cannot do on Hub: list tags with their
 * push times and delete one tag without touching the image under it.
 *
 * Auth: `POST /v2/auth/token {identifier, secret}` → `access_token` (valid ten minutes; the PAT needs the
 * "Read, Write, Delete" scope). The deprecated `POST /v2/users/login {username, password}` → `token` is
 * tried only when the first route does not exist. Tags: `GET /v2/namespaces/{ns}/repositories/{repo}/tags`
 * (100 per page, `next` links). Delete: `DELETE /v2/namespaces/{ns}/repositories/{repo}/tags/{tag}`, with
 * the older `/v2/repositories/{ns}/{repo}/tags/{tag}/` when that route answers 405.
 */
import {ApiError, ApiHttp, apiMessage, json, type ApiHttpOptions, type ApiResponse} from './http.js'

export const DOCKER_HUB_API = 'https://hub.docker.com'
const TOKEN_LIFETIME_MS = 8 * 60_000
const PAGE_SIZE = 100
const MAX_PAGES = 10_000

export interface HubTag {
  readonly name: string
  /** `tag_last_pushed`, else `last_updated`. */
  readonly pushedMs?: number
}

/** Credentials refused, or not allowed to delete: stops pruning this repository. */
export class HubPermissionError extends ApiError {
  override name = 'HubPermissionError'
}

export interface HubApiOptions extends Partial<Omit<ApiHttpOptions, 'name'>> {
  readonly username: string
  /** Password or personal access token. */
  readonly password: string
}

interface TagPage {
  readonly count?: number
  readonly next?: string | null
  readonly results?: readonly {name?: unknown; tag_last_pushed?: unknown; last_updated?: unknown}[]
}

function splitPath(path: string): [string, string] {
  const parts = path.split('/')
  if (parts.length !== 2) throw new ApiError(`"${path}" is not a Docker Hub repository (namespace/name)`)
  return [encodeURIComponent(parts[0] as string), encodeURIComponent(parts[1] as string)]
}

export class HubApi {
  private readonly http: ApiHttp
  private token: {value: string; until: number} | undefined
  private pending: Promise<string> | undefined

  constructor(private readonly options: HubApiOptions) {
    // The header carries whatever token is current; `bearer()` renews it before each request.
    this.http = new ApiHttp({baseUrl: DOCKER_HUB_API, ...options, name: 'Docker Hub API'}, async () => {
      const headers: Record<string, string> = {}
      if (this.token) headers.authorization = `Bearer ${this.token.value}`
      return headers
    })
  }

  /** Every tag with its push time; an unreadable page or a short count fails (never a partial list). */
  async listTags(path: string): Promise<HubTag[]> {
    const [ns, repo] = splitPath(path)
    await this.bearer()
    const tags: HubTag[] = []
    const seen = new Set<string>()
    let url: string | undefined = `/v2/namespaces/${ns}/repositories/${repo}/tags?page_size=${PAGE_SIZE}`
    let expected: number | undefined
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_PAGES || seen.has(url))
        throw new ApiError(`Docker Hub tag pages for ${path} do not end`)
      seen.add(url)
      const response = await this.authed('GET', url)
      if (response.status !== 200) throw this.failure(response, `list tags of ${path}`)
      const body = json<TagPage>(response, 'Docker Hub API')
      expected ??= body.count
      for (const result of body.results ?? []) {
        if (typeof result.name !== 'string') continue
        const pushed =
          typeof result.tag_last_pushed === 'string' ? result.tag_last_pushed : result.last_updated
        const ms = typeof pushed === 'string' ? Date.parse(pushed) : NaN
        tags.push(Number.isNaN(ms) ? {name: result.name} : {name: result.name, pushedMs: ms})
      }
      const next = body.next ?? undefined
      if (next !== undefined && !this.http.sameOrigin(this.http.url(next))) {
        throw new ApiError(
          `Docker Hub sent a next page on another host (${new URL(this.http.url(next)).host})`
        )
      }
      url = next
    }
    if (expected !== undefined && tags.length < expected) {
      throw new ApiError(`Docker Hub listed ${tags.length} of ${expected} tags of ${path}`)
    }
    return tags
  }

  /** Removes one tag, leaving the image; 'not-found' when Hub does not know it (anymore). */
  async deleteTag(path: string, tag: string): Promise<'deleted' | 'not-found'> {
    const [ns, repo] = splitPath(path)
    const name = encodeURIComponent(tag)
    let response = await this.authed('DELETE', `/v2/namespaces/${ns}/repositories/${repo}/tags/${name}`)
    if (response.status === 405)
      response = await this.authed('DELETE', `/v2/repositories/${ns}/${repo}/tags/${name}/`)
    if ([200, 202, 204].includes(response.status)) return 'deleted'
    if (response.status === 404) return 'not-found'
    throw this.failure(response, `delete tag ${tag} of ${path}`)
  }

  private failure(response: ApiResponse, what: string): ApiError {
    const detail = `${response.status} ${apiMessage(response)}`.trim()
    if (response.status === 401 || response.status === 403) {
      return new HubPermissionError(
        `Docker Hub refused to ${what} (${detail}): the token needs the Read, Write, Delete scope`,
        response.status
      )
    }
    return new ApiError(`Docker Hub could not ${what} (${detail})`, response.status)
  }

  /** A request with the token, renewed once if Hub says it expired. */
  private async authed(method: string, path: string): Promise<ApiResponse> {
    await this.bearer()
    const response = await this.http.request(method, path)
    if (response.status !== 401) return response
    this.token = undefined
    await this.bearer()
    return this.http.request(method, path)
  }

  private async bearer(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value
    this.pending ??= this.login().finally(() => (this.pending = undefined))
    return this.pending
  }

  private async login(): Promise<string> {
    const {username, password} = this.options
    this.token = undefined
    let response = await this.http.request('POST', '/v2/auth/token', {identifier: username, secret: password})
    let field: 'access_token' | 'token' = 'access_token'
    if (response.status === 404 || response.status === 405) {
      response = await this.http.request('POST', '/v2/users/login', {username, password})
      field = 'token'
    }
    if (response.status !== 200) throw this.failure(response, `log in as ${username}`)
    const value = json<Record<string, unknown>>(response, 'Docker Hub API')[field]
    if (typeof value !== 'string' || value === '')
      throw new ApiError('Docker Hub login answered without a token')
    this.token = {value, until: Date.now() + TOKEN_LIFETIME_MS}
    return value
  }
}
