/**
 * Registry errors. Every message names the registry host (and the repository when there is one) and says what to
 * check. None may carry a password, token or Authorization header: messages are built from our own words plus
 * registry-supplied text that has gone through `redact`.
 */

interface Where {
  readonly host: string
  readonly repository?: string
  readonly status?: number
  /** The registry's error code (`MANIFEST_UNKNOWN`, `DENIED`, `UNSUPPORTED`, …) when it sent one. */
  readonly code?: string
}

export class RegistryError extends Error {
  readonly host: string
  readonly repository?: string
  readonly status?: number
  readonly code?: string
  constructor(where: Where, message: string, options?: {cause?: unknown}) {
    super(message, options)
    this.name = 'RegistryError'
    this.host = where.host
    this.repository = where.repository
    this.status = where.status
    this.code = where.code
  }
}

/** 401 that credentials could not fix, or a token endpoint refusing them. */
export class RegistryAuthError extends RegistryError {
  override name = 'RegistryAuthError'
}

/** 403: authenticated, but not allowed to do this. */
export class RegistryDeniedError extends RegistryError {
  override name = 'RegistryDeniedError'
}

export class RegistryNotFoundError extends RegistryError {
  override name = 'RegistryNotFoundError'
}

/** The registry does not offer the operation (delete disabled, tag delete unsupported, …): 405, 400 UNSUPPORTED, 501. */
export class RegistryUnsupportedError extends RegistryError {
  override name = 'RegistryUnsupportedError'
}

/** 429 that outlasted the retry budget. */
export class RegistryRateLimitError extends RegistryError {
  override name = 'RegistryRateLimitError'
}

/** Connection refused/reset, DNS failure, timeout, TLS failure: the registry never answered. */
export class RegistryNetworkError extends RegistryError {
  override name = 'RegistryNetworkError'
  constructor(
    where: Where,
    message: string,
    /** `ECONNREFUSED`, `ETIMEDOUT`, `DEPTH_ZERO_SELF_SIGNED_CERT`, … */
    readonly networkCode: string,
    options?: {cause?: unknown}
  ) {
    super(where, message, options)
  }
}

/** Content whose digest is not the one asked for or announced: never use it. */
export class DigestMismatchError extends RegistryError {
  override name = 'DigestMismatchError'
}

/** A listing (tags, referrers) that could not be read to its end; `partial` holds what was read. */
export class IncompleteListError extends RegistryError {
  override name = 'IncompleteListError'
  constructor(
    where: Where,
    message: string,
    readonly partial: readonly string[],
    options?: {cause?: unknown}
  ) {
    super(where, message, options)
  }
}

/** A reference, repository, tag or digest that is not well formed. */
export class InvalidReferenceError extends Error {
  override name = 'InvalidReferenceError'
  constructor(
    readonly reference: string,
    readonly detail: string
  ) {
    super(`invalid image reference "${reference}": ${detail}`)
  }
}

const MIN_SECRET_LENGTH = 4

/** Replaces every occurrence of each secret (and its base64/URL-encoded forms) with `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64')
    ])) {
      out = out.split(form).join('***')
    }
  }
  return out
}

/** `repository x on host` or `host`, for the start of messages. */
export function describeTarget(host: string, repository?: string): string {
  return repository === undefined ? host : `${host}/${repository}`
}
