/**
 * Simulations of Docker Hub and GHCR (their registry halves here, their HTTP APIs in sim-apis.ts): the real
 * services are out of reach, so these follow the services' documented behaviour. Registry differences: Hub deletes a digest only when no tag and no index references it (403
 * otherwise, 405 for a tag) and has the referrers API; GHCR answers every DELETE with 405, has no referrers
 * API, and keeps one package version per manifest digest.
 */
import {createHash} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {json} from '../registry/fake-http.js'
import {FakeUploads} from '../registry/fake-uploads.js'

export type Flavor = 'hub' | 'ghcr'

export interface SimManifest {
  readonly digest: string
  readonly bytes: Buffer
  readonly type: string
  /** GHCR package version id. */
  readonly id: number
  updatedMs: number
  /** GHCR refuses to delete public versions past 5,000 downloads. */
  downloads: number
}

export class SimRepo {
  readonly manifests = new Map<string, SimManifest>()
  readonly tags = new Map<string, string>()
  /** Hub: per tag. */
  readonly pushed = new Map<string, number>()

  tagsOf(digest: string): string[] {
    return [...this.tags]
      .filter(([, d]) => d === digest)
      .map(([t]) => t)
      .sort()
  }

  parsed(digest: string): {
    manifests?: {digest: string}[]
    subject?: {digest: string}
    artifactType?: string
  } {
    return JSON.parse((this.manifests.get(digest) as SimManifest).bytes.toString())
  }

  /** Whether another manifest lists this digest as an index child. */
  referenced(digest: string): boolean {
    return [...this.manifests.keys()].some(d =>
      (this.parsed(d).manifests ?? []).some(m => m.digest === digest)
    )
  }

  remove(digest: string): void {
    this.manifests.delete(digest)
    for (const tag of this.tagsOf(digest)) this.tags.delete(tag)
  }
}

export const sha256 = (data: Uint8Array): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`

export class SimRegistry {
  readonly repos = new Map<string, SimRepo>()
  readonly blobs = new Map<string, Buffer>()
  /** Manifest GETs per repository: what Hub counts as pulls and GHCR as downloads. */
  pulls = 0
  private nextId = 1000
  private readonly uploads = new FakeUploads({}, this.blobs)

  constructor(
    readonly flavor: Flavor,
    private readonly now: () => number = Date.now
  ) {}

  repo(name: string): SimRepo {
    let repo = this.repos.get(name)
    if (!repo) this.repos.set(name, (repo = new SimRepo()))
    return repo
  }

  put(name: string, ref: string, bytes: Buffer, type: string): string {
    const repo = this.repo(name)
    const digest = sha256(bytes)
    const existing = repo.manifests.get(digest)
    if (existing) existing.updatedMs = this.now()
    else
      repo.manifests.set(digest, {
        digest,
        bytes,
        type,
        id: this.nextId++,
        updatedMs: this.now(),
        downloads: 0
      })
    if (!ref.includes(':')) {
      repo.tags.set(ref, digest)
      repo.pushed.set(ref, this.now())
    }
    return digest
  }

  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    if (url.pathname === '/v2/') return json(res, 200, {})
    const m = /^\/v2\/(.+)\/(manifests|blobs|tags|referrers)\/(.*)$/.exec(url.pathname)
    if (!m) return json(res, 404, {errors: [{code: 'NOT_FOUND'}]})
    const [, name = '', kind = '', ref = ''] = m
    const repo = this.repo(name)
    if (kind === 'tags') return this.tagList(res, url, name, repo)
    if (kind === 'referrers') return this.referrers(res, repo, ref)
    if (kind === 'manifests') return this.manifest(req, res, name, repo, ref, body)
    if (ref.startsWith('uploads/'))
      return this.uploads.handle(req, res, url, name, ref.slice('uploads/'.length), body)
    const blob = this.blobs.get(`${name}@${ref}`)
    if (!blob) return json(res, 404, {errors: [{code: 'BLOB_UNKNOWN'}]})
    res.writeHead(200, {'content-length': blob.length, 'docker-content-digest': ref})
    res.end(req.method === 'HEAD' ? undefined : blob)
  }

  private manifest(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    repo: SimRepo,
    ref: string,
    body: Buffer
  ) {
    if (req.method === 'PUT') {
      const parsed = JSON.parse(body.toString()) as {config?: {digest: string}; layers?: {digest: string}[]}
      const missing = [parsed.config, ...(parsed.layers ?? [])].find(
        d => d && !this.blobs.has(`${name}@${d.digest}`)
      )
      if (missing) return json(res, 400, {errors: [{code: 'MANIFEST_BLOB_UNKNOWN', message: missing.digest}]})
      const digest = this.put(name, ref, body, req.headers['content-type'] ?? '')
      res.writeHead(201, {'docker-content-digest': digest, location: `/v2/${name}/manifests/${digest}`})
      return void res.end()
    }
    const digest = ref.includes(':') ? ref : repo.tags.get(ref)
    const found = digest === undefined ? undefined : repo.manifests.get(digest)
    if (req.method === 'DELETE') return this.delete(res, repo, ref, found)
    if (!found) return json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN'}]})
    if (req.method === 'GET') {
      this.pulls++
      found.downloads++
    }
    res.writeHead(200, {
      'content-type': found.type,
      'content-length': found.bytes.length,
      'docker-content-digest': found.digest
    })
    res.end(req.method === 'HEAD' ? undefined : found.bytes)
  }

  private delete(res: ServerResponse, repo: SimRepo, ref: string, found: SimManifest | undefined) {
    const unsupported = {errors: [{code: 'UNSUPPORTED', message: 'The operation is unsupported.'}]}
    if (this.flavor === 'ghcr' || !ref.includes(':')) return json(res, 405, unsupported)
    if (!found) return json(res, 404, {errors: [{code: 'MANIFEST_UNKNOWN'}]})
    // Hub: only untagged, unreferenced manifests may go.
    if (repo.tagsOf(found.digest).length > 0 || repo.referenced(found.digest)) {
      return json(res, 403, {
        errors: [{code: 'DENIED', message: 'manifest is referenced by a tag or an index'}]
      })
    }
    repo.remove(found.digest)
    res.writeHead(202)
    res.end()
  }

  private tagList(res: ServerResponse, url: URL, name: string, repo: SimRepo) {
    const all = [...repo.tags.keys()].sort()
    const n = Number(url.searchParams.get('n') ?? 100)
    const last = url.searchParams.get('last')
    const rest = last === null ? all : all.filter(t => t > last)
    const page = rest.slice(0, n)
    const headers: Record<string, string> = {}
    if (rest.length > n)
      headers.link = `</v2/${name}/tags/list?last=${page[page.length - 1]}&n=${n}>; rel="next"`
    json(res, 200, {name, tags: page}, headers)
  }

  private referrers(res: ServerResponse, repo: SimRepo, digest: string) {
    if (this.flavor === 'ghcr') return json(res, 404, {errors: [{code: 'NOT_FOUND'}]})
    const manifests = [...repo.manifests.values()]
      .filter(m => repo.parsed(m.digest).subject?.digest === digest)
      .map(m => ({mediaType: m.type, digest: m.digest, size: m.bytes.length}))
    json(
      res,
      200,
      {schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests},
      {
        'content-type': 'application/vnd.oci.image.index.v1+json'
      }
    )
  }
}
