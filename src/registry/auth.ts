import {mergeScopes, parseChallenges} from './challenge.js'
import {RegistryAuthError, RegistryError, redact} from './errors.js'
import {isLoopbackRegistry} from './reference.js'

export interface Credentials {
  readonly username: string
  readonly password: string
}

/** Where credentials come from, keyed by registry name as written in references (`docker.io`, `ghcr.io`, `host:port`). */
export interface CredentialStore {
  get(registry: string): Credentials | undefined | Promise<Credentials | undefined>
}

export function staticCredentials(entries: Readonly<Record<string, Credentials>>): CredentialStore {
  return {get: registry => entries[registry]}
}

/** GETs a token URL; the session supplies it with its transport, retries and network-error mapping. */
export type TokenFetcher = (
  url: string,
  headers: Record<string, string>
) => Promise<{status: number; text: string}>

interface CachedToken {
  readonly value: string
  readonly expiresAt: number
}

/** The spec's default when a token response has no `expires_in`. */
const DEFAULT_TOKEN_SECONDS = 60
const MAX_REFRESH_MARGIN_MS = 30_000

/** The human part of a token service's error body: Docker's `details`, OAuth's `error_description`, … */
function tokenErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    const errors = Array.isArray(body.errors)
      ? (body.errors[0] as Record<string, unknown> | undefined)
      : undefined
    for (const value of [body.details, body.error_description, body.message, body.error, errors?.message]) {
      if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200)
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 200)
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
}

/**
 * Answers registry challenges: Basic with the stored credentials, or Bearer tokens from the realm (with Basic
 * credentials when there are some, anonymously otherwise), cached per scope set until shortly before expiry.
 * Once a registry has challenged, later requests get their header up front instead of a 401 round trip.
 */
export class Authenticator {
  private scheme: 'basic' | 'bearer' | undefined
  private realm = ''
  private service: string | undefined
  private readonly tokens = new Map<string, CachedToken>()
  private readonly pending = new Map<string, Promise<CachedToken>>()
  private readonly known = new Set<string>()
  private credentials: Promise<Credentials | undefined> | undefined

  constructor(
    private readonly registry: string,
    private readonly store: CredentialStore | undefined,
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number = Date.now
  ) {}

  /** Every secret this authenticator has handled, for redacting registry-supplied text. */
  secrets(): string[] {
    return [...this.known]
  }

  async hasCredentials(): Promise<boolean> {
    return (await this.loadCredentials()) !== undefined
  }

  /** The header to send with a request needing `scopes`, or undefined while the registry has not challenged. */
  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    if (this.scheme === 'basic') {
      const credentials = await this.loadCredentials()
      return credentials === undefined ? undefined : basic(credentials)
    }
    if (this.scheme === 'bearer') return `Bearer ${(await this.token(mergeScopes(scopes))).value}`
    return undefined
  }

  /**
   * After a 401: learn the challenge and return the header to retry with. `rejected` is the header the 401
   * answered, if any: Basic credentials that were refused are not sent again, a refused token is not reused.
   */
  async answer(
    challengeHeader: string | null,
    scopes: readonly string[],
    rejected?: string
  ): Promise<string> {
    const challenges = parseChallenges(challengeHeader ?? '')
    const bearer = challenges.find(c => c.scheme === 'bearer')
    const credentials = await this.loadCredentials()
    if (bearer?.params.realm) {
      this.scheme = 'bearer'
      this.realm = bearer.params.realm
      this.service = bearer.params.service
      const wanted = mergeScopes([...scopes, ...(bearer.params.scope ? [bearer.params.scope] : [])])
      if (rejected?.startsWith('Bearer ')) this.forget(rejected.slice('Bearer '.length))
      const token = await this.token(wanted)
      // Later requests of this kind look the token up by their own scopes: let them find the one that worked.
      this.tokens.set(mergeScopes(scopes).join(' '), token)
      return `Bearer ${token.value}`
    }
    if (challenges.some(c => c.scheme === 'basic')) {
      this.scheme = 'basic'
      if (credentials === undefined) {
        throw new RegistryAuthError(
          {host: this.registry, status: 401},
          `${this.registry} requires credentials and none were given: log in to ${this.registry}`
        )
      }
      if (rejected?.startsWith('Basic ')) {
        throw new RegistryAuthError(
          {host: this.registry, status: 401},
          `${this.registry} rejected the credentials: check username/password for ${this.registry}`
        )
      }
      return basic(credentials)
    }
    throw new RegistryAuthError(
      {host: this.registry, status: 401},
      `${this.registry} answered 401 without a usable challenge (WWW-Authenticate: ${JSON.stringify(challengeHeader ?? '')})`
    )
  }

  /** Drops a token the registry refused from every scope set it was cached under. */
  private forget(value: string): void {
    for (const [key, token] of this.tokens) if (token.value === value) this.tokens.delete(key)
  }

  private async loadCredentials(): Promise<Credentials | undefined> {
    this.credentials ??= Promise.resolve(this.store?.get(this.registry)).then(found => {
      if (found) {
        this.known.add(found.password)
        // The Basic header's base64 does not contain base64(password) unless the username length aligns.
        this.known.add(basic(found).slice('Basic '.length))
      }
      return found
    })
    return this.credentials
  }

  private async token(scopes: string[]): Promise<CachedToken> {
    const key = scopes.join(' ')
    const cached = this.tokens.get(key)
    if (cached && this.now() < cached.expiresAt) return cached
    let inflight = this.pending.get(key)
    if (!inflight) {
      inflight = this.requestToken(scopes).finally(() => this.pending.delete(key))
      this.pending.set(key, inflight)
    }
    const token = await inflight
    this.tokens.set(key, token)
    return token
  }

  private async requestToken(scopes: string[]): Promise<CachedToken> {
    const url = new URL(this.realm)
    if (this.service !== undefined) url.searchParams.set('service', this.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const credentials = await this.loadCredentials()
    const where = {host: url.host}
    if (credentials && url.protocol === 'http:' && !isLoopbackRegistry(url.host)) {
      throw new RegistryAuthError(
        where,
        `refusing to send the credentials for ${this.registry} to ${url.host} over plain http`
      )
    }
    const started = this.now()
    const {status, text} = await this.fetchToken(
      url.toString(),
      credentials ? {authorization: basic(credentials)} : {}
    )
    if (status < 200 || status > 299) {
      const said = tokenErrorText(text)
      const detail = `${status}${said ? `: ${redact(said, this.known)}` : ''}`
      const refused = status === 401 || status === 403
      const fix = !refused
        ? 'the token service failed; try again later'
        : credentials
          ? `check username/password for ${this.registry}`
          : `log in to ${this.registry}: anonymous access was refused`
      const ErrorClass = refused ? RegistryAuthError : RegistryError
      throw new ErrorClass(
        {...where, status},
        `token service ${url.host} gave no token for ${scopes.join(' ') || 'login'} (${detail}): ${fix}`
      )
    }
    let body: {token?: unknown; access_token?: unknown; expires_in?: unknown}
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      throw new RegistryAuthError(where, `token service ${url.host} answered with something other than JSON`)
    }
    const value = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token
    if (typeof value !== 'string' || value === '') {
      throw new RegistryAuthError(where, `token service ${url.host} answered without a token`)
    }
    this.known.add(value)
    const seconds =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS
    const lifetime = seconds * 1000
    return {value, expiresAt: started + lifetime - Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 10)}
  }
}
