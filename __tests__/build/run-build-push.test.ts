/**
 * runBuild's push, per engine, with a scripted engine and the in-process fake registry: the first tag pushed
 * by the engine (retried), the others by the registry client from its digest; outputs shaped as before.
 */
import {createHash} from 'node:crypto'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import type {BuildRequest} from '../../src/build/args.js'
import type {Engine} from '../../src/build/engine.js'
import type {PushRetryPolicy} from '../../src/build/push-retry.js'
import {runBuild} from '../../src/build/run-build.js'
import type {BuildDeps} from '../../src/build/build-shell.js'
import {CommandError} from '../../src/shared/errors.js'
import type {Exec, ExecResult} from '../../src/shell/exec.js'
import type {RegistryClient} from '../../src/registry/client.js'
import {FakeRegistry} from '../registry/fake-registry.js'
import {bytes, clientFor, fakeClock} from '../registry/support.js'

const sha256 = (data: Uint8Array | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`
const POLICY: PushRetryPolicy = {maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000}
const ok = (stdout = '', stderr = ''): ExecResult => ({exitCode: 0, stdout, stderr})

let fake: FakeRegistry
let client: RegistryClient

beforeAll(async () => {
  fake = await new FakeRegistry().start()
  client = clientFor(fake)
})
afterAll(() => fake.stop())

async function request(repo: string): Promise<BuildRequest> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'run-build-push-'))
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a /a\n')
  return {
    context: dir,
    file: path.join(dir, 'Dockerfile'),
    buildArgs: [],
    labels: [],
    tags: [`${fake.host}/${repo}:1`, `${fake.host}/${repo}:2`],
    push: true,
    load: false,
    iidFile: path.join(dir, 'iid'),
    metadataFile: path.join(dir, 'metadata.json')
  }
}

function deps(exec: Exec, logged: string[] = []): BuildDeps {
  return {
    exec,
    env: {},
    info: m => logged.push(m),
    connect: async () => client,
    pushPolicy: POLICY,
    clock: fakeClock()
  }
}

/** An image in the fake registry under `repo:tag`, as a push would leave it; its digest and config digest. */
async function seed(repo: string, tag: string) {
  const config = bytes(JSON.stringify({architecture: 'amd64', os: 'linux', repo}))
  await client.uploadBlob(repo, config)
  const manifest = bytes(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: sha256(config),
        size: config.length
      },
      layers: []
    })
  )
  const {digest} = await client.putManifest(
    repo,
    tag,
    manifest,
    'application/vnd.docker.distribution.manifest.v2+json'
  )
  return {digest, config: sha256(config)}
}

const docker: Engine = {
  kind: 'docker',
  command: '/usr/bin/docker',
  version: '26.1.5',
  env: {},
  build: ['buildx', 'build', '--builder', 'default']
}

test('docker: the first tag by `docker push` (a 429 retried), the second by the registry client', async () => {
  const req = await request('d/app')
  const image = await seed('d/app', '1')
  const pushes: string[] = []
  const exec: Exec = async (_command, args) => {
    if (args[0] === 'buildx') {
      await writeFile(args[args.indexOf('--iidfile') + 1] as string, image.config)
      return ok()
    }
    if (args[0] === 'push') {
      pushes.push(args[1] as string)
      if (pushes.length === 1)
        return {
          exitCode: 1,
          stdout: 'The push refers to repository [x]\n',
          stderr: 'toomanyrequests: slow down\n'
        }
      return ok(`1: digest: ${image.digest} size: 123\n`)
    }
    return ok('1024') // image inspect: the size
  }
  const logged: string[] = []
  const result = await runBuild(docker, req, deps(exec, logged))
  expect(pushes).toEqual([req.tags[0], req.tags[0]])
  expect(result.digest).toBe(image.digest)
  expect(result.pushed).toEqual(req.tags.map(ref => ({ref, digest: image.digest})))
  expect(result.metadata).toEqual({
    'containerimage.config.digest': image.config,
    'containerimage.digest': image.digest,
    'image.name': req.tags.join(',')
  })
  expect(fake.tags.get('d/app:2')).toBe(image.digest)
  expect(logged).toEqual([
    `push of ${req.tags[0]}: attempt 1 of 4 failed (toomanyrequests: slow down); trying again in 0.1 s`,
    `Tagged ${req.tags[1]} (${image.digest}) from ${req.tags[0]} with the registry client`
  ])
})

const buildx: Engine = {
  kind: 'buildx',
  command: '/usr/bin/docker',
  version: '0.13.1',
  env: {},
  build: ['buildx', 'build', '--builder', 'default'],
  builder: {
    name: 'default',
    driver: 'docker',
    buildxVersion: '0.13.1',
    buildkitVersion: '0.13.0',
    cacheExport: true,
    multiPlatform: true,
    attestations: true,
    platforms: ['linux/amd64'],
    created: false
  }
}

const BUILDX_429 = [
  '#5 exporting to image',
  '#5 ERROR: failed to push r/app:1: failed commit on ref "manifest-sha256:aa": unexpected status from PUT request to http://r/v2/app/manifests/1: 429 Too Many Requests',
  'ERROR: failed to solve: failed to push r/app:1: failed commit on ref "manifest-sha256:aa": unexpected status from PUT request to http://r/v2/app/manifests/1: 429 Too Many Requests'
].join('\n')

/** What `--output type=oci,dest=<dir>,tar=false` leaves: a one-image layout; its digest. */
async function exportLayout(dir: string): Promise<string> {
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, {recursive: true})
  const config = JSON.stringify({architecture: 'amd64', os: 'linux', layout: true})
  await writeFile(path.join(blobs, sha256(config).slice(7)), config)
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length
    },
    layers: []
  })
  await writeFile(path.join(blobs, sha256(manifest).slice(7)), manifest)
  const top = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: sha256(manifest),
    size: manifest.length
  }
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({schemaVersion: 2, manifests: [top]}))
  return top.digest
}

test('buildx: one tag to buildx; its failed push again as an OCI layout the client pushes; then the other tag', async () => {
  const req = await request('x/app')
  const calls: string[][] = []
  let digest = ''
  const exec: Exec = async (_command, args) => {
    calls.push([...args])
    if (args[1] !== 'build') return ok()
    if (calls.length === 1) return {exitCode: 1, stdout: '', stderr: BUILDX_429}
    const output = args[args.indexOf('--output') + 1] as string
    const dir = /^type=oci,dest=(.*),tar=false$/.exec(output)?.[1] as string
    digest = await exportLayout(dir)
    await writeFile(
      req.metadataFile,
      JSON.stringify({'containerimage.digest': digest, 'image.name': req.tags[0]})
    )
    return ok()
  }
  const result = await runBuild(buildx, req, deps(exec))
  const [first, second] = calls
  expect(first?.filter(a => a === '--tag' || a.startsWith(fake.host))).toEqual(['--tag', req.tags[0]])
  expect(first).toContain('--push')
  expect(second).not.toContain('--push')
  expect(result.digest).toBe(digest)
  expect(result.pushed).toEqual(req.tags.map(ref => ({ref, digest})))
  expect(result.metadata).toEqual({'containerimage.digest': digest, 'image.name': req.tags.join(',')})
  expect(fake.tags.get('x/app:1')).toBe(digest)
  expect(fake.tags.get('x/app:2')).toBe(digest)
})

test('buildx: a build that fails in a RUN step is not a push: no retry, the command error as before', async () => {
  const req = await request('x/broken')
  let calls = 0
  const exec: Exec = async () => {
    calls++
    return {
      exitCode: 1,
      stdout: '',
      stderr:
        '#4 [2/2] RUN false\n#4 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\nERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1\n'
    }
  }
  const error = await runBuild(buildx, req, deps(exec)).catch((e: unknown) => e)
  expect(calls).toBe(1)
  expect(error).toBeInstanceOf(CommandError)
  expect((error as Error).message).toMatch(
    /^\/usr\/bin\/docker buildx build --builder default .* exited with code 1:\n/
  )
})
