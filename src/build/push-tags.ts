/**
 * Pushing every tag of one build so that all of them name one digest: the engine pushes the first tag, retried
 * (push-retry.ts; later attempts through the engine's OCI layout and the registry client, push-layout.ts), then
 * the action's registry client writes every other tag from that digest, as promote-from does (same repository:
 * a manifest PUT; another repository: blob mounts; another registry: a streamed copy), with the client's own
 * retries. Where the client cannot reach a registry the engine can (a proxy, a credential only the engine has),
 * the engine pushes instead, and must land on the same digest.
 */
import {toMessage} from '../shared/errors.js'
import type {Exec, ExecResult} from '../shell/exec.js'
import {copyImage, type Endpoint} from '../registry/copy-image.js'
import type {RegistryClient} from '../registry/client.js'
import {parseReference} from '../registry/reference.js'
import {createLimiter, type Clock} from '../registry/retry.js'
import {classifyPush, type PushTool} from './push-classify.js'
import {layoutAttempt, type AttemptResult, type Connect} from './push-layout.js'
import {PushError, retryPush, type PushedTag, type PushRetryPolicy} from './push-retry.js'

export type {Connect} from './push-layout.js'

/** One engine push command, as the retry loop runs it. */
export interface EnginePush {
  readonly tool: PushTool
  readonly command: string
  readonly args: (ref: string) => readonly string[]
  /**
   * The manifest digest the registry holds after a successful attempt (docker prints it, buildah writes a
   * file); without it the outcome has none (cache images, whose digest nobody needs).
   */
  readonly digest?: (ref: string, result: ExecResult) => Promise<string | undefined>
  /**
   * Writes the image of `ref` as an OCI layout into `dir` (no network): then later attempts are that
   * export and the registry client's push of it (push-layout.ts), which retries each request on its own.
   */
  readonly layout?: (ref: string, dir: string, timeoutMs: number | undefined) => Promise<ExecResult>
  /**
   * The first attempt that goes through the layout (2 by default). Later for docker: its layout costs a
   * `docker save` and gzipping every layer, and is uploaded whole (its compression is not docker's), while
   * another `docker push` finds the layers there already and only puts the manifest.
   */
  readonly layoutFrom?: number
}

export interface PushDeps {
  readonly exec: Exec
  readonly env: Record<string, string>
  readonly log: (message: string) => void
  readonly policy?: PushRetryPolicy
  readonly clock?: Clock
  /** The registry client for layout pushes; without it every attempt is the engine's push. */
  readonly connect?: Connect
  /** Where layouts are written (the step's temp dir); the system's by default. */
  readonly tempDir?: string
}

export type EngineOutcome =
  | {
      readonly ok: true
      /** Undefined only when the EnginePush has no `digest`. */
      readonly digest?: string
      readonly attempts: number
      /** The successful attempt's result. */
      readonly result: ExecResult
    }
  | {
      readonly ok: false
      readonly attempts: number
      readonly cause: string
      readonly command: string
      readonly exitCode: number
      readonly detail: string
    }

const DETAIL_LINES = 15

/** The last lines of an attempt's output, for the failure message after the cause. */
export function outputTail(result: ExecResult): string {
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-DETAIL_LINES)
  return text.length > 0 && text[0] !== '' ? `output:\n${text.map(line => `  ${line}`).join('\n')}` : ''
}

/** Pushes `ref` with the engine, retrying transient failures (through a layout and the client, when it can). */
export async function enginePush(ref: string, push: EnginePush, deps: PushDeps): Promise<EngineOutcome> {
  const args = push.args(ref)
  const {layout} = push
  const {connect} = deps
  let viaLayout = layout !== undefined && connect !== undefined
  const outcome = await retryPush(
    async (n, timeoutMs): Promise<AttemptResult> => {
      if (n >= (push.layoutFrom ?? 2) && layout && connect && viaLayout) {
        const result = await layoutAttempt(
          dir => layout(ref, dir, timeoutMs),
          ref,
          connect,
          deps.log,
          deps.tempDir
        )
        const verdict =
          result.exitCode === 0 ? undefined : (result.verdict ?? classifyPush(push.tool, result))
        if (!verdict || verdict.transient) return result
        // The layout cannot be written, or the client cannot push here (credentials only the engine has, a
        // proxy): the engine keeps trying itself.
        viaLayout = false
        deps.log(`${ref}: no push through the registry client (${verdict.cause}); the engine pushes again`)
      }
      return deps.exec(push.command, args, {
        env: deps.env,
        stream: true,
        allowFailure: true,
        ...(timeoutMs === undefined ? {} : {timeoutMs})
      })
    },
    result => result.verdict ?? classifyPush(push.tool, result),
    {
      what: `push of ${ref}`,
      log: deps.log,
      ...(deps.policy ? {policy: deps.policy} : {}),
      ...(deps.clock ? {clock: deps.clock} : {})
    }
  )
  const command = [push.command, ...args].join(' ')
  if (outcome.ok) {
    const {result, attempts} = outcome
    const digest = result.digest ?? (push.digest ? await push.digest(ref, result) : undefined)
    if (digest || !push.digest) return {ok: true, attempts, result, ...(digest ? {digest} : {})}
    return {
      ok: false,
      attempts,
      cause: `${push.tool} did not report the pushed digest`,
      command,
      exitCode: 0,
      detail: outputTail(result)
    }
  }
  return {
    ok: false,
    attempts: outcome.attempts,
    cause: outcome.verdict?.cause ?? `exit code ${outcome.result.exitCode}`,
    command,
    exitCode: outcome.result.exitCode,
    detail: outputTail(outcome.result)
  }
}

