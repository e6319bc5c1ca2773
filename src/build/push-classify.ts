/**
 * Why an engine's push failed, from its own output (pure): the one line that says why (the cause), whether
 * another attempt may succeed, and the wait the registry asked for when the engine printed it.
 *
 * The engines' words (real output against a fault-injecting proxy: docker 26.1, buildx 0.13.1 on the docker
 * driver, buildah 1.28; see __tests__/build/push-classify.test.ts):
 * - `docker push`: the cause is stderr's last line, `toomanyrequests: …`, `received unexpected HTTP status:
 *   500 Internal Server Error`, `Put "http://…/manifests/1": EOF`, `denied`.
 * - `buildx build --push`: the client's last `ERROR: …` line, `failed to solve: failed to push <ref>: failed
 *   commit on ref "…": unexpected status from PUT request to …: 429 Too Many Requests`; the daemon's own push
 *   of the containerd image store fails as `ERROR: Error response from daemon: Get "http://…/v2/": EOF`.
 * - `buildah push`: `Error: pushing image "…" to "docker://…": writing manifest: …: toomanyrequests: …`.
 * Progress lines (`retrying in 4s`, BuildKit's and buildah's own retries) are never the cause.
 */
import {buildxMessages, parseBuildkitProgress} from '../cache/progress.js'
import type {ExecResult} from '../shell/exec.js'

/** Which program's push output: `imagetools` is `docker buildx imagetools create`. */
export type PushTool = 'docker' | 'buildx' | 'buildah' | 'imagetools'

export interface PushVerdict {
  /** Worth another attempt: 429, 5xx, a connection reset or dropped, a timeout. */
  readonly transient: boolean
  /** The engine's own words for why, one line, without what the caller's message says already. */
  readonly cause: string
  /** The wait the registry asked for, when the engine printed it (GHCR's `retry-after: 38.000000`). */
  readonly retryAfterMs?: number
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '')
}

function lastMatch(all: readonly string[], pattern: RegExp): string | undefined {
  for (let i = all.length - 1; i >= 0; i--) {
    const match = pattern.exec(all[i] as string)
    if (match) return match[1] ?? match[0]
  }
  return undefined
}

/** BuildKit's and buildx's wrappers around the reason: the caller names the ref itself. */
function stripBuildx(cause: string): string {
  return cause.replace(/^failed to solve: /, '').replace(/^failed to push \S+: /, '')
}

/** buildah's `pushing image "<local>" to "docker://<ref>": ` wrapper. */
function stripBuildah(cause: string): string {
  return cause.replace(/^pushing image "[^"]*" to "[^"]*": /, '')
}

/** The line that says why: what the failure message starts with. */
export function pushCause(tool: PushTool, result: ExecResult): string {
  const err = lines(result.stderr)
  const all = [...err, ...lines(result.stdout)]
  const last = err[err.length - 1] ?? all[all.length - 1] ?? `exit code ${result.exitCode}`
  if (result.timedOut) return last
  switch (tool) {
    case 'docker':
      return last
    case 'buildah':
      return stripBuildah(lastMatch(err, /^Error: (.*)$/) ?? last)
    case 'buildx':
    case 'imagetools': {
      const message = lastMatch(buildxMessages(`${result.stderr}\n${result.stdout}`), /^ERROR: (.*)$/)
      return stripBuildx(message ?? last)
    }
  }
}

/** Failures another attempt cannot fix; they win over any transient pattern in the same line. */
const PERMANENT: readonly RegExp[] = [
  /\bdenied\b/i,
  /\bunauthorized\b/i,
  /\b401 Unauthorized\b/i,
  /\b403 Forbidden\b/i,
  /\bstatus(?: code)?:? 40[13]\b/i,
  /insufficient[_ ]scope/i,
  /authentication required/i,
  /no basic auth credentials/i,
  /\bname (?:unknown|invalid)\b/i,
  /\bmanifest invalid\b/i,
  /\btag invalid\b/i,
  /\bx509: /,
  /certificate (?:signed by unknown authority|is not valid|has expired)/i,
  /server gave HTTP response to HTTPS client/i,
  /does not exist locally|no such image|image not known/i,
  /\bno such host\b/i,
  /\bconnection refused\b/i,
  /\b(?:413|414) (?:Request Entity|Payload|URI) Too Large\b/i
]

