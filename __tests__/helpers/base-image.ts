/**
 * A tiny busybox base image, built without any engine or network so Dockerfiles with RUN steps work on
 * an offline machine: the host's static busybox plus applet symlinks, written as a deterministic layer
 * into an OCI image layout, then pushed with skopeo. Its multi-platform sibling is an OCI index with one
 * such image per architecture, the others' busybox being Debian's busybox-static for that architecture
 * (scripts/setup-test-env.sh unpacks it).
 */
import {createHash} from 'node:crypto'
import {access, chmod, mkdir, mkdtemp, open, readFile, rename, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterAll, beforeAll} from 'vitest'
import {ociArch} from '../../src/build/platforms.js'
import {computeDigest, MediaType, type RegistryClient} from '../../src/registry/index.js'
import {startRegistry, type TestRegistry} from './registry.js'
import {skopeoCopy} from './skopeo.js'

const BUSYBOX_CANDIDATES = ['/usr/bin/busybox', '/bin/busybox']

/** The architectures of the multi-platform base image, as OCI names them. */
export const MULTI_PLATFORM_ARCHES = ['amd64', 'arm64'] as const
export type MultiPlatformArch = (typeof MULTI_PLATFORM_ARCHES)[number]

/** ELF e_machine of each architecture: a busybox of the wrong one would be labelled with a lie. */
const ELF_MACHINE: Readonly<Record<MultiPlatformArch, number>> = {amd64: 0x3e, arm64: 0xb7}

/** Where scripts/setup-test-env.sh unpacks Debian's busybox-static of an architecture not the machine's. */
export function foreignBusyboxPath(arch: string): string {
  return `/opt/image-action/busybox-${arch}/busybox`
}

/** Applets linked into /bin: what test Dockerfiles and scripts reach for. */
const APPLETS = `sh ls cat echo mkdir cp mv rm sleep dd true false env head tail wc sha256sum touch chmod grep
  sed tar gzip find sort tr date uname whoami id stat seq printf test [`.split(/\s+/)

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
/** Fixed timestamps keep the layer, config and so every digest the same on every run. */
const EPOCH = '1970-01-01T00:00:00Z'
const LAYOUT_TAG = 'latest'

const MEDIA_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip'
} as const

type Entry =
  | {readonly type: 'dir'; readonly name: string; readonly mode: number}
  | {readonly type: 'file'; readonly name: string; readonly mode: number; readonly data: Buffer}
  | {readonly type: 'symlink'; readonly name: string; readonly target: string}

// ---- a minimal, deterministic ustar writer ----

const BLOCK = 512

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

function tarHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(BLOCK)
  const size = entry.type === 'file' ? entry.data.length : 0
  const mode = entry.type === 'symlink' ? 0o777 : entry.mode
  const fields: [offset: number, value: string][] = [
    [0, entry.type === 'dir' ? `${entry.name}/` : entry.name],
    [100, octal(mode, 8)],
    [108, octal(0, 8)], // uid
    [116, octal(0, 8)], // gid
    [124, octal(size, 12)],
    [136, octal(0, 12)], // mtime
    [156, {dir: '5', file: '0', symlink: '2'}[entry.type]],
    [157, entry.type === 'symlink' ? entry.target : ''],
    [257, 'ustar\0'],
    [263, '00'],
    [265, 'root'],
    [297, 'root']
  ]
  for (const [offset, value] of fields) header.write(value, offset, 'utf8')
  // The checksum is computed with its own field read as eight spaces.
  header.write('        ', 148)
  const sum = header.reduce((total, byte) => total + byte, 0)
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return header
}

function tar(entries: readonly Entry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const parts = sorted.flatMap(entry => {
    if (entry.type !== 'file') return [tarHeader(entry)]
    const padding = Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK)
    return [tarHeader(entry), entry.data, padding]
  })
  return Buffer.concat([...parts, Buffer.alloc(2 * BLOCK)])
}

// ---- the root filesystem ----

/** A dynamically linked busybox would not run inside the image: check the ELF has no PT_INTERP. */
async function isStaticElf(file: string): Promise<boolean> {
  return (await staticElfMachine(file)) !== undefined
}

