import {fetchCommitDate, fetchRepoInfo} from '../registry/apis/github.js'
import type {RefContext, RepoInfo} from '../tags/index.js'

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Repository metadata from the event payload, which most events carry in full (the same object the REST API
 * returns). `complete` is false when the object lacks keys the labels use (`license`, `description`): then
 * the API is asked, and the payload's part is only a fallback.
 */
export function repoInfoFromPayload(
  payload: Record<string, unknown>
): {repo: RepoInfo; complete: boolean} | undefined {
  const repo = payload.repository as Record<string, unknown> | undefined
  if (!repo || !str(repo.name) || !str(repo.html_url)) return undefined
  const license = repo.license as {spdx_id?: unknown} | null | undefined
  return {
    repo: {
      name: str(repo.name),
      description: str(repo.description),
      htmlUrl: str(repo.html_url),
      license: str(license?.spdx_id),
      defaultBranch: str(repo.default_branch)
    },
    complete: 'license' in repo && 'description' in repo && str(repo.default_branch) !== undefined
  }
}

/** The payload first (no request); the REST API only for events that lack it; never fails the run. */
export async function resolveRepoInfo(
  payload: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  token: string
): Promise<{repo: RepoInfo; warning?: string}> {
  const fromPayload = repoInfoFromPayload(payload)
  if (fromPayload?.complete) return {repo: fromPayload.repo}
  const repository = env.GITHUB_REPOSITORY
  if (!repository) return {repo: fromPayload?.repo ?? {}}
  const fetched = await fetchRepoInfo({
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository,
    token
  })
  const fallback: RepoInfo = fromPayload?.repo ?? {
    name: repository.split('/')[1],
    htmlUrl: `${env.GITHUB_SERVER_URL || 'https://github.com'}/${repository}`
  }
  return {repo: fetched.repo ?? fallback, warning: fetched.warning}
}

/**
 * `{{commit_date}}` needs the commit's date; when the payload has none for this sha, ask the API as
 * metadata-action does, but only if some input uses the expression.
 */
export async function resolveCommitDate(
  ctx: RefContext,
  texts: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  token: string
): Promise<{ctx: RefContext; warning?: string}> {
  if (ctx.commitDate || !ctx.sha || !env.GITHUB_REPOSITORY || !texts.some(t => t.includes('commit_date'))) {
    return {ctx}
  }
  const {date, warning} = await fetchCommitDate({
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository: env.GITHUB_REPOSITORY,
    token,
    sha: ctx.sha
  })
  return {ctx: date ? {...ctx, commitDate: date} : ctx, warning}
}
