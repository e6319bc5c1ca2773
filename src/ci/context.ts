/**
 * The ref context of the CI system a run is in (pure), in the shape GitHub's events give it, so every
 * metadata-action tag rule means the same thing everywhere: a branch build is a `push` of `refs/heads/<b>`, a
 * tag build a `push` of `refs/tags/<t>`, a merge or pull request the `pull_request` of `refs/pull/<n>/merge`
 * (so `type=ref,event=pr` gives `pr-<n>`), a scheduled pipeline a `schedule`. The repository's default branch
 * goes where GitHub's payload has it (`{{is_default_branch}}`, `enable={{is_default_branch}}`).
 *
 * Variables read, per system (their own documentation's names):
 * - GitLab CI: CI_COMMIT_SHA, CI_COMMIT_TAG, CI_COMMIT_BRANCH, CI_COMMIT_REF_NAME, CI_MERGE_REQUEST_IID,
 *   CI_MERGE_REQUEST_TARGET_BRANCH_NAME, CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA,
 *   CI_MERGE_REQUEST_SOURCE_PROJECT_PATH, CI_MERGE_REQUEST_PROJECT_PATH,
 *   CI_PIPELINE_SOURCE (`schedule`), CI_DEFAULT_BRANCH, CI_PROJECT_PATH, CI_PROJECT_URL, CI_REGISTRY,
 *   CI_REGISTRY_USER, CI_REGISTRY_PASSWORD.
 * - Buildkite: BUILDKITE_COMMIT, BUILDKITE_TAG, BUILDKITE_BRANCH, BUILDKITE_PULL_REQUEST (a number or `false`),
 *   BUILDKITE_PULL_REQUEST_BASE_BRANCH, BUILDKITE_PULL_REQUEST_REPO, BUILDKITE_SOURCE (`schedule`),
 *   BUILDKITE_PIPELINE_DEFAULT_BRANCH, BUILDKITE_REPO.
 * - Jenkins (multibranch and the Git plugin): TAG_NAME, CHANGE_ID, CHANGE_TARGET, CHANGE_BRANCH, BRANCH_NAME,
 *   CHANGE_FORK, GIT_BRANCH (`origin/main`), GIT_COMMIT.
 * - A terminal: what `git` says about the checkout (GitFacts, read by the caller).
 */
import type {RefContext} from '../tags/types.js'

export type CiName = 'github' | 'gitlab' | 'buildkite' | 'jenkins' | 'git'

type Env = Readonly<Record<string, string | undefined>>

/** What a checkout says of itself, for a run outside any CI: `git rev-parse HEAD`, the branch, tags at HEAD. */
export interface GitFacts {
  readonly sha: string
  /** Empty on a detached HEAD. */
  readonly branch: string
  /** Tags pointing at HEAD, newest first; the first is the one a tag build uses. */
  readonly tags: readonly string[]
  /** `origin`'s default branch (`refs/remotes/origin/HEAD`), when known. */
  readonly defaultBranch?: string
  readonly remoteUrl?: string
}

/** A login the CI system provides for its own registry (GitLab's job token for its container registry). */
export interface CiLogin {
  readonly registry: string
  readonly username: string
  readonly password: string
}

export interface CiContext {
  readonly ci: CiName
  readonly ctx: RefContext
  readonly defaultBranch?: string
  /** `group/project` or `owner/name`, when the system says. */
  readonly repository?: string
  /** The project's web address, for `org.opencontainers.image.source`. */
  readonly projectUrl?: string
  readonly login?: CiLogin
}