/** The engine's push of the first tag, or a PushError saying no tag made it. */
export async function pushFirstTag(
  tags: readonly string[],
  push: EnginePush,
  deps: PushDeps
): Promise<PushedTag> {
  const ref = tags[0]
  if (ref === undefined) throw new Error('nothing to push: no tags')
  const outcome = await enginePush(ref, push, deps)
  if (!outcome.ok) throw new PushError({...outcome, ref, tags, pushed: []})
  if (outcome.digest === undefined) throw new Error(`${push.tool} push of ${ref} did not report a digest`)
  return {ref, digest: outcome.digest}
}

export interface TagDeps {
  readonly connect: Connect
  readonly log: (message: string) => void
  /** The engine's push of one tag, for a tag the registry client could not write. */
  readonly fallback?: (ref: string) => Promise<EngineOutcome>
}

const CONCURRENCY = 8

function repositoryKey(ref: {registry: string; repository: string}): string {
  return `${ref.registry}/${ref.repository}`
}

/**
 * Writes every tag after the first from the first's digest, in order; stops at the first tag that cannot be
 * written, with a PushError naming the tags that made it. Returns every tag with its digest.
 */
export async function writeOtherTags(
  first: PushedTag,
  tags: readonly string[],
  deps: TagDeps
): Promise<PushedTag[]> {
  const pushed: PushedTag[] = [first]
  const limit = createLimiter(CONCURRENCY)
  const clients = new Map<string, Promise<RegistryClient>>()
  const client = (registry: string) => {
    let found = clients.get(registry)
    if (!found) clients.set(registry, (found = deps.connect(registry)))
    return found
  }
  const copies = new Map<string, Promise<unknown>>()
  const source = parseReference(first.ref)
  const endpoint = async (ref: {registry: string; repository: string}): Promise<Endpoint> => ({
    client: await client(ref.registry),
    repository: ref.repository
  })

  /** The image in the target's repository (copied there once), then the tag on it. */
  const viaClient = async (ref: string): Promise<string> => {
    const target = parseReference(ref)
    const dst = await endpoint(target)
    const key = repositoryKey(target)
    if (key !== repositoryKey(source)) {
      let copy = copies.get(key)
      if (!copy) copies.set(key, (copy = copyImage(await endpoint(source), first.digest, dst, [], limit)))
      await copy
    }
    const result = await copyImage(dst, first.digest, dst, [target.tag ?? 'latest'], limit)
    return result.digest
  }

  for (const ref of tags) {
    if (pushed.some(p => p.ref === ref)) continue
    let clientError: unknown
    try {
      const digest = await viaClient(ref)
      deps.log(`Tagged ${ref} (${digest}) from ${first.ref} with the registry client`)
      pushed.push({ref, digest})
      continue
    } catch (error: unknown) {
      clientError = error
    }
    const why = toMessage(clientError)
    if (!deps.fallback) throw new PushError({ref, cause: why, tags, pushed})
    deps.log(`The registry client could not write ${ref} (${why}); pushing it with the engine instead`)
    const outcome = await deps.fallback(ref)
    if (!outcome.ok) {
      throw new PushError({
        ...outcome,
        ref,
        tags,
        pushed,
        detail: [`registry client: ${why}`, outcome.detail].filter(Boolean).join('\n')
      })
    }
    if (outcome.digest === undefined) throw new Error(`the engine's push of ${ref} did not report a digest`)
    if (outcome.digest !== first.digest) {
      throw new PushError({
        ref,
        attempts: outcome.attempts,
        cause: `the engine pushed it as ${outcome.digest}, not ${first.digest} like ${first.ref} (the registry client could not copy it: ${why})`,
        tags,
        pushed
      })
    }
    pushed.push({ref, digest: outcome.digest})
  }
  return pushed
}
