// The two GitHub REST calls metadata-action makes: the repository (labels, edge's default
// branch) and, when the payload has no commit date, the commit. Neither may fail the run: any
// problem becomes a warning and the caller goes on with what it has. On the APIs' one HTTP stack
// (http.ts): a 5xx or a rate limit is tried again within the time limit, a cancelled run ends it.
import type {RepoInfo} from '../../tags/index.js'
import type {Transport} from '../transport.js'
import {ApiHttp} from './http.js'

export interface RepoApiOptions {
  /** e.g. https://api.github.com (GITHUB_API_URL); a trailing slash is fine. */
  apiUrl: string
  /** owner/name (GITHUB_REPOSITORY). */
  repository: string
  /** Sent as a Bearer token when non-empty. */
  token?: string
  /** How requests go out (tests); Node's fetch by default. */
  transport?: Transport
  /** Give up after this long (default 5 s), retries included. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 5000

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function why(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`
  if (error instanceof Error) {
    const cause = (error as Error & {cause?: unknown}).cause
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message
  }
  return String(error)
}

async function getJson(url: string, opts: RepoApiOptions): Promise<{json?: unknown; problem?: string}> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28'
  }
  if (opts.token) headers['Authorization'] = `Bearer ${opts.token}`
  const http = new ApiHttp(
    {
      baseUrl: opts.apiUrl,
      name: 'GitHub API',
      timeoutMs,
      maxWaitMs: timeoutMs,
      ...(opts.transport ? {transport: opts.transport} : {})
    },
    async () => headers
  )
  try {
    const response = await http.request('GET', url)
    if (response.status < 200 || response.status > 299) {
      const body = response.text.slice(0, 200).trim()
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
      return {problem: `HTTP ${status}${body ? `: ${body}` : ''}`}
    }
    return {json: JSON.parse(response.text) as unknown}
  } catch (error) {
    return {problem: why(error, timeoutMs)}
  }
}

function splitRepository(repository: string): [string, string] | undefined {
  const [owner, name, ...rest] = repository.split('/')
  if (!owner || !name || rest.length > 0) return undefined
  return [owner, name]
}

function base(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '')
}

/** GET {apiUrl}/repos/{owner}/{repo}; never throws. */
export async function fetchRepoInfo(opts: RepoApiOptions): Promise<{repo?: RepoInfo; warning?: string}> {
  const parts = splitRepository(opts.repository)
  if (!parts) return {warning: `Cannot read repository metadata: '${opts.repository}' is not owner/name`}
  const url = `${base(opts.apiUrl)}/repos/${encodeURIComponent(parts[0])}/${encodeURIComponent(parts[1])}`
  const {json, problem} = await getJson(url, opts)
  if (problem !== undefined || json === null || typeof json !== 'object') {
    return {
      warning: `Cannot read repository metadata from ${url}: ${problem ?? 'the answer is not a JSON object'}; OCI labels will lack title, description, url and license`
    }
  }
  const data = json as Record<string, unknown>
  const license = data['license'] as {spdx_id?: unknown} | null | undefined
  return {
    repo: {
      name: str(data['name']),
      description: str(data['description']),
      htmlUrl: str(data['html_url']),
      license: str(license?.spdx_id),
      defaultBranch: str(data['default_branch'])
    }
  }
}

/** GET {apiUrl}/repos/{owner}/{repo}/commits/{sha} → commit.committer.date; never throws. */
export async function fetchCommitDate(
  opts: RepoApiOptions & {sha: string}
): Promise<{date?: Date; warning?: string}> {
  const parts = splitRepository(opts.repository)
  if (!parts) return {warning: `Cannot read the commit date: '${opts.repository}' is not owner/name`}
  const url = `${base(opts.apiUrl)}/repos/${encodeURIComponent(parts[0])}/${encodeURIComponent(parts[1])}/commits/${encodeURIComponent(opts.sha)}`
  const {json, problem} = await getJson(url, opts)
  const date = str((json as {commit?: {committer?: {date?: unknown}}} | undefined)?.commit?.committer?.date)
  if (problem !== undefined || !date || isNaN(new Date(date).getTime())) {
    return {
      warning: `Cannot read the commit date from ${url}: ${problem ?? 'no committer date in the answer'}; {{commit_date}} uses the current time`
    }
  }
  return {date: new Date(date)}
}
