/**
 * Docker Hub's API (under /hub) and GitHub's Packages REST API (under /gh), simulated on one local
 * node:http server together with the registry half (sim-registry.ts), as their documentation describes
 * them: routes, pagination (`next` URLs; `Link` headers), auth, rate-limit headers, and refusals.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {json} from '../registry/fake-http.js'
import {SimRegistry, type Flavor, type SimRepo} from './sim-registry.js'
import {closeServer, listenLoopback} from '../helpers/loopback-server.js'

export interface Canned {
  status: number
  headers?: Record<string, string>
  body?: unknown
}

export interface SimFault {
  when: (method: string, path: string) => boolean
  times: number
  answer: Canned
}

export interface SimOptions {
  readonly flavor: Flavor
  readonly username?: string
  readonly password?: string
  /** Hub: the new `/v2/auth/token` route is missing (only the legacy login answers). */
  readonly legacyLoginOnly?: boolean
  /** GHCR: owners that are organizations (others are users). */
  readonly orgs?: readonly string[]
  /** GHCR: the token lacks admin on the package: deletes answer 404 "Package not found". */
  readonly noAdmin?: boolean
  readonly pageSize?: number
}

export class Sim {
  readonly registry: SimRegistry
  readonly log: {method: string; path: string}[] = []
  readonly faults: SimFault[] = []
  private readonly server: Server
  host = ''
  readonly token = 'sim-token-0123456789'

  constructor(readonly options: SimOptions) {
    this.registry = new SimRegistry(options.flavor)
    this.server = createServer((req, res) => void this.route(req, res))
  }

  get url(): string {
    return `http://${this.host}`
  }

  repo(name: string): SimRepo {
    return this.registry.repo(name)
  }

  async start(): Promise<this> {
    this.host = await listenLoopback(this.server)
    return this
  }

  stop(): Promise<void> {
    return closeServer(this.server)
  }

  writes(): {method: string; path: string}[] {
    return this.log.filter(
      l => ['PUT', 'DELETE', 'PATCH'].includes(l.method) || (l.method === 'POST' && l.path.startsWith('/v2/'))
    )
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? ''
    this.log.push({method, path: url.pathname + url.search})
    const fault = this.faults.find(f => f.times > 0 && f.when(method, url.pathname + url.search))
    if (fault) {
      fault.times--
      return json(res, fault.answer.status, fault.answer.body ?? {}, fault.answer.headers ?? {})
    }
    if (url.pathname.startsWith('/hub/')) return this.hub(req, res, url, body)
    if (url.pathname.startsWith('/gh/')) return this.github(req, res, url)
    this.registry.handle(req, res, url, body)
  }

