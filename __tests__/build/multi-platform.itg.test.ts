/**
 * Several platforms with RUN steps (issue 10, item 6): `platforms: linux/amd64,linux/arm64` on buildx's docker
 * driver over the containerd image store, through the runner emulator (dist/), logged in to an htpasswd
 * registry that also holds the base image (an engine-free OCI index of busybox for both architectures).
 * The arm64 RUN steps run under Debian's qemu-user-static (binfmt_misc); what they wrote is read back from
 * the pushed layers, so the test sees that each platform's RUN ran on that architecture, in this run.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {ociArch} from '../../src/build/platforms.js'
import {fetchTransport, MediaType, type RegistryClient} from '../../src/registry/index.js'
import {runAction} from '../helpers/action-runner.js'
import {foreignBusyboxPath, MULTI_PLATFORM_ARCHES, pushMultiPlatformBaseImage} from '../helpers/base-image.js'
import {clientFor, startRegistry, type TestRegistry} from '../helpers/registry.js'
import {
  CONTAINERD_STORE_HOST,
  dockerClient,
  requireTools,
  tempDir,
  type DockerClient
} from '../helpers/require-tool.js'
import {skopeoRawManifest} from '../helpers/skopeo.js'

/** The busybox of every architecture that is not this machine's, as scripts/setup-test-env.sh unpacks it. */
const FOREIGN_BUSYBOXES = MULTI_PLATFORM_ARCHES.filter(arch => arch !== ociArch()).map(foreignBusyboxPath)

const describeMultiPlatform = await requireTools(
  'docker-daemon',
  'containerd-store-daemon',
  'docker-buildx',
  'binfmt-arm64',
  'skopeo',
  'docker-registry',
  'htpasswd',
  'openssl',
  'root',
  ...FOREIGN_BUSYBOXES
)

const GZIP_LAYERS = [
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip'
]

/** What `uname -m` says on each platform. */
const UNAME: Readonly<Record<string, string>> = {amd64: 'x86_64', arm64: 'aarch64'}

const DOCKERFILE = `ARG BASE
FROM \${BASE}
ARG NONCE
RUN uname -m > /arch && busybox echo ok > /ok && echo "\${NONCE}" > /nonce
`

interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly platform?: {readonly architecture?: string; readonly os?: string}
}

interface ImageManifest {
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
}

