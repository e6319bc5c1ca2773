import {
  RegistryAuthError,
  RegistryDeniedError,
  RegistryError,
  RegistryNetworkError,
  RegistryNotFoundError,
  RegistryRateLimitError,
  RegistryUnsupportedError,
  describeTarget,
  redact
} from './errors.js'
import {DOCKER_CERTS_DIR} from './certs-dir.js'
import {isCertificateError, networkErrorCode} from './transport.js'

/** What was being attempted, for the message: "get manifest v1 of", "delete tag x in", … */
export interface Attempted {
  readonly host: string
  readonly repository?: string
  /** Verb phrase, e.g. `get manifest v1`, `list tags`, `upload blob sha256:…`. */
  readonly operation: string
}

export interface FailedResponse {
  readonly status: number
  readonly body: Uint8Array
  readonly attempts: number
  readonly retryAfterMs?: number
}

interface RegistryErrorBody {
  readonly code?: string
  readonly message?: string
}

/** The first entry of the spec's `{"errors":[{code,message,detail}]}` body, if the body is one. */
export function registryErrorBody(body: Uint8Array): RegistryErrorBody {
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {errors?: unknown}
    const first: unknown = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined
    if (typeof first !== 'object' || first === null) return {}
    const {code, message} = first as {code?: unknown; message?: unknown}
    return {
      ...(typeof code === 'string' ? {code} : {}),
      ...(typeof message === 'string' ? {message} : {})
    }
  } catch {
    return {}
  }
}

/** Turns a final non-2xx response into a typed error whose message says what to check. */
export function responseError(
  what: Attempted,
  response: FailedResponse,
  context: {readonly hasCredentials: boolean; readonly secrets: Iterable<string>}
): RegistryError {
  const {status} = response
  const {code, message} = registryErrorBody(response.body)
  const raw =
    message ?? (code === undefined ? Buffer.from(response.body).toString('utf8').slice(0, 200).trim() : '')
  const said = redact([code, raw].filter(Boolean).join(': '), context.secrets)
  const detail = `${status}${said ? ` ${said}` : ''}`
  const target = describeTarget(what.host, what.repository)
  const where = {host: what.host, repository: what.repository, status, code}
  const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : ''

  if (status === 401) {
    const fix = context.hasCredentials
      ? `check username/password for ${what.host} and that they may access ${what.repository ?? 'it'}`
      : `log in to ${what.host}`
    return new RegistryAuthError(
      where,
      `not authorized to ${what.operation} in ${target} (${detail}): ${fix}`
    )
  }
  if (status === 403) {
    return new RegistryDeniedError(
      where,
      `${what.host} denied ${what.operation} in ${target} (${detail}): the credentials lack permission for this`
    )
  }
  if (status === 404) {
    const hint =
      code === 'NAME_UNKNOWN'
        ? `repository ${what.repository ?? ''} does not exist: check its name`
        : `check the name and the tag or digest${context.hasCredentials ? '' : `, or log in to ${what.host} if it is private`}`
    return new RegistryNotFoundError(where, `cannot ${what.operation} in ${target} (${detail}): ${hint}`)
  }
  if (status === 405 || status === 501 || code === 'UNSUPPORTED') {
    return new RegistryUnsupportedError(
      where,
      `${what.host} does not support ${what.operation} (${detail}): the registry does not offer it, or has it switched off`
    )
  }
  if (status === 429) {
    const wait =
      response.retryAfterMs === undefined
        ? ''
        : `; it asks to wait ${Math.ceil(response.retryAfterMs / 1000)} s`
    return new RegistryRateLimitError(
      where,
      `${what.host} kept answering 429 Too Many Requests to ${what.operation} in ${target}${tries}${wait}: try again later`
    )
  }
  if (status >= 500) {
    return new RegistryError(
      where,
      `${what.host} failed to ${what.operation} in ${target} (${detail})${tries}`
    )
  }
  return new RegistryError(where, `${what.host} refused to ${what.operation} in ${target} (${detail})`)
}

function networkHint(host: string, code: string): string {
  if (isCertificateError(code)) {
    return `the TLS certificate of ${host} is not trusted: give the registry's CA certificate, or put it in ${DOCKER_CERTS_DIR}/${host}/ca.crt`
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
    return `${host} does not speak TLS on that port; only loopback registries are contacted over plain http`
  }
  if (code === 'ECONNREFUSED') return 'is the registry running, and is the port right?'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'check the registry host name'
  if (code === 'REQUEST_TIMEOUT' || code.includes('TIMEOUT')) return 'it did not answer in time'
  return 'check the network and the registry address'
}

/** A failure to get any answer at all, named by host and error code. */
export function networkError(what: Attempted, error: unknown, attempts: number): RegistryNetworkError {
  const code = networkErrorCode(error)
  const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
  return new RegistryNetworkError(
    {host: what.host, repository: what.repository},
    `could not reach ${what.host} to ${what.operation}: ${code}${tries}: ${networkHint(what.host, code)}`,
    code,
    {cause: error}
  )
}
