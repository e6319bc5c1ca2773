/**
 * A push the engine could not finish, finished by the registry client: the engine writes the image as an OCI
 * image layout on disk (no network: `buildx build --output type=oci,tar=false`, `buildah push oci:`), and the
 * client pushes it, each request retried on its own. An engine push is all or nothing per attempt (`buildx`
 * makes some thirty requests and retries few), so a retry through the client is what gets through a bad day.
 */
import {createReadStream} from 'node:fs'
import {mkdtemp, readFile, rm, stat} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {toMessage} from '../shared/errors.js'
import type {ExecResult} from '../shell/exec.js'
import type {RegistryClient} from '../registry/client.js'
import {RegistryError, RegistryNetworkError} from '../registry/errors.js'
import {isIndexMediaType, parseManifest, type Descriptor} from '../registry/manifest-format.js'
import {isValidDigest, parseReference} from '../registry/reference.js'
import {createLimiter, isRetryableStatus, type Limiter} from '../registry/retry.js'
import type {PushVerdict} from './push-classify.js'

/** A registry client for a registry, with the engine's credentials. */
export type Connect = (registry: string) => Promise<RegistryClient>

/** One attempt's result; `verdict` when the attempt judged itself, `digest` when it knows what it pushed. */
export interface AttemptResult extends ExecResult {
  readonly verdict?: PushVerdict
  readonly digest?: string
}

/** Blobs up to this size are read whole, so the client can retry their one PUT; larger ones are streamed. */
const IN_MEMORY = 16 * 1024 * 1024
/** Fresh upload sessions per blob, when the registry dropped one (distribution 2.8 after a retried chunk). */
const BLOB_ATTEMPTS = 3
const CONCURRENCY = 4

function uploadSessionLost(error: unknown): boolean {
  return error instanceof RegistryError && error.status === 404 && /^BLOB_UPLOAD_/.test(error.code ?? '')
}

interface IndexJson {
  readonly manifests?: readonly Descriptor[]
}

/** `blobs/<algorithm>/<hex>` of a layout, for a well-formed digest only (never a path out of it). */
function blobPath(dir: string, digest: string): string {
  if (!isValidDigest(digest)) throw new Error(`the OCI layout ${dir} names an invalid digest ${digest}`)
  const [algorithm, hex] = digest.split(':') as [string, string]
  return path.join(dir, 'blobs', algorithm, hex)
}

/**
 * Pushes the one image of the OCI layout in `dir` to `ref` (a tag): blobs the repository lacks, then each
 * manifest by digest, children before their index, then the top one under the tag. Returns its digest.
 */
export async function pushLayout(
  dir: string,
  ref: string,
  connect: Connect,
  limit: Limiter = createLimiter(CONCURRENCY)
): Promise<{digest: string; mediaType: string}> {
  const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as IndexJson
  const top = index.manifests?.[0]
  if (!top || index.manifests?.length !== 1) {
    throw new Error(`the OCI layout ${dir} holds ${index.manifests?.length ?? 0} images, not one`)
  }
  const target = parseReference(ref)
  const client = await connect(target.registry)
  const repository = target.repository
  const blobs = new Map<string, Promise<void>>()
  const manifests = new Map<string, Promise<void>>()

  const upload = async (blob: Descriptor): Promise<void> => {
    if (await client.headBlob(repository, blob.digest)) return
    const file = blobPath(dir, blob.digest)
    const small = (await stat(file)).size <= IN_MEMORY
    for (let attempt = 1; ; attempt++) {
      try {
        const source = small
          ? new Uint8Array(await readFile(file))
          : {stream: createReadStream(file), digest: blob.digest}
        await client.uploadBlob(repository, source, {expectDigest: blob.digest})
        return
      } catch (error: unknown) {
        if (attempt >= BLOB_ATTEMPTS || !uploadSessionLost(error)) throw error
      }
    }
  }
  const putBlob = (blob: Descriptor): Promise<void> => {
    let pending = blobs.get(blob.digest)
    if (!pending) blobs.set(blob.digest, (pending = limit(() => upload(blob))))
    return pending
  }
  const putManifest = async (descriptor: Descriptor, tag?: string): Promise<void> => {
    const bytes = await readFile(blobPath(dir, descriptor.digest))
    const parsed = parseManifest(bytes)
    const mediaType = descriptor.mediaType || parsed.mediaType || ''
    if (isIndexMediaType(mediaType) || parsed.manifests) {
      await Promise.all((parsed.manifests ?? []).map(child => putChild(child)))
    }
    await Promise.all([...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])].map(putBlob))
    await limit(() => client.putManifest(repository, tag ?? descriptor.digest, bytes, mediaType))
  }
  const putChild = (child: Descriptor): Promise<void> => {
    let pending = manifests.get(child.digest)
    if (!pending) manifests.set(child.digest, (pending = putManifest(child)))
    return pending
  }
  await putManifest(top, target.tag ?? 'latest')
  return {digest: top.digest, mediaType: top.mediaType}
}

/**
 * Whether another attempt through the client may help after it gave up (it retried each request already): a
 * registry that kept answering 429 or 5xx, yes; one the client could not reach at all, no, as the engine did
 * reach it (through a proxy Node does not use, say): the engine then pushes again itself.
 */
export function clientVerdict(error: unknown): PushVerdict {
  const cause = `registry client: ${toMessage(error)}`
  if (error instanceof RegistryNetworkError) return {transient: false, cause}
  if (error instanceof RegistryError) {
    return {transient: error.status !== undefined && isRetryableStatus(error.status), cause}
  }
  return {transient: false, cause}
}

/**
 * One attempt through a layout: `exportTo(dir)` writes it (an engine command; its failure is that attempt's
 * result), then the client pushes it to `ref`. The layout is removed either way.
 */
export async function layoutAttempt(
  exportTo: (dir: string) => Promise<ExecResult>,
  ref: string,
  connect: Connect,
  log: (message: string) => void,
  tempDir: string = os.tmpdir()
): Promise<AttemptResult> {
  const dir = await mkdtemp(path.join(tempDir, 'push-layout-'))
  try {
    const exported = await exportTo(path.join(dir, 'oci'))
    if (exported.exitCode !== 0) return exported
    try {
      const {digest} = await pushLayout(path.join(dir, 'oci'), ref, connect)
      log(`Pushed ${ref} (${digest}) from the engine's OCI layout with the registry client`)
      return {...exported, digest}
    } catch (error: unknown) {
      const verdict = clientVerdict(error)
      return {exitCode: 1, stdout: exported.stdout, stderr: `${verdict.cause}\n`, verdict}
    }
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}