/** The e_machine of a static ELF64 little-endian executable; undefined when `file` is anything else. */
async function staticElfMachine(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r')
  try {
    const header = Buffer.alloc(64)
    await handle.read(header, 0, 64, 0)
    // ELF64 little-endian only (amd64, arm64): what the offsets below assume.
    if (header.toString('latin1', 0, 4) !== '\x7fELF' || header[4] !== 2 || header[5] !== 1) return undefined
    const phoff = Number(header.readBigUInt64LE(0x20))
    const phentsize = header.readUInt16LE(0x36)
    const phnum = header.readUInt16LE(0x38)
    const table = Buffer.alloc(phentsize * phnum)
    await handle.read(table, 0, table.length, phoff)
    const PT_INTERP = 3
    for (let i = 0; i < phnum; i++) {
      if (table.readUInt32LE(i * phentsize) === PT_INTERP) return undefined
    }
    return header.readUInt16LE(0x12)
  } finally {
    await handle.close()
  }
}

async function staticBusybox(): Promise<Buffer> {
  for (const candidate of BUSYBOX_CANDIDATES) {
    const found = await isStaticElf(candidate).catch(() => false)
    if (found) return readFile(candidate)
  }
  throw new Error(`no static busybox at ${BUSYBOX_CANDIDATES.join(' or ')}: install busybox-static`)
}

/** The static busybox for `arch`: the machine's own, or the one the setup script unpacked for another. */
async function busyboxFor(arch: MultiPlatformArch): Promise<Buffer> {
  if (arch === ociArch()) return staticBusybox()
  const file = foreignBusyboxPath(arch)
  const machine = await staticElfMachine(file).catch(() => undefined)
  if (machine === ELF_MACHINE[arch]) return readFile(file)
  throw new Error(
    `no static ${arch} busybox at ${file}: run \`sudo bash scripts/setup-test-env.sh\` to unpack Debian's busybox-static:${arch}`
  )
}

function rootfs(busybox: Buffer): Entry[] {
  const dirs = ['bin', 'dev', 'etc', 'proc', 'root', 'sys'].map(
    name => ({type: 'dir', name, mode: 0o755}) as const
  )
  return [
    ...dirs,
    {type: 'dir', name: 'tmp', mode: 0o1777},
    {type: 'file', name: 'bin/busybox', mode: 0o755, data: busybox},
    ...APPLETS.map(applet => ({type: 'symlink', name: `bin/${applet}`, target: 'busybox'}) as const),
    {type: 'file', name: 'etc/passwd', mode: 0o644, data: Buffer.from('root:x:0:0:root:/root:/bin/sh\n')},
    {type: 'file', name: 'etc/group', mode: 0o644, data: Buffer.from('root:x:0:\n')}
  ]
}

// ---- the OCI image layout ----

interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

async function writeBlob(layout: string, mediaType: string, data: Buffer): Promise<Descriptor> {
  const digest = sha256(data)
  await writeFile(path.join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)), data)
  return {mediaType, digest, size: data.length}
}

function json(value: object): Buffer {
  return Buffer.from(JSON.stringify(value))
}

function hostArch(): string {
  const architecture = ociArch()
  if (!architecture) throw new Error(`no OCI architecture known for ${process.arch}`)
  return architecture
}

function imageConfig(diffId: string, architecture = hostArch()): object {
  return {
    created: EPOCH,
    architecture,
    os: 'linux',
    config: {Env: [PATH_ENV], Cmd: ['sh'], WorkingDir: '/'},
    rootfs: {type: 'layers', diff_ids: [diffId]},
    history: [{created: EPOCH, created_by: 'image-action test helper: static busybox'}]
  }
}

