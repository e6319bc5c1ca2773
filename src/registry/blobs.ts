import {digestAlgorithm, hasherFor} from './digest.js'
import {DigestMismatchError, RegistryError, RegistryNetworkError} from './errors.js'
import {validateDigest, validateRepository} from './reference.js'
import {isTransientNetworkCode} from './retry.js'
import {scopes, v2} from './scopes.js'
import type {RegistrySession} from './session.js'
import {networkErrorCode} from './transport.js'
import {uploadTo, type BlobSource, type UploadOptions} from './upload.js'

export interface BlobInfo {
  readonly digest: string
  readonly size: number
}

export interface BlobDownload {
  readonly digest: string
  /** From Content-Length, when the registry sent one. */
  readonly size?: number
  /** Errors with DigestMismatchError at the end if the bytes do not hash to `digest`: use nothing before it ends. */
  readonly stream: ReadableStream<Uint8Array>
}

export type MountOutcome = 'mounted' | 'uploaded' | 'not-mounted'

/** Size of a blob in the repository, or undefined when it is not there. */
export async function headBlob(
  session: RegistrySession,
  repository: string,
  digest: string
): Promise<BlobInfo | undefined> {
  validateRepository(repository)
  validateDigest(digest)
  const response = await session.expect(
    {
      method: 'HEAD',
      path: v2(repository, `blobs/${digest}`),
      repository,
      operation: `check blob ${digest}`,
      scopes: scopes.pull(repository)
    },
    [200, 404]
  )
  if (response.status === 404) return undefined
  return {digest, size: Number(response.headers.get('content-length') ?? 0)}
}

/** Times a download that broke off mid-body is picked up again where it stopped. */
const MAX_RESUMES = 3

/** Drops the first `count` bytes of a stream. */
function skipBytes(stream: ReadableStream<Uint8Array>, count: number): ReadableStream<Uint8Array> {
  let left = count
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (left >= chunk.byteLength) {
          left -= chunk.byteLength
          return
        }
        controller.enqueue(left === 0 ? chunk : chunk.subarray(left))
        left = 0
      }
    })
  )
}

/**
 * A streamed body is handed out before it is read, outside the session's retries: when the connection drops
 * mid-body, `resume(offset)` fetches the rest, up to MAX_RESUMES times. Other failures are named by host.
 */
function resuming(
  first: ReadableStream<Uint8Array>,
  resume: (offset: number) => Promise<ReadableStream<Uint8Array>>,
  broke: (error: unknown) => Error
): ReadableStream<Uint8Array> {
  let reader = first.getReader()
  let offset = 0
  let resumes = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          try {
            const {done, value} = await reader.read()
            if (done) controller.close()
            else {
              offset += value.byteLength
              controller.enqueue(value)
            }
            return
          } catch (error: unknown) {
            const transient = isTransientNetworkCode(networkErrorCode(error), true)
            if (error instanceof RegistryError || !transient || resumes >= MAX_RESUMES) throw broke(error)
            resumes++
            reader = (await resume(offset)).getReader()
          }
        }
      },
      cancel: reason => reader.cancel(reason)
    },
    {highWaterMark: 0}
  )
}

/**
 * Streams a blob (following redirects to storage without credentials) and verifies it as it flows. A download
 * cut off part-way is resumed with `Range` (or, where that is not honoured, fetched again and fast-forwarded).
 */
