import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

/**
 * An in-process distribution registry on 127.0.0.1 for unit tests: enough of the API to push, pull, page and
 * delete, with switchable auth (none, Basic, Bearer + token endpoint) and injectable faults.
 */
export interface FakeOptions {
  auth?: 'none' | 'basic' | 'bearer'
  username?: string
  password?: string
  /** Bearer: anonymous token requests get pull access (like public repos on Hub). */
  anonymousPull?: boolean
  tokenField?: 'token' | 'access_token'
  expiresIn?: number
  referrersApi?: boolean
  deleteEnabled?: boolean
  tagDelete?: boolean
  /** Tags paging: how the next page is announced. */
  link?: 'relative' | 'absolute' | 'none'
  ignoreLast?: boolean
  ignoreN?: boolean
  /** Omit Docker-Content-Digest on manifest HEAD. */
  headWithoutDigest?: boolean
  mount?: boolean
}

export interface Fault {
  when: (req: IncomingMessage) => boolean
  times: number
  /** drop: close before handling; lose-answer: handle, then close instead of answering. */
  action: 'drop' | 'hang' | 'lose-answer' | Canned | ((req: IncomingMessage) => Canned)
}

interface Canned {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface Logged {
  method: string
  url: string
  authorization?: string
}

const sha256 = (data: Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

export class FakeRegistry {
  readonly manifests = new Map<string, {bytes: Buffer; type: string}>() // key repo@digest
  readonly tags = new Map<string, string>() // key repo:tag -> digest
  readonly blobs = new Map<string, Buffer>() // key repo@digest
  readonly faults: Fault[] = []
  readonly log: Logged[] = []
  tokensIssued = 0
  private readonly uploads = new Map<string, {repo: string; chunks: Buffer[]; size: number}>()
  private readonly tokens = new Map<string, Set<string>>()
  private server: Server
  host = ''

  constructor(readonly options: FakeOptions = {}) {
    this.server = createServer((req, res) => void this.handle(req, res))
  }

  async start(): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  get url(): string {
    return `http://${this.host}`
  }

  putManifest(repo: string, ref: string, bytes: Buffer, type: string): string {
    const digest = sha256(bytes)
    this.manifests.set(`${repo}@${digest}`, {bytes, type})
    if (!ref.includes(':')) this.tags.set(`${repo}:${ref}`, digest)
    return digest
  }

  /** Forgets every token handed out, as a registry does when they expire early or keys rotate. */
  revokeTokens(): void {
    this.tokens.clear()
  }

  tagsOf(repo: string): string[] {
    return [...this.tags.keys()]
      .filter(k => k.startsWith(`${repo}:`))
      .map(k => k.slice(repo.length + 1))
      .sort()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>(resolve => {
      const parts: Buffer[] = []
      req.on('data', (c: Buffer) => parts.push(c))
      req.on('end', () => resolve(Buffer.concat(parts)))
    })
    this.log.push({
      method: req.method ?? '',
      url: req.url ?? '',
      ...(req.headers.authorization ? {authorization: req.headers.authorization} : {})
    })
    const fault = this.faults.find(f => f.times > 0 && f.when(req))
    if (fault) {
      fault.times--
      if (fault.action === 'lose-answer') {
        const drop = (): ServerResponse => {
          req.socket.destroy()
          return res
        }
        Object.assign(res, {writeHead: () => res, end: drop})
      } else if (fault.action === 'drop') return void req.socket.destroy()
      else if (fault.action === 'hang') return
      else {
        const canned = typeof fault.action === 'function' ? fault.action(req) : fault.action
        res.writeHead(canned.status, canned.headers ?? {})
        return void res.end(canned.body ?? '')
      }
    }
    const url = new URL(req.url ?? '/', this.url)
    if (url.pathname === '/token') return this.token(req, url, res)
    if (!this.authorized(req, url, res)) return
    if (url.pathname === '/v2/') return json(res, 200, {})
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags|referrers)\/(.*)$/.exec(url.pathname)
    if (!m) return json(res, 404, {errors: [{code: 'NOT_FOUND', message: 'no route'}]})
    const [, repo = '', kind = '', ref = ''] = m
    if (kind === 'manifests') return this.manifest(req, res, repo, ref, body)
    if (kind === 'tags') return this.tagList(res, url, repo)
    if (kind === 'referrers') return this.referrers(res, repo, ref)
    if (ref.startsWith('uploads/'))
      return this.upload(req, res, url, repo, ref.slice('uploads/'.length), body)
    const blob = this.blobs.get(`${repo}@${ref}`)
    if (!blob) return json(res, 404, {errors: [{code: 'BLOB_UNKNOWN', message: 'blob unknown to registry'}]})
    res.writeHead(200, {'content-length': blob.length, 'docker-content-digest': ref})
    res.end(req.method === 'HEAD' ? undefined : blob)
  }

  private token(req: IncomingMessage, url: URL, res: ServerResponse): void {
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

  private authorized(req: IncomingMessage, url: URL, res: ServerResponse): boolean {
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
          'www-authenticate': `Bearer realm="${this.url}/token",service="fake"${scope}`
        }
      )
    }
    return ok
  }

  private manifest(req: IncomingMessage, res: ServerResponse, repo: string, ref: string, body: Buffer): void {
    if (req.method === 'PUT') {
      const digest = this.putManifest(repo, ref, body, req.headers['content-type'] ?? '')
      const subject = (JSON.parse(body.toString()) as {subject?: {digest: string}}).subject
      const extra: Record<string, string> =
        this.options.referrersApi && subject ? {'oci-subject': subject.digest} : {}
      res.writeHead(201, {
        location: `/v2/${repo}/manifests/${digest}`,
        'docker-content-digest': digest,
        ...extra
      })
      return void res.end()
    }
    const digest = ref.includes(':') ? ref : this.tags.get(`${repo}:${ref}`)
    const found = digest === undefined ? undefined : this.manifests.get(`${repo}@${digest}`)
    if (req.method === 'DELETE') {
      if (!this.options.deleteEnabled)
        return json(res, 405, {errors: [{code: 'UNSUPPORTED', message: 'The operation is unsupported.'}]})
      if (!ref.includes(':') && !this.options.tagDelete)
        return json(res, 400, {errors: [{code: 'UNSUPPORTED', message: 'tag delete'}]})
      if (!found) return json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN', message: 'manifest unknown'}]})
      if (ref.includes(':')) {
        this.manifests.delete(`${repo}@${ref}`)
        for (const [key, value] of this.tags)
          if (value === ref && key.startsWith(`${repo}:`)) this.tags.delete(key)
      } else this.tags.delete(`${repo}:${ref}`)
      res.writeHead(202)
      return void res.end()
    }
    if (!found || digest === undefined)
      return json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN', message: 'manifest unknown'}]})
    const headers: Record<string, string | number> = {
      'content-type': found.type,
      'content-length': found.bytes.length
    }
    if (!(req.method === 'HEAD' && this.options.headWithoutDigest)) headers['docker-content-digest'] = digest
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : found.bytes)
  }

  private tagList(res: ServerResponse, url: URL, repo: string): void {
    const all = this.tagsOf(repo)
    if (all.length === 0)
      return json(res, 404, {
        errors: [{code: 'NAME_UNKNOWN', message: 'repository name not known to registry'}]
      })
    const n =
      url.searchParams.has('n') && !this.options.ignoreN ? Number(url.searchParams.get('n')) : all.length
    const last = this.options.ignoreLast ? null : url.searchParams.get('last')
    const rest = last === null ? all : all.filter(t => t > last)
    const page = rest.slice(0, n)
    const headers: Record<string, string> = {}
    const lastTag = page[page.length - 1]
    if (rest.length > n && lastTag !== undefined && (this.options.link ?? 'relative') !== 'none') {
      const next = `/v2/${repo}/tags/list?last=${encodeURIComponent(lastTag)}&n=${n}`
      headers.link = `<${this.options.link === 'absolute' ? this.url + next : next}>; rel="next"`
    }
    json(res, 200, {name: repo, tags: page}, headers)
  }

  private referrers(res: ServerResponse, repo: string, digest: string): void {
    if (!this.options.referrersApi)
      return json(res, 404, {errors: [{code: 'NOT_FOUND', message: 'no route'}]})
    const manifests = [...this.manifests]
      .filter(([key]) => key.startsWith(`${repo}@`))
      .map(([key, m]) => ({
        key,
        m,
        parsed: JSON.parse(m.bytes.toString()) as {subject?: {digest: string}; artifactType?: string}
      }))
      .filter(({parsed}) => parsed.subject?.digest === digest)
      .map(({key, m, parsed}) => ({
        mediaType: m.type,
        digest: key.slice(repo.length + 1),
        size: m.bytes.length,
        artifactType: parsed.artifactType
      }))
    json(
      res,
      200,
      {schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests},
      {'content-type': 'application/vnd.oci.image.index.v1+json'}
    )
  }

  private upload(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    repo: string,
    id: string,
    body: Buffer
  ): void {
    if (req.method === 'POST') {
      const mount = url.searchParams.get('mount')
      const from = url.searchParams.get('from')
      const source = mount && from ? this.blobs.get(`${from}@${mount}`) : undefined
      if (this.options.mount !== false && mount && source) {
        this.blobs.set(`${repo}@${mount}`, source)
        res.writeHead(201, {location: `/v2/${repo}/blobs/${mount}`, 'docker-content-digest': mount})
        return void res.end()
      }
      const uuid = Math.random().toString(36).slice(2)
      this.uploads.set(uuid, {repo, chunks: [], size: 0})
      res.writeHead(202, {location: `/v2/${repo}/blobs/uploads/${uuid}?_state=s${uuid}`, range: '0-0'})
      return void res.end()
    }
    const upload = this.uploads.get(id)
    if (!upload)
      return json(res, 404, {errors: [{code: 'BLOB_UPLOAD_UNKNOWN', message: 'blob upload unknown'}]})
    const location = `/v2/${repo}/blobs/uploads/${id}?_state=x`
    const range = {location, range: `0-${Math.max(0, upload.size - 1)}`}
    if (req.method === 'DELETE') {
      this.uploads.delete(id)
      res.writeHead(204)
      return void res.end()
    }
    if (req.method === 'GET') {
      res.writeHead(204, range)
      return void res.end()
    }
    const contentRange = req.headers['content-range']
    if (contentRange !== undefined && body.length > 0) {
      const start = Number(/^(\d+)-/.exec(contentRange)?.[1])
      if (start !== upload.size) {
        res.writeHead(416, range)
        return void res.end()
      }
    }
    upload.chunks.push(body)
    upload.size += body.length
    if (req.method === 'PATCH') {
      res.writeHead(202, {location, range: `0-${upload.size - 1}`})
      return void res.end()
    }
    const data = Buffer.concat(upload.chunks)
    const digest = url.searchParams.get('digest')
    if (digest !== sha256(data))
      return json(res, 400, {errors: [{code: 'DIGEST_INVALID', message: 'digest mismatch'}]})
    this.uploads.delete(id)
    this.blobs.set(`${repo}@${digest}`, data)
    res.writeHead(201, {location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest})
    res.end()
  }
}

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  const body = JSON.stringify(value)
  res.writeHead(status, {'content-type': 'application/json', ...headers})
  res.end(body)
}

export async function startFake(options: FakeOptions = {}): Promise<FakeRegistry> {
  return new FakeRegistry(options).start()
}
