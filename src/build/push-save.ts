/**
 * The docker engine's OCI layout, for a push the registry client finishes (push-layout.ts): docker has no
 * exporter to one, so the image comes from `docker save` (docker 25+ writes an OCI layout and a `manifest.json`,
 * older ones only the `manifest.json`; both with uncompressed layers), and its layers are gzipped here, as
 * `docker push` would: a Docker schema 2 manifest with the image's own config bytes (so the same image ID).
 */
import {createHash} from 'node:crypto'
import {createReadStream, createWriteStream} from 'node:fs'
import {mkdir, open, readFile, rename, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {Transform} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {createGzip} from 'node:zlib'
import {SLOW_TIMEOUT_MS} from '../shell/exec.js'
import type {Exec, ExecResult} from '../shell/exec.js'
import {MediaType} from '../registry/manifest-format.js'

const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json'
const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip'

interface SavedImage {
  readonly Config: string
  readonly Layers: readonly string[]
}

interface Blob {
  readonly digest: string
  readonly size: number
}

/** A path `docker save` names, inside the saved directory only. */
function inside(dir: string, name: string): string {
  const file = path.resolve(dir, name)
  if (!file.startsWith(path.resolve(dir) + path.sep))
    throw new Error(`docker save names ${name}, outside its archive`)
  return file
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(2)
    const {bytesRead} = await handle.read(head, 0, 2, 0)
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
  } finally {
    await handle.close()
  }
}

/** Copies `file` into the layout's blobs, gzipped unless it is already; returns its digest and size. */
async function gzipBlob(file: string, blobs: string): Promise<Blob> {
  const hash = createHash('sha256')
  let size = 0
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    }
  })
  const partial = path.join(blobs, `.partial-${path.basename(file)}-${Date.now()}`)
  if (await isGzip(file)) await pipeline(createReadStream(file), count, createWriteStream(partial))
  else await pipeline(createReadStream(file), createGzip(), count, createWriteStream(partial))
  const digest = `sha256:${hash.digest('hex')}`
  await rename(partial, path.join(blobs, digest.slice('sha256:'.length)))
  return {digest, size}
}

async function writeBlob(blobs: string, bytes: Buffer): Promise<Blob> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  await writeFile(path.join(blobs, digest.slice('sha256:'.length)), bytes)
  return {digest, size: bytes.length}
}

/** Writes the first image of an extracted `docker save` archive (`saved`) as an OCI layout in `dir`. */
export async function layoutFromDockerSave(saved: string, dir: string): Promise<{digest: string}> {
  const images = JSON.parse(await readFile(path.join(saved, 'manifest.json'), 'utf8')) as SavedImage[]
  const image = images[0]
  if (!image || typeof image.Config !== 'string' || !Array.isArray(image.Layers)) {
    throw new Error('docker save wrote no image')
  }
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, {recursive: true})
  const config = await writeBlob(blobs, await readFile(inside(saved, image.Config)))
  const layers: Blob[] = []
  for (const layer of image.Layers) layers.push(await gzipBlob(inside(saved, layer), blobs))
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: {mediaType: CONFIG_TYPE, ...config},
      layers: layers.map(layer => ({mediaType: LAYER_GZIP, ...layer}))
    })
  )
  const top = await writeBlob(blobs, manifest)
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}))
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({schemaVersion: 2, manifests: [{mediaType: MediaType.dockerManifest, ...top}]})
  )
  return {digest: top.digest}
}

/**
 * `docker save` of `image` into `work`, extracted with `tar`, then the layout in `dir`: an exec-like result,
 * so a failure reads as any engine command's.
 */
export async function dockerSaveLayout(
  exec: Exec,
  docker: string,
  image: string,
  dir: string,
  options: {readonly env: Record<string, string>; readonly work: string; readonly timeoutMs?: number}
): Promise<ExecResult> {
  const archive = path.join(options.work, 'image.tar')
  const saved = path.join(options.work, 'saved')
  await mkdir(saved, {recursive: true})
  const timed = {timeoutMs: options.timeoutMs ?? SLOW_TIMEOUT_MS}
  const save = await exec(docker, ['save', '--output', archive, image], {
    env: options.env,
    allowFailure: true,
    ...timed
  })
  if (save.exitCode !== 0) return save
  const untar = await exec('tar', ['-xf', archive, '-C', saved], {allowFailure: true, ...timed})
  if (untar.exitCode !== 0) return untar
  try {
    const {digest} = await layoutFromDockerSave(saved, dir)
    return {exitCode: 0, stdout: `layout ${digest}\n`, stderr: ''}
  } catch (error: unknown) {
    return {
      exitCode: 1,
      stdout: '',
      stderr: `could not turn docker save's archive into a layout: ${String(error)}\n`
    }
  }
}