  private bearer(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bearer ${this.token}`
  }

  // ---- Docker Hub API ----

  private hub(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const path = url.pathname.slice('/hub'.length)
    const limits = {
      'x-ratelimit-limit': '180',
      'x-ratelimit-remaining': '170',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60)
    }
    if (req.method === 'POST' && (path === '/v2/auth/token' || path === '/v2/users/login')) {
      if (path === '/v2/auth/token' && this.options.legacyLoginOnly)
        return json(res, 404, {message: 'not found'})
      const sent = JSON.parse(body.toString() || '{}') as Record<string, string>
      const user = sent.identifier ?? sent.username
      const secret = sent.secret ?? sent.password
      if (user !== this.options.username || secret !== this.options.password) {
        return json(res, 401, {detail: 'Incorrect authentication credentials'})
      }
      return json(res, 200, path === '/v2/auth/token' ? {access_token: this.token} : {token: this.token})
    }
    if (!this.bearer(req)) return json(res, 401, {detail: 'authentication required'})
    const m = /^\/v2\/namespaces\/([^/]+)\/repositories\/([^/]+)\/tags(?:\/([^/]+))?$/.exec(path)
    if (!m) return json(res, 404, {message: 'object not found'})
    const repo = this.repo(`${decodeURIComponent(m[1] as string)}/${decodeURIComponent(m[2] as string)}`)
    if (req.method === 'DELETE' && m[3] !== undefined) {
      const tag = decodeURIComponent(m[3])
      if (!repo.tags.has(tag)) return json(res, 404, {message: 'tag not found'})
      repo.tags.delete(tag)
      res.writeHead(204, limits)
      return void res.end()
    }
    const size = Math.min(Number(url.searchParams.get('page_size') ?? 10), this.options.pageSize ?? 100)
    const page = Number(url.searchParams.get('page') ?? 1)
    const all = [...repo.tags.keys()].sort()
    const slice = all.slice((page - 1) * size, page * size)
    const next =
      page * size < all.length
        ? `${this.url}/hub${url.pathname.slice(4)}?page=${page + 1}&page_size=${size}`
        : null
    json(
      res,
      200,
      {
        count: all.length,
        next,
        previous: null,
        results: slice.map(name => {
          const pushed = new Date(repo.pushed.get(name) ?? 0).toISOString()
          return {name, last_updated: pushed, tag_last_pushed: pushed, tag_status: 'active', images: []}
        })
      },
      limits
    )
  }

  // ---- GitHub Packages REST API ----

  private github(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!this.bearer(req)) return json(res, 401, {message: 'Requires authentication'})
    const rate = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600)
    }
    const path = url.pathname.slice('/gh'.length)
    const user = /^\/users\/([^/]+)$/.exec(path)
    if (user) {
      const login = decodeURIComponent(user[1] as string)
      return json(res, 200, {login, type: this.options.orgs?.includes(login) ? 'Organization' : 'User'}, rate)
    }
    // The package name arrives percent-encoded: `app%2Fsub` is one path segment.
    const m = /^\/(orgs|users)\/([^/]+)\/packages\/container\/([^/]+)\/versions(?:\/(\d+))?$/.exec(path)
    if (!m) return json(res, 404, {message: 'Not Found'})
    const [, kind, owner = '', pkg = '', id] = m
    const isOrg = this.options.orgs?.includes(owner) ?? false
    if ((kind === 'orgs') !== isOrg || !this.registry.repos.has(`${owner}/${decodeURIComponent(pkg)}`)) {
      return json(res, 404, {message: 'Package not found.'})
    }
    const repo = this.repo(`${owner}/${decodeURIComponent(pkg)}`)
    const versions = [...repo.manifests.values()].sort((a, b) => b.id - a.id)
    const view = (v: (typeof versions)[number]) => ({
      id: v.id,
      name: v.digest,
      created_at: new Date(v.updatedMs).toISOString(),
      updated_at: new Date(v.updatedMs).toISOString(),
      metadata: {package_type: 'container', container: {tags: repo.tagsOf(v.digest)}}
    })
    if (id === undefined) {
      const size = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.options.pageSize ?? 100)
      const page = Number(url.searchParams.get('page') ?? 1)
      const headers: Record<string, string> = {...rate}
      if (page * size < versions.length) {
        headers.link = `<${this.url}${url.pathname}?per_page=${size}&page=${page + 1}>; rel="next"`
      }
      return json(res, 200, versions.slice((page - 1) * size, page * size).map(view), headers)
    }
    const version = versions.find(v => v.id === Number(id))
    if (!version) return json(res, 404, {message: 'Package version not found.'})
    if (req.method === 'GET') return json(res, 200, view(version), rate)
    if (req.method !== 'DELETE') return json(res, 405, {message: 'Method not allowed'})
    if (this.options.noAdmin) return json(res, 404, {message: 'Package not found.'})
    if (versions.length === 1) {
      return json(res, 400, {
        message: 'You cannot delete the last version of a package. You must delete the package instead.'
      })
    }
    if (version.downloads > 5000) {
      return json(res, 400, {
        message: 'Publicly visible package versions with more than 5000 downloads cannot be deleted.'
      })
    }
    repo.remove(version.digest)
    res.writeHead(204, rate)
    res.end()
  }
}

export async function startSim(options: SimOptions): Promise<Sim> {
  return new Sim({username: 'octo', password: 'pat-secret', ...options}).start()
}