export async function getBlob(
  session: RegistrySession,
  repository: string,
  digest: string
): Promise<BlobDownload> {
  validateRepository(repository)
  validateDigest(digest)
  const request = {
    method: 'GET',
    path: v2(repository, `blobs/${digest}`),
    repository,
    operation: `get blob ${digest}`,
    scopes: scopes.pull(repository),
    stream: true
  }
  const response = await session.expect(request, [200])
  const length = response.headers.get('content-length')
  const resume = async (offset: number): Promise<ReadableStream<Uint8Array>> => {
    const rest = await session.expect({...request, headers: {range: `bytes=${offset}-`}}, [200, 206])
    const body = rest.stream ?? new Blob([rest.body]).stream()
    if (rest.status === 200) return skipBytes(body, offset)
    if (rest.headers.get('content-range')?.startsWith(`bytes ${offset}-`)) return body
    await body.cancel()
    throw new RegistryError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: asked to resume blob ${digest} at byte ${offset}, got another range`
    )
  }
  const broke = (error: unknown): Error =>
    error instanceof RegistryError
      ? error
      : new RegistryNetworkError(
          {host: session.registry, repository},
          `the download of blob ${digest} from ${session.registry}/${repository} broke off: ${networkErrorCode(error)}`,
          networkErrorCode(error),
          {cause: error}
        )
  const source = resuming(response.stream ?? new Blob([response.body]).stream(), resume, broke)
  const hash = hasherFor(digestAlgorithm(digest))
  const verify = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash?.update(chunk)
      controller.enqueue(chunk)
    },
    flush(controller) {
      const actual = hash === undefined ? digest : `${digestAlgorithm(digest)}:${hash.digest('hex')}`
      if (actual !== digest) {
        controller.error(
          new DigestMismatchError(
            {host: session.registry, repository},
            `${session.registry}/${repository}: blob ${digest} arrived with digest ${actual}; discard it`
          )
        )
      }
    }
  })
  return {digest, ...(length === null ? {} : {size: Number(length)}), stream: source.pipeThrough(verify)}
}

async function startUpload(
  session: RegistrySession,
  repository: string,
  query = ''
): Promise<{status: number; location: string}> {
  const response = await session.expect(
    {
      method: 'POST',
      path: `${v2(repository, 'blobs/uploads/')}${query}`,
      repository,
      operation: query === '' ? 'start a blob upload' : 'mount a blob',
      scopes: query.startsWith('?mount=')
        ? scopes.mount(repository, new URLSearchParams(query).get('from') ?? '')
        : scopes.push(repository),
      body: new Uint8Array()
    },
    [201, 202]
  )
  const location = response.headers.get('location')
  if (response.status === 202 && location === null) {
    throw new RegistryError(
      {host: session.registry, repository},
      `${session.registry} started an upload without a Location`
    )
  }
  return {status: response.status, location: session.resolve(location ?? '', response.url)}
}

/**
 * Uploads a blob: one PUT when it is a buffer of at most `chunkSize`, otherwise PATCH chunks of `chunkSize`
 * (each retryable on its own) and a closing PUT. Streams need not know their digest up front.
 */
export async function uploadBlob(
  session: RegistrySession,
  repository: string,
  source: BlobSource,
  options: UploadOptions = {}
): Promise<BlobInfo> {
  validateRepository(repository)
  const {location} = await startUpload(session, repository)
  return uploadTo(session, repository, location, source, options)
}

/**
 * Mounts a blob from another repository of the same registry. A 202 means the registry would not (the source
 * is not readable, or mounting is unsupported): then `source` is uploaded into the session it opened, or, without
 * a source, the session is cancelled and 'not-mounted' returned.
 */
export async function mountBlob(
  session: RegistrySession,
  repository: string,
  digest: string,
  from: string,
  source?: () => BlobSource | Promise<BlobSource>,
  options: UploadOptions = {}
): Promise<MountOutcome> {
  validateRepository(repository)
  validateRepository(from)
  validateDigest(digest)
  const query = `?${new URLSearchParams({mount: digest, from}).toString()}`
  const started = await startUpload(session, repository, query)
  if (started.status === 201) return 'mounted'
  if (source === undefined) {
    await session
      .send({
        method: 'DELETE',
        path: started.location,
        repository,
        operation: 'cancel an upload',
        scopes: scopes.push(repository)
      })
      .catch(() => undefined)
    return 'not-mounted'
  }
  const uploaded = await uploadTo(session, repository, started.location, await source(), {
    ...options,
    expectDigest: digest
  })
  if (uploaded.digest !== digest) {
    throw new DigestMismatchError(
      {host: session.registry, repository},
      `${session.registry}/${repository}: the fallback upload for ${digest} had digest ${uploaded.digest}`
    )
  }
  return 'uploaded'
}
