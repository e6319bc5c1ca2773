import {createHash} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {json, type FakeOptions} from './fake-http.js'

const sha256 = (data: Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** The fake's blob upload sessions: POST (and mount), PATCH chunks with Content-Range, PUT ?digest=, status. */
export class FakeUploads {
  private readonly uploads = new Map<string, {repo: string; chunks: Buffer[]; size: number}>()

  constructor(
    private readonly options: FakeOptions,
    private readonly blobs: Map<string, Buffer>
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, url: URL, repo: string, id: string, body: Buffer): void {
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