/** 501 Not Implemented and 505 HTTP Version Not Supported say the server never will. */
const SERVER_ERROR = /\b5(?!0[15]\b)\d\d\b/

const TRANSIENT: readonly RegExp[] = [
  // 429
  /toomanyrequests|too many requests|\b429\b/i,
  // 5xx, as each engine words it
  new RegExp(
    `(?:HTTP status|status code(?: from registry)?|unexpected status(?: from \\S+ request to \\S+)?)\\W+${SERVER_ERROR.source}`,
    'i'
  ),
  /\b5\d\d\s*\(?(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
  /(?:^|: )unavailable: /i,
  // the connection dropped
  /\bEOF\b/,
  /connection reset/i,
  /broken pipe/i,
  /use of closed network connection/i,
  /server closed idle connection/i,
  /connection (?:was )?(?:aborted|closed by peer)/i,
  /\bGOAWAY\b/,
  // timeouts
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /timeout awaiting response headers/i,
  /Client\.Timeout exceeded/i,
  /deadline exceeded/i,
  /\btimed out\b/i,
  // DNS that may answer next time
  /temporary failure in name resolution/i,
  /server misbehaving/i,
  /lookup \S+(?: on \S+)?: try again/i
]

/**
 * A wait in the words of a registry's 429 as the engine prints it: `Retry-After: 30`, `retry after 5s`,
 * `retry-after: 147.663µs` (a Go duration, as GHCR words it), `retry-after: 38.000000`. Seconds when no unit.
 */
const RETRY_AFTER =
  /retry[- _]after["']?\s*[:=]?\s*((?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h)(?![a-z]))+|\d+(?:\.\d+)?)/i
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gi
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000
}

/** The wait asked for in `text`, in whole milliseconds (rounded up); undefined when it names none. */
export function retryAfterMs(text: string): number | undefined {
  const match = RETRY_AFTER.exec(text)
  if (!match) return undefined
  const value = match[1] as string
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000)
  let ms = 0
  for (const part of value.matchAll(DURATION_PART)) {
    ms += Number(part[1]) * (UNIT_MS[(part[2] as string).toLowerCase()] ?? 1000)
  }
  return Math.ceil(ms)
}

/** Whether `cause` is worth another attempt. */
export function isTransientCause(cause: string): boolean {
  if (PERMANENT.some(pattern => pattern.test(cause))) return false
  return TRANSIENT.some(pattern => pattern.test(cause))
}

/** Vertices whose failure is the push's: BuildKit's image export (which pushes) and the daemon's own push. */
const PUSH_VERTEX = /^(?:exporting to image|pushing \S+ with docker)/

/**
 * Whether a failed `buildx build --push` failed in its push, not in the build: the cause says `failed to
 * push`, or the vertices that failed are the export or the daemon's push, or none failed and the last one is.
 * A RUN step that failed on a 503 of its own is the build's failure and is never retried.
 */
export function buildxFailedInPush(result: ExecResult): boolean {
  const text = `${result.stderr}\n${result.stdout}`
  const messages = buildxMessages(text).filter(line => line.startsWith('ERROR:'))
  if (messages.some(line => /failed to push /.test(line))) return true
  const vertices = parseBuildkitProgress(text)
  const failed = vertices.filter(v => v.error !== undefined)
  if (failed.length > 0) return failed.every(v => PUSH_VERTEX.test(v.name))
  // No vertex failed: the error came after the last one (the daemon's push ends with its manifest, after
  // its vertex is done) or cut it short.
  const last = vertices[vertices.length - 1]
  return last !== undefined && PUSH_VERTEX.test(last.name)
}

/** The verdict on one failed attempt. A timed-out attempt is always worth another. */
export function classifyPush(tool: PushTool, result: ExecResult): PushVerdict {
  const cause = pushCause(tool, result)
  const wait = retryAfterMs(cause)
  const retryAfter = wait === undefined ? {} : {retryAfterMs: wait}
  if (result.timedOut) return {transient: true, cause}
  if (tool === 'buildx' && !buildxFailedInPush(result)) return {transient: false, cause}
  return {transient: isTransientCause(cause), cause, ...retryAfter}
}
