import {digestAlgorithm, hasherFor} from './digest.js'
import {DigestMismatchError, RegistryError} from './errors.js'
import {isValidDigest} from './reference.js'
import {scopes, v2} from './scopes.js'
import type {RegistrySession} from './session.js'

/** A blob to upload: bytes in memory, or a stream (its digest is computed on the way when not given). */
export type BlobSource = Uint8Array | {readonly stream: AsyncIterable<Uint8Array>; readonly digest?: string}

export interface UploadOptions {
  /** Bytes per PATCH, and the largest buffer sent in one PUT. Default 16 MiB (ECR wants at least 5 MiB). */
  readonly chunkSize?: number
  /** Fail before committing when the content does not hash to this. */
  readonly expectDigest?: string
}

const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024
const OCTET_STREAM = 'application/octet-stream'

/** Re-slices any stream into chunks of exactly `size` bytes (the last one shorter), never empty. */
export async function* rechunk(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number
): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  for await (const piece of source) {
    let rest = piece
    while (pendingBytes + rest.byteLength >= size) {
      const take = size - pendingBytes
      pending.push(rest.subarray(0, take))
      yield Buffer.concat(pending)
      rest = rest.subarray(take)
      pending = []
      pendingBytes = 0
    }
    if (rest.byteLength > 0) {
      pending.push(rest)
      pendingBytes += rest.byteLength
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending)
}

/** The end of the stored range as an upload status reports it (`Range: 0-<last>` or `bytes=0-<last>`). */
export function storedBytes(range: string | null): number | undefined {
  const match = /(\d+)-(\d+)\s*$/.exec(range ?? '')
  return match ? Number(match[2]) + 1 : undefined
}

/** Uploads `source` into an open upload session at `location` and commits it. */
export async function uploadTo(
  session: RegistrySession,
  repository: string,
  location: string,
  source: BlobSource,
  options: UploadOptions = {}
): Promise<{digest: string; size: number}> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`)
  }
  const declared = options.expectDigest ?? (source instanceof Uint8Array ? undefined : source.digest)
  const wanted = declared !== undefined && isValidDigest(declared) ? digestAlgorithm(declared) : 'sha256'
  // An algorithm node cannot compute is replaced by sha256 (and a declared digest in it then fails the check).
  const algorithm = hasherFor(wanted) === undefined ? 'sha256' : wanted
  const hash = hasherFor(algorithm)
  if (hash === undefined) throw new Error('sha256 is unavailable')
  const ctx = {session, repository}

  if (source instanceof Uint8Array && source.byteLength <= chunkSize) {
    const digest = `${algorithm}:${hash.update(source).digest('hex')}`
    await checkDeclared(ctx, location, declared, digest)
    await commit(ctx, location, digest, source)
    return {digest, size: source.byteLength}
  }
  const iterable: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
    source instanceof Uint8Array ? [source] : source.stream
  let offset = 0
  for await (const chunk of rechunk(iterable, chunkSize)) {
    hash.update(chunk)
    location = await patch(ctx, location, chunk, offset)
    offset += chunk.byteLength
  }
  const digest = `${algorithm}:${hash.digest('hex')}`
  await checkDeclared(ctx, location, declared, digest)
  await commit(ctx, location, digest)
  return {digest, size: offset}
}

interface Ctx {
  readonly session: RegistrySession
  readonly repository: string
}

async function checkDeclared(
  ctx: Ctx,
  location: string,
  declared: string | undefined,
  digest: string
): Promise<void> {
  if (declared === undefined || declared === digest) return
  await ctx.session
    .send({
      method: 'DELETE',
      path: location,
      repository: ctx.repository,
      operation: 'cancel an upload',
      scopes: scopes.push(ctx.repository)
    })
    .catch(() => undefined)
  throw new DigestMismatchError(
    {host: ctx.session.registry, repository: ctx.repository},
    `upload to ${ctx.session.registry}/${ctx.repository} cancelled: the content hashes to ${digest}, not ${declared}`
  )
}

/**
 * Sends one chunk. A 416 means the registry's idea of the offset differs, typically because a retried PATCH
 * had already landed: ask the upload status and resend only what is missing.
 */
async function patch(ctx: Ctx, location: string, chunk: Uint8Array, offset: number): Promise<string> {
  const {session, repository} = ctx
  const what = {repository, operation: `upload bytes ${offset}-${offset + chunk.byteLength - 1}`}
  let sent = 0
  for (let round = 0; round < 3; round++) {
    const response = await session.send({
      ...what,
      method: 'PATCH',
      path: location,
      scopes: scopes.push(repository),
      headers: {
        'content-type': OCTET_STREAM,
        'content-range': `${offset + sent}-${offset + chunk.byteLength - 1}`
      },
      body: chunk.subarray(sent)
    })
    if (response.status === 202 || response.status === 204) {
      return session.resolve(response.headers.get('location') ?? location, response.url)
    }
    if (response.status === 404) {
      // The session is gone. distribution 2.8 cancels it when a retried chunk had already landed (the spec
      // says 416): only a new upload can go on, so say that rather than "check the name".
      const {code} = await session.failure(what, response)
      throw new RegistryError(
        {host: session.registry, repository, status: 404, ...(code === undefined ? {} : {code})},
        `${session.registry}/${repository}: the upload session was lost at byte ${offset} (404${code ? ` ${code}` : ''}); the upload has to be started again`
      )
    }
    if (response.status !== 416) throw await session.failure(what, response)
    const status = await session.expect(
      {
        ...what,
        operation: 'check upload progress',
        method: 'GET',
        path: location,
        scopes: scopes.push(repository)
      },
      [204, 200]
    )
    location = session.resolve(status.headers.get('location') ?? location, status.url)
    const stored = storedBytes(status.headers.get('range')) ?? 0
    if (stored === offset + chunk.byteLength) return location
    if (stored < offset || stored > offset + chunk.byteLength) break
    sent = stored - offset
  }
  throw new RegistryError(
    {host: session.registry, repository},
    `${session.registry}/${repository}: the upload lost its place at byte ${offset}; it has to be started again`
  )
}

/** Closes the session with `?digest=`; a retried PUT that finds its session gone checks the blob landed anyway. */
async function commit(ctx: Ctx, location: string, digest: string, body?: Uint8Array): Promise<void> {
  const {session, repository} = ctx
  const url = new URL(location)
  url.searchParams.set('digest', digest)
  const what = {repository, operation: `upload blob ${digest}`}
  const response = await session.send({
    ...what,
    method: 'PUT',
    path: url.toString(),
    scopes: scopes.push(repository),
    headers: {'content-type': OCTET_STREAM},
    body: body ?? new Uint8Array()
  })
  if (response.status === 201 || response.status === 204 || response.status === 200) return
  if (response.status === 404 && response.attempts > 1) {
    const head = await session.send({
      ...what,
      method: 'HEAD',
      path: v2(repository, `blobs/${digest}`),
      scopes: scopes.pull(repository)
    })
    if (head.status === 200) return
  }
  throw await session.failure(what, response)
}
