/**
 * An in-process distribution registry on 127.0.0.1 for unit tests: enough of the API to push, pull, page and
 * delete, with switchable auth (none, Basic, Bearer + token endpoint) and injectable faults.
 */
import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {FakeAuth} from './fake-auth.js'
import {json, type FakeOptions} from './fake-http.js'
import {FakeUploads} from './fake-uploads.js'
import {closeServer, listenLoopback} from '../helpers/loopback-server.js'

export type {FakeOptions} from './fake-http.js'

/** A fault served instead of (or around) the normal answer to the requests `when` picks, `times` times. */
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
  private readonly auth: FakeAuth
  private readonly uploads: FakeUploads
  private server: Server
  host = ''

  constructor(readonly options: FakeOptions = {}) {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.auth = new FakeAuth(options, () => this.url)
    this.uploads = new FakeUploads(options, this.blobs)
  }

  async start(): Promise<this> {
    this.host = await listenLoopback(this.server)
    return this
  }

  stop(): Promise<void> {
    return closeServer(this.server)
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
    this.auth.tokens.clear()
  }

  get tokensIssued(): number {
    return this.auth.tokensIssued
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
    if (url.pathname === '/token') return this.auth.token(req, url, res)
    if (!this.auth.authorized(req, url, res)) return
    if (url.pathname === '/v2/') return json(res, 200, {})
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags|referrers)\/(.*)$/.exec(url.pathname)
    if (!m) return json(res, 404, {errors: [{code: 'NOT_FOUND', message: 'no route'}]})
    const [, repo = '', kind = '', ref = ''] = m
    if (kind === 'manifests') return this.manifest(req, res, repo, ref, body)
    if (kind === 'tags') return this.tagList(res, url, repo)
    if (kind === 'referrers') return this.referrers(res, repo, ref)
    if (ref.startsWith('uploads/'))
      return this.uploads.handle(req, res, url, repo, ref.slice('uploads/'.length), body)
    const blob = this.blobs.get(`${repo}@${ref}`)
    if (!blob) return json(res, 404, {errors: [{code: 'BLOB_UNKNOWN', message: 'blob unknown to registry'}]})
    res.writeHead(200, {'content-length': blob.length, 'docker-content-digest': ref})
    res.end(req.method === 'HEAD' ? undefined : blob)
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
}

export async function startFake(options: FakeOptions = {}): Promise<FakeRegistry> {
  return new FakeRegistry(options).start()
}
