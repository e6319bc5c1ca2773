/**
 * An in-process token server speaking the Docker registry token protocol the way Docker Hub and GHCR do,
 * so clients go through the same 401 → realm → Bearer dance as against them:
 *   GET  realm?service=S&scope=repository:NAME:pull,push (scope may repeat), HTTP Basic credentials;
 *   POST realm, form grant_type=password&username&password&service&scope (space separated): the OAuth2
 *        variant containerd and BuildKit try first.
 * Answers with a JWT signed RS256 whose `x5c` header carries the signing certificate, which the
 * registry's `rootcertbundle` trusts. The one configured user may pull, push and delete every repository
 * (and list the catalog); anonymous callers get a token granting nothing, as Docker Hub does for private
 * repositories; a wrong password gets 401.
 */
import {createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {KeyPair} from './tls.js'
import {closeServer, listenLoopback} from './loopback-server.js'

export interface Access {
  readonly type: string
  readonly name: string
  readonly actions: readonly string[]
}

/** One token handed out: tests may check what a client asked for. */
export interface TokenGrant {
  /** Undefined for anonymous requests. */
  readonly account: string | undefined
  readonly requested: readonly Access[]
  readonly granted: readonly Access[]
}

export interface TokenServerOptions {
  readonly service: string
  readonly issuer: string
  readonly username: string
  readonly password: string
  readonly signing: KeyPair
}

export interface TokenServer {
  /** The `realm` for the registry's `auth.token` config: 'http://127.0.0.1:PORT/token'. */
  readonly realm: string
  readonly grants: readonly TokenGrant[]
  close(): Promise<void>
}

const TOKEN_TTL_SECONDS = 300

/** What the configured user may do, by resource type: everything a registry checks. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  repository: ['pull', 'push', 'delete'],
  registry: ['*']
}

interface Signer {
  readonly key: KeyObject
  /** Base64 DER of the signing certificate, for the JWT `x5c` header. */
  readonly x5c: string
}

interface TokenRequest {
  readonly credentials: {readonly username: string; readonly password: string} | undefined
  readonly service: string | null
  readonly scopes: readonly string[]
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

/** 'repository:team/app:pull,push' → {type, name, actions}; the name is everything between the ends. */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':')
  const last = scope.lastIndexOf(':')
  if (first <= 0 || last === first) return undefined
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter(Boolean)
  return {type: scope.slice(0, first), name: scope.slice(first + 1, last), actions}
}

function grant(requested: Access, authenticated: boolean): Access {
  const allowed = authenticated ? (ALLOWED[requested.type] ?? []) : []
  return {...requested, actions: requested.actions.filter(action => allowed.includes(action))}
}

function signJwt(signer: Signer, claims: object): string {
  const header = {typ: 'JWT', alg: 'RS256', x5c: [signer.x5c]}
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  return `${input}.${base64url(sign('sha256', Buffer.from(input), signer.key))}`
}

function basicCredentials(header: string | undefined): TokenRequest['credentials'] {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString()
  const colon = decoded.indexOf(':')
  if (colon < 0) throw new HttpError(400, 'malformed Basic credentials')
  return {username: decoded.slice(0, colon), password: decoded.slice(colon + 1)}
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

async function parseRequest(request: IncomingMessage): Promise<TokenRequest> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  if (url.pathname !== '/token') throw new HttpError(404, 'not found')
  if (request.method === 'GET') {
    const params = url.searchParams
    return {
      credentials: basicCredentials(request.headers.authorization),
      service: params.get('service'),
      scopes: params.getAll('scope').flatMap(scope => scope.split(' '))
    }
  }
  if (request.method === 'POST') {
    const form = new URLSearchParams(await readBody(request))
    // We never hand out refresh tokens, so a client can only come with a password.
    if (form.get('grant_type') !== 'password') throw new HttpError(400, 'unsupported_grant_type')
    return {
      credentials: {username: form.get('username') ?? '', password: form.get('password') ?? ''},
      service: form.get('service'),
      scopes: (form.get('scope') ?? '').split(' ')
    }
  }
  throw new HttpError(405, 'method not allowed')
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, {'content-type': 'application/json'})
  response.end(JSON.stringify(body))
}

async function loadSigner(signing: KeyPair): Promise<Signer> {
  const [cert, key] = await Promise.all([readFile(signing.cert), readFile(signing.key)])
  return {key: createPrivateKey(key), x5c: new X509Certificate(cert).raw.toString('base64')}
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const signer = await loadSigner(options.signing)
  const grants: TokenGrant[] = []

  function issue(request: TokenRequest): object {
    const {credentials} = request
    if (
      credentials &&
      (credentials.username !== options.username || credentials.password !== options.password)
    ) {
      throw new HttpError(401, 'incorrect username or password')
    }
    // Real registries reject a token request for another service: a client bug worth surfacing.
    if (request.service !== null && request.service !== options.service) {
      throw new HttpError(400, `unknown service '${request.service}'`)
    }
    const requested = request.scopes.map(parseScope).filter((a): a is Access => a !== undefined)
    const granted = requested.map(access => grant(access, credentials !== undefined))
    grants.push({account: credentials?.username, requested, granted})
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt(signer, {
      iss: options.issuer,
      sub: credentials?.username ?? '',
      aud: options.service,
      exp: now + TOKEN_TTL_SECONDS,
      // Slack for clock skew between this process and the registry's checks.
      nbf: now - 30,
      iat: now,
      jti: randomUUID(),
      access: granted
    })
    const issuedAt = new Date(now * 1000).toISOString()
    return {token, access_token: token, expires_in: TOKEN_TTL_SECONDS, issued_at: issuedAt}
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      sendJson(response, 200, issue(await parseRequest(request)))
    } catch (error: unknown) {
      const status = error instanceof HttpError ? error.status : 500
      const message = error instanceof Error ? error.message : String(error)
      sendJson(response, status, {errors: [{code: status === 401 ? 'UNAUTHORIZED' : 'DENIED', message}]})
    }
  }

  const server = createServer((request, response) => void handle(request, response))
  const port = (await listenLoopback(server)).split(':')[1]
  return {
    realm: `http://127.0.0.1:${port}/token`,
    grants,
    close: () => closeServer(server)
  }
}