/** One image's blobs (layer, config, manifest) in the layout at `dir`; returns the manifest's descriptor. */
async function writeImage(dir: string, busybox: Buffer, architecture?: string): Promise<Descriptor> {
  await mkdir(path.join(dir, 'blobs', 'sha256'), {recursive: true})
  const layerTar = tar(rootfs(busybox))
  // Node's gzip header carries no timestamp (MTIME 0), so the blob is as stable as the tar.
  const layer = await writeBlob(dir, MEDIA_TYPES.layer, gzipSync(layerTar, {level: 9}))
  const config = await writeBlob(dir, MEDIA_TYPES.config, json(imageConfig(sha256(layerTar), architecture)))
  return writeBlob(
    dir,
    MEDIA_TYPES.manifest,
    json({schemaVersion: 2, mediaType: MEDIA_TYPES.manifest, config, layers: [layer]})
  )
}

/** The layout's index.json, naming `top` (an image or an index) LAYOUT_TAG. */
async function writeLayoutIndex(dir: string, top: Descriptor): Promise<void> {
  const tagged = {...top, annotations: {'org.opencontainers.image.ref.name': LAYOUT_TAG}}
  await writeFile(path.join(dir, 'oci-layout'), json({imageLayoutVersion: '1.0.0'}))
  await writeFile(
    path.join(dir, 'index.json'),
    json({schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [tagged]})
  )
}

async function writeLayout(dir: string, busybox: Buffer): Promise<void> {
  await writeLayoutIndex(dir, await writeImage(dir, busybox))
}

/** An OCI index blob over one image per architecture, tagged LAYOUT_TAG in the layout. */
async function writeMultiPlatformLayout(
  dir: string,
  busyboxes: ReadonlyMap<MultiPlatformArch, Buffer>
): Promise<void> {
  const manifests: object[] = []
  for (const [architecture, busybox] of busyboxes) {
    const image = await writeImage(dir, busybox, architecture)
    manifests.push({...image, platform: {architecture, os: 'linux'}})
  }
  const index = await writeBlob(
    dir,
    MEDIA_TYPES.index,
    json({schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests})
  )
  await writeLayoutIndex(dir, index)
}

/** Bump when the image changes, so layouts cached by older helpers are not reused. */
const LAYOUT_VERSION = 1

/**
 * Builds the layout once per machine and busybox: in a directory named after both, reused by every later
 * test process (vitest kills its workers, so a per-process directory could never be cleaned up). Built
 * in a staging directory and renamed into place, so concurrent processes never see half a layout.
 */
async function buildLayout(): Promise<string> {
  const busybox = await staticBusybox()
  const key = createHash('sha256').update(`${LAYOUT_VERSION}\0`).update(busybox).digest('hex').slice(0, 16)
  return buildLayoutOnce(`image-action-base-${key}`, dir => writeLayout(dir, busybox))
}

/** The same for the multi-platform image: one directory per set of busyboxes. */
async function buildMultiPlatformLayout(): Promise<string> {
  const busyboxes = new Map<MultiPlatformArch, Buffer>()
  const hash = createHash('sha256').update(`${LAYOUT_VERSION}\0multi-platform\0`)
  for (const arch of MULTI_PLATFORM_ARCHES) {
    const busybox = await busyboxFor(arch)
    busyboxes.set(arch, busybox)
    hash.update(`${arch}\0`).update(busybox)
  }
  const key = hash.digest('hex').slice(0, 16)
  return buildLayoutOnce(`image-action-base-multi-${key}`, dir => writeMultiPlatformLayout(dir, busyboxes))
}

/** The layout in os.tmpdir()/`name`, written by `write` unless a complete one is already there. */
async function buildLayoutOnce(name: string, write: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(os.tmpdir(), name)
  const complete = () => exists(path.join(dir, 'index.json'))
  if (!(await complete())) {
    const staging = await mkdtemp(`${dir}.staging-`)
    await write(staging)
    // mkdtemp makes it private; the layout is shared with whoever runs tests next.
    await chmod(staging, 0o755)
    await rename(staging, dir).catch(async (error: unknown) => {
      await rm(staging, {recursive: true, force: true})
      // Another process got there first, with the same layout; anything else is a real failure.
      if (!(await complete())) throw error
    })
  }
  return `oci:${dir}:${LAYOUT_TAG}`
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}

let cachedLayout: Promise<string> | undefined

