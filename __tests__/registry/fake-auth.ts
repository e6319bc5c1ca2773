import type {IncomingMessage, ServerResponse} from 'node:http'
import {json, type FakeOptions} from './fake-http.js'

/** The fake's gatekeeper: Basic, or Bearer tokens from its own `/token` endpoint with per-repository grants. */
export class FakeAuth {
  tokensIssued = 0
  readonly tokens = new Map<string, Set<string>>()

  constructor(
    private readonly options: FakeOptions,
    private readonly baseUrl: () => string
  ) {}

  token(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const given = req.headers.authorization
    const expected = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`
    if (given !== undefined && given !== expected) {
      return json(res, 401, {details: 'incorrect username or password'})
    }
    const granted = new Set<string>()
    for (const scope of url.searchParams.getAll('scope')) {
      const type = scope.slice(0, scope.indexOf(':'))
      const name = scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':'))
      const actions = scope.slice(scope.lastIndexOf(':') + 1)
      if (type !== 'repository') continue
      for (const action of actions.split(',')) {
        if (given !== undefined || (this.options.anonymousPull && action === 'pull'))
          granted.add(`${name}:${action}`)
      }
    }
    if (given === undefined && !this.options.anonymousPull)
      return json(res, 401, {details: 'authentication required'})
    const token = `tok-${++this.tokensIssued}-${Math.random().toString(36).slice(2)}`
    this.tokens.set(token, granted)
    json(res, 200, {[this.options.tokenField ?? 'token']: token, expires_in: this.options.expiresIn ?? 300})
  }

  authorized(req: IncomingMessage, url: URL, res: ServerResponse): boolean {
    const mode = this.options.auth ?? 'none'
    if (mode === 'none') return true
    const given = req.headers.authorization ?? ''
    if (mode === 'basic') {
      const ok =
        given ===
        `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`
      if (!ok)
        json(
          res,
          401,
          {errors: [{code: 'UNAUTHORIZED', message: 'authentication required'}]},
          {'www-authenticate': 'Basic realm="fake"'}
        )
      return ok
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags|referrers)\//.exec(url.pathname)
    const action =
      req.method === 'GET' || req.method === 'HEAD' ? 'pull' : req.method === 'DELETE' ? 'delete' : 'push'
    const need = m ? `${m[1]}:${action}` : undefined
    const grants = given.startsWith('Bearer ') ? this.tokens.get(given.slice(7)) : undefined
    const mountFrom = url.searchParams.get('from')
    const ok =
      grants !== undefined &&
      (need === undefined || grants.has(need)) &&
      (mountFrom === null || grants.has(`${mountFrom}:pull`))
    if (!ok) {
      const scope = m ? `,scope="repository:${m[1]}:${action}"` : ''
      json(
        res,
        401,
        {errors: [{code: 'UNAUTHORIZED', message: 'authentication required'}]},
        {
          'www-authenticate': `Bearer realm="${this.baseUrl()}/token",service="fake"${scope}`
        }
      )
    }
    return ok
  }
}
