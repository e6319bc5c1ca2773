import {cancellation, cancelSignal, throwIfCancelled} from '../shell/cancel.js'
import type {Limiter} from './retry.js'
import type {Transport} from './transport.js'

/** One answer as the session sees it: the body read whole, or (streamed 2xx) left as a stream. */
export interface RawResponse {
  readonly status: number
  readonly headers: Headers
  /** Final URL after redirects: the base for relative Location and Link values. */
  readonly url: string
  readonly body: Uint8Array
  readonly stream?: ReadableStream<Uint8Array>
}

export interface ExchangeRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Uint8Array
  /** Sent to the request's own origin only. */
  readonly authorization?: string
  /** Leave a 2xx body unread and hand it back as a stream. */
  readonly stream?: boolean
}

export interface ExchangeDeps {
  readonly transport: Transport
  readonly limit: Limiter
  readonly timeoutMs: number
}

const MAX_REDIRECTS = 5

export class RequestTimeout extends Error {
  readonly code = 'REQUEST_TIMEOUT'
}

/**
 * Sends a request and follows redirects itself, dropping credentials once a redirect leaves the origin (blob
 * downloads are redirected to storage that must not see registry tokens).
 */
export async function exchange(deps: ExchangeDeps, request: ExchangeRequest): Promise<RawResponse> {
  const origin = new URL(request.url).origin
  let {url, method, body} = request
  for (let hop = 0; ; hop++) {
    const sameOrigin = new URL(url).origin === origin
    const headers = {
      ...request.headers,
      ...(request.authorization !== undefined && sameOrigin ? {authorization: request.authorization} : {})
    }
    const response = await timed(
      deps,
      url,
      {method, headers, ...(body === undefined ? {} : {body})},
      request.stream
    )
    const location = response.headers.get('location')
    if (response.status >= 300 && response.status < 400 && location !== null && hop < MAX_REDIRECTS) {
      await response.stream?.cancel()
      url = new URL(location, url).toString()
      if (response.status === 303) {
        method = 'GET'
        body = undefined
      }
      continue
    }
    return {...response, url}
  }
}

/**
 * Transport call plus body read under one timeout and one concurrency slot. A streamed body is released from
 * the slot at the headers and from then on times out only while it waits for the network.
 */
async function timed(
  deps: ExchangeDeps,
  url: string,
  init: {method: string; headers: Record<string, string>; body?: Uint8Array},
  stream = false
): Promise<Omit<RawResponse, 'url'>> {
  return deps.limit(async () => {
    throwIfCancelled()
    const controller = new AbortController()
    const abort = (): void => controller.abort(new RequestTimeout(`no answer within ${deps.timeoutMs} ms`))
    const timer = setTimeout(abort, deps.timeoutMs)
    // A cancelled run aborts the request with its CancelledError, which no retry catches.
    const onCancel = (): void => controller.abort(cancellation())
    cancelSignal.addEventListener('abort', onCancel, {once: true})
    try {
      const response = await deps.transport(url, {...init, signal: controller.signal})
      const ok = response.status >= 200 && response.status < 300
      if (stream && ok && response.body !== null) {
        return {
          status: response.status,
          headers: response.headers,
          body: new Uint8Array(),
          stream: idleTimeout(response.body, deps.timeoutMs, abort)
        }
      }
      const body = init.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer())
      return {status: response.status, headers: response.headers, body}
    } finally {
      clearTimeout(timer)
      cancelSignal.removeEventListener('abort', onCancel)
    }
  })
}

/** Re-exposes a body whose reads abort after `ms` without data; a slow consumer never trips it. */
function idleTimeout(
  source: ReadableStream<Uint8Array>,
  ms: number,
  onIdle: () => void
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (cancelSignal.aborted) {
          await reader.cancel(cancellation())
          throw cancellation()
        }
        const timer = setTimeout(onIdle, ms)
        try {
          const {done, value} = await reader.read()
          if (done) controller.close()
          else controller.enqueue(value)
        } finally {
          clearTimeout(timer)
        }
      },
      cancel: reason => reader.cancel(reason)
    },
    {highWaterMark: 0}
  )
}
