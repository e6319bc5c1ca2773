import {effectiveSha} from './compute.js'
import type {MetaOptions, RefContext} from './types.js'

type Env = Readonly<Record<string, string | undefined>>

interface PayloadCommit {
  id?: unknown
  timestamp?: unknown
}

/**
 * The commit date metadata-action finds in the payload: the pushed commit with that sha, else
 * head_commit when it is that sha. Undefined when the payload does not say (metadata-action then
 * asks the commits API, see fetchCommitDate, and finally uses the current time).
 */
function commitDateFromPayload(payload: Record<string, unknown>, sha: string): Date | undefined {
  const commits = payload['commits']
  if (Array.isArray(commits)) {
    const timestamp = (commits as PayloadCommit[]).find(commit => commit?.id === sha)?.timestamp
    if (timestamp) return new Date(String(timestamp))
  }
  const head = payload['head_commit'] as PayloadCommit | null | undefined
  if (head && typeof head === 'object' && head.id === sha) return new Date(String(head.timestamp))
  return undefined
}

/**
 * The GitHub context as metadata-action sees it: GITHUB_EVENT_NAME/REF/SHA, with the
 * pull_request_target ref rewritten to the PR's merge ref (refs/pull/<number>/merge) so PR rules
 * apply there too. ctx.sha stays GITHUB_SHA (computeMeta applies DOCKER_METADATA_PR_HEAD_SHA), but
 * the commit date is looked up for the sha that will be used.
 */
export function refContextFromEnv(env: Env, payload: Record<string, unknown>): RefContext {
  const eventName = env['GITHUB_EVENT_NAME'] ?? ''
  let ref = env['GITHUB_REF'] ?? ''
  if (/pull_request_target/.test(eventName)) ref = `refs/pull/${String(payload['number'])}/merge`
  const ctx: RefContext = {eventName, ref, sha: env['GITHUB_SHA'] ?? '', payload}
  const commitDate = commitDateFromPayload(payload, effectiveSha(ctx, prHeadShaFromEnv(env)))
  if (commitDate) ctx.commitDate = commitDate
  return ctx
}

function prHeadShaFromEnv(env: Env): boolean {
  // A substring test, as metadata-action does (/true/i).
  return /true/i.test(env['DOCKER_METADATA_PR_HEAD_SHA'] || '')
}

/** metadata-action's environment knobs. */
export function metaOptionsFromEnv(env: Env, now: Date): MetaOptions {
  const shortLength = env['DOCKER_METADATA_SHORT_SHA_LENGTH']
  return {
    now,
    // Number() semantics on purpose ("12", " 12 ", "1e1" all work); NaN only fails if a short sha is needed.
    shortShaLength: shortLength ? Number(shortLength) : 7,
    prHeadSha: prHeadShaFromEnv(env),
    annotationLevels: (env['DOCKER_METADATA_ANNOTATIONS_LEVELS'] || 'manifest').split(',')
  }
}