/** Which system the environment is from; `git` when none of them. */
export function detectCi(env: Env): CiName {
  if (env.GITHUB_ACTIONS === 'true') return 'github'
  if (env.GITLAB_CI === 'true') return 'gitlab'
  if (env.BUILDKITE === 'true') return 'buildkite'
  if (env.JENKINS_URL || env.JENKINS_HOME) return 'jenkins'
  return 'git'
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function repositoryPayload(defaultBranch: string | undefined): Record<string, unknown> {
  return defaultBranch ? {repository: {default_branch: defaultBranch}} : {}
}

interface RefFacts {
  readonly sha: string
  readonly tag?: string
  readonly branch?: string
  readonly pr?: {
    readonly number: string
    readonly base?: string
    readonly head?: string
    readonly headSha?: string
    /**
     * Where the change comes from and where it goes, as the system names projects: the same on both sides is a
     * same-repository change (it may write); different, or either unknown, a fork (read-only: trust.ts).
     */
    readonly headRepo?: string
    readonly baseRepo?: string
  }
  readonly schedule?: boolean
  readonly defaultBranch?: string
}

/** GitHub's event and ref for what the system said; a pull request wins over a tag, a tag over a branch. */
function refContext(facts: RefFacts): RefContext {
  const repository = repositoryPayload(facts.defaultBranch)
  if (facts.pr) {
    const {number, base, head, headSha, headRepo, baseRepo} = facts.pr
    const repo = (name: string | undefined) => (name ? {repo: {full_name: name}} : {})
    const pullRequest = {
      number: Number(number),
      base: {...(base ? {ref: base} : {}), ...repo(baseRepo)},
      head: {...(head ? {ref: head} : {}), sha: headSha ?? facts.sha, ...repo(headRepo)}
    }
    return {
      eventName: 'pull_request',
      ref: `refs/pull/${number}/merge`,
      sha: facts.sha,
      payload: {number: Number(number), pull_request: pullRequest, ...repository}
    }
  }
  const ref = facts.tag ? `refs/tags/${facts.tag}` : facts.branch ? `refs/heads/${facts.branch}` : ''
  return {eventName: facts.schedule ? 'schedule' : 'push', ref, sha: facts.sha, payload: repository}
}

function gitlab(env: Env): CiContext {
  const defaultBranch = nonEmpty(env.CI_DEFAULT_BRANCH)
  const iid = nonEmpty(env.CI_MERGE_REQUEST_IID)
  const tag = nonEmpty(env.CI_COMMIT_TAG)
  // CI_COMMIT_BRANCH is not set in merge request and tag pipelines; CI_COMMIT_REF_NAME always is.
  const branch = nonEmpty(env.CI_COMMIT_BRANCH) ?? (tag ? undefined : nonEmpty(env.CI_COMMIT_REF_NAME))
  const ctx = refContext({
    sha: env.CI_COMMIT_SHA ?? '',
    ...(tag ? {tag} : {}),
    ...(branch ? {branch} : {}),
    ...(iid
      ? {
          pr: {
            number: iid,
            ...(nonEmpty(env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME)
              ? {base: env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}
              : {}),
            ...(nonEmpty(env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME)
              ? {head: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME}
              : {}),
            ...(nonEmpty(env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA)
              ? {headSha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA}
              : {}),
            // A merge request from a fork names the fork's project as its source.
            ...(nonEmpty(env.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH)
              ? {headRepo: env.CI_MERGE_REQUEST_SOURCE_PROJECT_PATH}
              : {}),
            ...(nonEmpty(env.CI_MERGE_REQUEST_PROJECT_PATH ?? env.CI_PROJECT_PATH)
              ? {baseRepo: env.CI_MERGE_REQUEST_PROJECT_PATH ?? env.CI_PROJECT_PATH}
              : {})
          }
        }
      : {}),
    schedule: env.CI_PIPELINE_SOURCE === 'schedule',
    ...(defaultBranch ? {defaultBranch} : {})
  })
  const {CI_REGISTRY: registry, CI_REGISTRY_USER: username, CI_REGISTRY_PASSWORD: password} = env
  return {
    ci: 'gitlab',
    ctx,
    ...(defaultBranch ? {defaultBranch} : {}),
    ...(nonEmpty(env.CI_PROJECT_PATH) ? {repository: env.CI_PROJECT_PATH} : {}),
    ...(nonEmpty(env.CI_PROJECT_URL) ? {projectUrl: env.CI_PROJECT_URL} : {}),
    ...(registry && username && password ? {login: {registry, username, password}} : {})
  }
}

function buildkite(env: Env): CiContext {
  const defaultBranch = nonEmpty(env.BUILDKITE_PIPELINE_DEFAULT_BRANCH)
  const pr = nonEmpty(env.BUILDKITE_PULL_REQUEST)
  const tag = nonEmpty(env.BUILDKITE_TAG)
  const branch = nonEmpty(env.BUILDKITE_BRANCH)
  const ctx = refContext({
    sha: env.BUILDKITE_COMMIT ?? '',
    ...(tag ? {tag} : {}),
    ...(branch ? {branch} : {}),
    ...(pr && pr !== 'false'
      ? {
          pr: {
            number: pr,
            ...(nonEmpty(env.BUILDKITE_PULL_REQUEST_BASE_BRANCH)
              ? {base: env.BUILDKITE_PULL_REQUEST_BASE_BRANCH}
              : {}),
            ...(branch ? {head: branch} : {}),
            // The repository the change comes from (a fork's own), and the pipeline's.
            ...(nonEmpty(env.BUILDKITE_PULL_REQUEST_REPO) ? {headRepo: env.BUILDKITE_PULL_REQUEST_REPO} : {}),
            ...(nonEmpty(env.BUILDKITE_REPO) ? {baseRepo: env.BUILDKITE_REPO} : {})
          }
        }
      : {}),
    schedule: env.BUILDKITE_SOURCE === 'schedule',
    ...(defaultBranch ? {defaultBranch} : {})
  })
  return {ci: 'buildkite', ctx, ...(defaultBranch ? {defaultBranch} : {})}
}

function jenkins(env: Env): CiContext {
  const tag = nonEmpty(env.TAG_NAME)
  const change = nonEmpty(env.CHANGE_ID)
  // Multibranch names the branch; the Git plugin alone gives GIT_BRANCH as `origin/<branch>`.
  const branch =
    nonEmpty(env.BRANCH_NAME) ?? nonEmpty(env.GIT_BRANCH?.replace(/^(?:refs\/heads\/|origin\/)/, ''))
  const ctx = refContext({
    sha: env.GIT_COMMIT ?? '',
    ...(tag ? {tag} : {}),
    ...(branch && !change ? {branch} : {}),
    ...(change
      ? {
          pr: {
            number: change,
            ...(nonEmpty(env.CHANGE_TARGET) ? {base: env.CHANGE_TARGET} : {}),
            ...(nonEmpty(env.CHANGE_BRANCH) ? {head: env.CHANGE_BRANCH} : {}),
            // CHANGE_FORK names the fork a change comes from; absent, it comes from the repository itself.
            headRepo: nonEmpty(env.CHANGE_FORK) ? `fork:${env.CHANGE_FORK}` : 'origin',
            baseRepo: 'origin'
          }
        }
      : {})
  })
  return {ci: 'jenkins', ctx}
}

function plainGit(git: GitFacts | undefined): CiContext {
  if (!git) return {ci: 'git', ctx: {eventName: 'push', ref: '', sha: '', payload: {}}}
  const tag = git.tags[0]
  const ctx = refContext({
    sha: git.sha,
    ...(tag ? {tag} : {}),
    ...(git.branch ? {branch: git.branch} : {}),
    ...(git.defaultBranch ? {defaultBranch: git.defaultBranch} : {})
  })
  return {ci: 'git', ctx, ...(git.defaultBranch ? {defaultBranch: git.defaultBranch} : {})}
}

/**
 * The ref context outside GitHub Actions (there, the runner's own variables and payload are read as
 * metadata-action reads them; see tags/context.ts). `git` is only needed, and only read, outside any CI.
 */
export function ciContext(env: Env, git?: GitFacts): CiContext | undefined {
  switch (detectCi(env)) {
    case 'github':
      return undefined
    case 'gitlab':
      return gitlab(env)
    case 'buildkite':
      return buildkite(env)
    case 'jenkins':
      return jenkins(env)
    case 'git':
      return plainGit(git)
  }
}