/** The regular files of an uncompressed tar, by name (without a leading './'). */
function tarFiles(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const field = (header: Buffer, start: number, length: number) =>
    header.toString('utf8', start, start + length).replace(/\0.*$/s, '')
  let paxPath: string | undefined
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every(byte => byte === 0)) break
    const size = parseInt(field(header, 124, 12).trim() || '0', 8)
    const type = field(header, 156, 1)
    const prefix = field(header, 345, 155)
    const name = paxPath ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    const data = archive.subarray(offset + 512, offset + 512 + size)
    paxPath = undefined
    if (type === 'x') paxPath = /^\d+ path=(.*)$/m.exec(data.toString('utf8'))?.[1]
    else if (type === '0' || type === '') files.set(name.replace(/^\.\//, ''), data)
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return files
}

async function manifestOf(client: RegistryClient, repo: string, digest: string): Promise<ImageManifest> {
  return (await client.getManifest(repo, digest)).parsed as unknown as ImageManifest
}

async function blob(client: RegistryClient, repo: string, digest: string): Promise<Buffer> {
  const {stream} = await client.getBlob(repo, digest)
  return Buffer.from(await new Response(stream).arrayBuffer())
}

/** A layer's files; gzip is what buildx writes by default, and what a zstd layer would fail on loudly. */
async function layerFiles(
  client: RegistryClient,
  repo: string,
  layer: Descriptor
): Promise<Map<string, Buffer>> {
  expect(GZIP_LAYERS).toContain(layer.mediaType)
  return tarFiles(gunzipSync(await blob(client, repo, layer.digest)))
}

/** The index's image entries by architecture, attestation manifests (platform unknown/unknown) left out. */
function imagesByArch(index: {manifests?: readonly Descriptor[]}): Map<string, Descriptor> {
  const images = (index.manifests ?? []).filter(m => m.platform?.architecture !== 'unknown')
  return new Map(images.map(m => [m.platform?.architecture ?? '', m]))
}

/** The registry's server errors from its own log, for a failure message: a 500 says why only there. */
async function registryErrors(registry: TestRegistry): Promise<string> {
  const logFile = path.join(path.dirname(registry.dataDir), 'registry.log')
  const log = await readFile(logFile, 'utf8').catch(() => '')
  const errors = log.split('\n').filter(line => /status=5\d\d|level=(fatal|panic)/.test(line))
  return `\n---- registry server errors ----\n${errors.join('\n').slice(-6000)}`
}

describeMultiPlatform('several platforms with RUN steps (buildx, containerd store, qemu for arm64)', () => {
  let registry: TestRegistry
  let client: RegistryClient
  let docker: DockerClient
  let base = ''
  let home = ''

  beforeAll(async () => {
    registry = await startRegistry({auth: 'basic'})
    // HTTPS with the test CA: the client trusts it by a transport of its own, not through certs.d.
    client = clientFor(registry, fetchTransport({ca: await readFile(registry.caFile ?? '', 'utf8')}))
    docker = await dockerClient()
    base = await pushMultiPlatformBaseImage(registry)
    home = await tempDir('multi-platform-home')
  })

  afterAll(async () => {
    // The docker driver keeps what it builds in the daemon's image store as well: remove those images.
    if (docker && registry) {
      const env = {DOCKER_HOST: CONTAINERD_STORE_HOST}
      const listed = await docker.run(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {env})
      const ours = listed.stdout.split('\n').filter(ref => ref.startsWith(`${registry.host}/`))
      if (ours.length > 0) await docker.run(['image', 'rm', '--force', ...ours], {env, allowFailure: true})
    }
    await docker?.dispose()
    await registry?.stop()
    if (home) await rm(home, {recursive: true, force: true})
  })

  test('linux/amd64,linux/arm64: one index pushed; each image ran its RUN steps on its own architecture', async () => {
    const repo = 'multi/run'
    const nonce = randomBytes(8).toString('hex')
    const prepare = async (workspace: string) => {
      await mkdir(path.join(workspace, 'app'), {recursive: true})
      await writeFile(path.join(workspace, 'app', 'Dockerfile'), DOCKERFILE)
    }
    const started = performance.now()
    const action = await runAction({
      prepare,
      inputs: {
        images: `${registry.host}/${repo}`,
        tags: 'type=ref,event=branch\ntype=raw,value=multi',
        context: 'app',
        platforms: 'linux/amd64,linux/arm64',
        'build-args': `BASE=${base}\nNONCE=${nonce}`,
        push: 'true',
        registry: registry.host,
        username: registry.username ?? '',
        password: registry.password ?? ''
      },
      env: {HOME: home, DOCKER_HOST: CONTAINERD_STORE_HOST}
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    expect(action.exitCode, action.stdout + action.stderr + (await registryErrors(registry))).toBe(0)
    expect(action.post?.exitCode, `${action.post?.stdout}${action.post?.stderr}`).toBe(0)
    expect(action.stdout).toContain('Builder: default (docker driver')
    expect(action.stdout).not.toContain('creating a docker-container builder')
    expect(action.visible).not.toContain(registry.password)

    // One index under both tags, the digest the step reports, with an image for each platform.
    const index = await skopeoRawManifest(registry, `${repo}:multi`)
    expect(index.manifest.mediaType).toBe(MediaType.ociIndex)
    expect(action.outputs.digest).toBe(index.digest)
    expect((await skopeoRawManifest(registry, `${repo}:main`)).digest).toBe(index.digest)
    const images = imagesByArch(index.manifest as {manifests?: Descriptor[]})
    expect([...images.keys()].sort()).toEqual(['amd64', 'arm64'])

    const baseIndex = await skopeoRawManifest(registry, 'base/busybox:multi')
    const baseImages = imagesByArch(baseIndex.manifest as {manifests?: Descriptor[]})
    expect([...baseImages.keys()].sort()).toEqual([...MULTI_PLATFORM_ARCHES].sort())
    for (const [arch, descriptor] of images) {
      expect(descriptor.platform?.os).toBe('linux')
      const image = await manifestOf(client, repo, descriptor.digest)
      const config = JSON.parse((await blob(client, repo, image.config.digest)).toString()) as {
        architecture: string
        os: string
      }
      expect(config).toMatchObject({architecture: arch, os: 'linux'})
      // FROM took the base index's image of the same architecture, and the RUN step added one layer.
      const baseImage = await manifestOf(client, 'base/busybox', baseImages.get(arch)?.digest ?? '')
      expect(image.layers.map(l => l.digest).slice(0, -1)).toEqual(baseImage.layers.map(l => l.digest))
      const runLayer = image.layers.at(-1) as Descriptor
      const files = await layerFiles(client, repo, runLayer)
      expect(
        {
          arch: files.get('arch')?.toString(),
          ok: files.get('ok')?.toString(),
          nonce: files.get('nonce')?.toString()
        },
        `${arch}: files of the RUN layer: ${[...files.keys()].join(' ')}`
      ).toEqual({arch: `${UNAME[arch]}\n`, ok: 'ok\n', nonce: `${nonce}\n`})
    }
    console.log(`multi-platform build with RUN steps under qemu: ${seconds} s through the runner`)
  })
})