/** The base image as a skopeo reference, 'oci:DIR:latest'. */
export function baseImageLayout(): Promise<string> {
  cachedLayout ??= buildLayout().catch((error: unknown) => {
    cachedLayout = undefined
    throw error
  })
  return cachedLayout
}

/** Pushes the base image to `registry` as the registry's user; returns its reference, 'HOST/REPO:TAG'. */
export async function pushBaseImage(registry: TestRegistry, repoTag = 'base/busybox:1'): Promise<string> {
  await skopeoCopy(await baseImageLayout(), {registry, repoTag})
  return `${registry.host}/${repoTag}`
}

let cachedMultiPlatformLayout: Promise<string> | undefined

/**
 * The multi-platform base image as a skopeo reference, 'oci:DIR:latest': an OCI index with a linux/amd64
 * and a linux/arm64 image ({@link MULTI_PLATFORM_ARCHES}), each the busybox layer of its architecture.
 */
export function multiPlatformBaseImageLayout(): Promise<string> {
  cachedMultiPlatformLayout ??= buildMultiPlatformLayout().catch((error: unknown) => {
    cachedMultiPlatformLayout = undefined
    throw error
  })
  return cachedMultiPlatformLayout
}

/**
 * Pushes the multi-platform base image (the index and both images) to `registry` as the registry's user;
 * returns its reference, 'HOST/REPO:TAG'.
 */
export async function pushMultiPlatformBaseImage(
  registry: TestRegistry,
  repoTag = 'base/busybox:multi'
): Promise<string> {
  await skopeoCopy(await multiPlatformBaseImageLayout(), {registry, repoTag}, {all: true})
  return `${registry.host}/${repoTag}`
}

export interface RegistryWithBase {
  /** Set once the describe's beforeAll ran. */
  readonly registry: TestRegistry
  /** The base image in it, 'HOST/base/busybox:1'. */
  readonly base: string
}

/**
 * For a describe block of engine tests: an anonymous registry holding the base image, started before its
 * tests and stopped after them. Read the fields inside tests (they are filled in by beforeAll).
 */
export function useRegistryWithBase(): RegistryWithBase {
  const env = {} as {registry: TestRegistry; base: string}
  beforeAll(async () => {
    env.registry = await startRegistry({auth: 'anonymous'})
    env.base = await pushBaseImage(env.registry)
  })
  afterAll(async () => env.registry?.stop())
  return env
}

export interface IndexWithReferrer {
  readonly index: string
  /** The base image, the index's only entry. */
  readonly child: string
  /** A signature-like artifact whose subject is the index. */
  readonly artifact: string
  /** The base image's layer blob. */
  readonly layer: string
}

/**
 * The graph promote and copy tests move: `repo:multi`, an index over the base image already at `repo:1`,
 * and a signature-like referrer of the index, pushed by digest.
 */
export async function pushIndexWithReferrer(
  client: RegistryClient,
  repo: string
): Promise<IndexWithReferrer> {
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
  const child = await client.getManifest(repo, '1')
  const layer = child.parsed.layers?.[0]?.digest
  if (layer === undefined) throw new Error('the base image has no layer')
  const index = encode({
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: [
      {
        mediaType: child.mediaType,
        digest: child.digest,
        size: child.size,
        platform: {architecture: ociArch() ?? 'amd64', os: 'linux'}
      }
    ]
  })
  const indexDigest = (await client.putManifest(repo, 'multi', index, MediaType.ociIndex)).digest
  const empty = encode({})
  const payload = new TextEncoder().encode('signature of the index')
  await client.uploadBlob(repo, empty)
  await client.uploadBlob(repo, payload)
  const artifact = encode({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: 'application/vnd.example.signature',
    config: {mediaType: MediaType.ociEmpty, digest: computeDigest(empty), size: empty.length},
    layers: [{mediaType: 'application/octet-stream', digest: computeDigest(payload), size: payload.length}],
    subject: {mediaType: MediaType.ociIndex, digest: indexDigest, size: index.length}
  })
  const pushed = await client.putManifest(repo, computeDigest(artifact), artifact, MediaType.ociManifest)
  return {index: indexDigest, child: child.digest, artifact: pushed.digest, layer}
}
