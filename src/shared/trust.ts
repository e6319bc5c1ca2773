/**
 * Whether this run may write to registries (pure). A pull request from a fork runs code its author wrote with
 * a read-only token and no secrets: it builds (and tests, with `load`), but never pushes, prunes or records a
 * content hash, and needs no credentials. A pull request counts as same-repository only when the payload
 * says so; a missing head repository (a deleted fork) counts as a fork, the safe side.
 */

type Json = Readonly<Record<string, unknown>>

/** A JSON object, or an empty one for anything else (payload fields are untyped). */
export function record(value: unknown): Json {
  return value !== null && typeof value === 'object' ? (value as Json) : {}
}

/** A non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** The pull request's head lives in another repository than the one the workflow runs in. */
export function isForkPullRequest(pr: Json, payload: Json, repository: string | undefined): boolean {
  const head = text(record(record(pr.head).repo).full_name)
  const base = text(record(record(pr.base).repo).full_name) ?? text(record(payload.repository).full_name)
  const own = base ?? repository
  return head === undefined || own === undefined || head.toLowerCase() !== own.toLowerCase()
}

export interface RunEvent {
  readonly eventName: string
  /** GITHUB_REF (pull_request_target already rewritten to refs/pull/N/merge). */
  readonly ref: string
  readonly payload: Json
  /** GITHUB_REPOSITORY. */
  readonly repository?: string
}

/** Events whose token GitHub makes read-only for a pull request from a fork. */
const FORK_READ_ONLY = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

export type WriteAccess = {readonly write: true} | {readonly write: false; readonly why: string}

export function writeAccess(event: RunEvent): WriteAccess {
  const pr = record(event.payload.pull_request)
  const number = /^refs\/pull\/(\d+)\//.exec(event.ref)?.[1]
  if (
    FORK_READ_ONLY.has(event.eventName) &&
    number &&
    isForkPullRequest(pr, event.payload, event.repository)
  ) {
    return {
      write: false,
      why: `pull request #${number} comes from a fork: its token is read-only and it has no secrets`
    }
  }
  return {write: true}
}
