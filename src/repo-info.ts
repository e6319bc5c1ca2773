import {fetchRepoInfo} from './github/repo-api.js'
import type {RepoInfo} from './tags/index.js'

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Repository metadata from the event payload, which most events carry in full. */
export function repoInfoFromPayload(payload: Record<string, unknown>): RepoInfo | undefined {
  const repo = payload.repository as Record<string, unknown> | undefined
  if (!repo || !str(repo.name) || !str(repo.html_url) || !str(repo.default_branch)) return undefined
  const license = repo.license as {spdx_id?: unknown} | null | undefined
  return {
    name: str(repo.name),
    description: str(repo.description),
    htmlUrl: str(repo.html_url),
    license: str(license?.spdx_id),
    defaultBranch: str(repo.default_branch)
  }
}

/** The payload first (no request); the REST API only for events that lack it; never fails the run. */
export async function resolveRepoInfo(
  payload: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  token: string
): Promise<{repo: RepoInfo; warning?: string}> {
  const fromPayload = repoInfoFromPayload(payload)
  if (fromPayload) return {repo: fromPayload}
  const repository = env.GITHUB_REPOSITORY
  if (!repository) return {repo: {}}
  const fetched = await fetchRepoInfo({
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository,
    token
  })
  const fallback: RepoInfo = {
    name: repository.split('/')[1],
    htmlUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${repository}`
  }
  return {repo: fetched.repo ?? fallback, warning: fetched.warning}
}
