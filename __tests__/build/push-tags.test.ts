/**
 * Pushing every tag of a build onto one digest, against the in-process fake registry: the engine's push of the
 * first tag (a scripted exec) with retries, the retry through an OCI layout pushed by the registry client, the
 * other tags written by the client, the engine where the client cannot, and `docker save` turned into a layout.
 */
import {createHash} from 'node:crypto'
import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'
import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest'
import {clientVerdict, pushLayout} from '../../src/build/push-layout.js'
import {PushError} from '../../src/build/push-retry.js'
import type {PushRetryPolicy} from '../../src/build/push-retry.js'
import {layoutFromDockerSave} from '../../src/build/push-save.js'
import {enginePush, pushFirstTag, writeOtherTags, type EnginePush} from '../../src/build/push-tags.js'
import type {ExecResult} from '../../src/shell/exec.js'
import {RegistryAuthError, RegistryError, RegistryNetworkError} from '../../src/registry/errors.js'
import type {RegistryClient} from '../../src/registry/client.js'
import {FakeRegistry} from '../registry/fake-registry.js'
import {bytes, clientFor, fakeClock} from '../registry/support.js'

const sha256 = (data: Uint8Array | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`
const POLICY: PushRetryPolicy = {maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000}

let fake: FakeRegistry
let client: RegistryClient
const connect = async () => client

beforeAll(async () => {
  fake = await new FakeRegistry().start()
  client = clientFor(fake)
})
afterAll(() => fake.stop())

/** An image (config + one layer) pushed to `repo:tag` of the fake registry; its manifest digest. */
async function seedImage(repo: string, tag: string, seed: string): Promise<string> {
  const config = bytes(JSON.stringify({architecture: 'amd64', os: 'linux', seed}))
  const layer = bytes(`layer ${seed}`)
  await client.uploadBlob(repo, config)
  await client.uploadBlob(repo, layer)
  const manifest = bytes(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length
      },
      layers: [
        {mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length}
      ]
    })
  )
  return (await client.putManifest(repo, tag, manifest, 'application/vnd.oci.image.manifest.v1+json')).digest
}

/** A one-image OCI layout written as an engine would; its manifest digest. */
async function writeLayout(dir: string, seed: string): Promise<string> {
  const blobs = path.join(dir, 'blobs', 'sha256')
  await mkdir(blobs, {recursive: true})
  const put = async (data: Uint8Array | string) => {
    const digest = sha256(data)
    await writeFile(path.join(blobs, digest.slice(7)), data)
    return {digest, size: Buffer.byteLength(data)}
  }
  const config = await put(JSON.stringify({architecture: 'amd64', os: 'linux', seed}))
  const layer = await put(`layout layer ${seed}`)
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {mediaType: 'application/vnd.oci.image.config.v1+json', ...config},
    layers: [{mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer}]
  })
  const top = await put(manifest)
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{mediaType: 'application/vnd.oci.image.manifest.v1+json', ...top}]
    })
  )
  return top.digest
}

describe('writeOtherTags', () => {
  test('same repository, another repository, in order: every tag names the first digest', async () => {
    const digest = await seedImage('w/app', '1', 'a')
    const logged: string[] = []
    const tags = [`${fake.host}/w/app:1`, `${fake.host}/w/app:2`, `${fake.host}/w/other:3`]
    const pushed = await writeOtherTags({ref: tags[0] as string, digest}, tags, {
      connect,
      log: m => logged.push(m)
    })
    expect(pushed).toEqual(tags.map(ref => ({ref, digest})))
    expect(fake.tags.get('w/app:2')).toBe(digest)
    expect(fake.tags.get('w/other:3')).toBe(digest)
    expect(logged).toEqual([
      `Tagged ${tags[1]} (${digest}) from ${tags[0]} with the registry client`,
      `Tagged ${tags[2]} (${digest}) from ${tags[0]} with the registry client`
    ])
  })

  test('a tag the client cannot write is pushed by the engine, which must land on the same digest', async () => {
    const digest = await seedImage('f/app', '1', 'b')
    const tags = [`${fake.host}/f/app:1`, `${fake.host}/f/app:2`]
    const refused = async (): Promise<RegistryClient> => {
      throw new RegistryAuthError({host: fake.host}, `not authorized to put manifest 2 in ${fake.host}/f/app`)
    }
    const fallbacks: string[] = []
    const pushed = await writeOtherTags({ref: tags[0] as string, digest}, tags, {
      connect: refused,
      log: () => undefined,
      fallback: async ref => {
        fallbacks.push(ref)
        return {ok: true, digest, attempts: 1, result: {exitCode: 0, stdout: '', stderr: ''}}
      }
    })
    expect(fallbacks).toEqual([tags[1]])
    expect(pushed.map(p => p.digest)).toEqual([digest, digest])

    const other = 'sha256:2222222222222222222222222222222222222222222222222222222222222222'
    const mismatch = writeOtherTags({ref: tags[0] as string, digest}, tags, {
      connect: refused,
      log: () => undefined,
      fallback: async () => ({
        ok: true,
        digest: other,
        attempts: 1,
        result: {exitCode: 0, stdout: '', stderr: ''}
      })
    })
    await expect(mismatch).rejects.toThrow(
      `push of ${tags[1]} failed after 1 attempt: the engine pushed it as ${other}, not ${digest} like ${tags[0]} ` +
        `(the registry client could not copy it: not authorized to put manifest 2 in ${fake.host}/f/app)\n` +
        `pushed: ${tags[0]}@${digest}; not pushed: ${tags[1]} (failed)`
    )
  })

  test('stops at the first tag that cannot be written, naming what made it', async () => {
    const digest = await seedImage('s/app', '1', 'c')
    const tags = [`${fake.host}/s/app:1`, `${fake.host}/s/app:2`, `${fake.host}/s/app:3`]
    fake.faults.push({
      when: req => req.method === 'PUT' && /\/manifests\/2$/.test(req.url ?? ''),
      times: 1,
      action: {status: 403, body: JSON.stringify({errors: [{code: 'DENIED', message: 'no'}]})}
    })
    const error = await writeOtherTags({ref: tags[0] as string, digest}, tags, {
      connect,
      log: () => undefined
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PushError)
    expect((error as PushError).message).toBe(
      `push of ${tags[1]} failed: ${fake.host} denied push manifest 2 in ${fake.host}/s/app (403 DENIED: no): the credentials lack permission for this\n` +
        `pushed: ${tags[0]}@${digest}; not pushed: ${tags[1]} (failed), ${tags[2]} (not tried)`
    )
    expect(fake.tags.has('s/app:3')).toBe(false)
  })
})

/** A scripted engine: each call answers with the next result, and may write a layout into its `dir`. */
function scripted(results: ((args: readonly string[]) => Promise<ExecResult> | ExecResult)[]) {
  const calls: string[][] = []
  const run = async (_command: string, args: readonly string[]) => {
    calls.push([...args])
    const next = results.shift()
    if (!next) throw new Error(`unexpected call ${args.join(' ')}`)
    return next(args)
  }
  return {calls, run}
}

describe('enginePush', () => {
  const fail = (stderr: string) => () => ({exitCode: 1, stdout: '', stderr})

  test('retries the engine, then goes through its OCI layout and the registry client', async () => {
    const ref = `${fake.host}/e/app:1`
    let layoutDigest = ''
    const engine = scripted([
      fail('toomanyrequests: slow down\n'),
      fail('received unexpected HTTP status: 500 Internal Server Error\n'),
      async args => {
        layoutDigest = await writeLayout(args[1] as string, 'e')
        return {exitCode: 0, stdout: '', stderr: ''}
      }
    ])
    const push: EnginePush = {
      tool: 'docker',
      command: 'docker',
      args: r => ['push', r],
      digest: async () => undefined,
      layout: (_ref, dir) => engine.run('docker', ['layout', dir]),
      layoutFrom: 3
    }
    const logged: string[] = []
    const clock = fakeClock()
    const outcome = await enginePush(ref, push, {
      exec: engine.run,
      env: {},
      log: m => logged.push(m),
      policy: POLICY,
      clock,
      connect
    })
    expect(outcome).toMatchObject({ok: true, attempts: 3, digest: layoutDigest})
    expect(engine.calls.map(c => c[0])).toEqual(['push', 'push', 'layout'])
    expect(fake.tags.get('e/app:1')).toBe(layoutDigest)
    expect(logged.at(-1)).toBe(
      `Pushed ${ref} (${layoutDigest}) from the engine's OCI layout with the registry client`
    )
  })

  test('when the registry client cannot push there, the engine goes on pushing itself', async () => {
    const ref = `${fake.host}/e/app:2`
    const digest = 'sha256:3333333333333333333333333333333333333333333333333333333333333333'
    const engine = scripted([
      fail('toomanyrequests: slow down\n'),
      async args => {
        await writeLayout(args[1] as string, 'refused')
        return {exitCode: 0, stdout: '', stderr: ''}
      },
      () => ({exitCode: 0, stdout: `2: digest: ${digest} size: 1\n`, stderr: ''})
    ])
    const push: EnginePush = {
      tool: 'docker',
      command: 'docker',
      args: r => ['push', r],
      digest: async (_ref, result) => /digest: (\S+)/.exec(result.stdout)?.[1],
      layout: (_ref, dir) => engine.run('docker', ['layout', dir])
    }
    const logged: string[] = []
    const outcome = await enginePush(ref, push, {
      exec: engine.run,
      env: {},
      log: m => logged.push(m),
      policy: POLICY,
      clock: fakeClock(),
      connect: async () => {
        throw new RegistryAuthError({host: fake.host}, `not authorized to check the API in ${fake.host}`)
      }
    })
    expect(outcome).toMatchObject({ok: true, attempts: 2, digest})
    expect(engine.calls.map(c => c[0])).toEqual(['push', 'layout', 'push'])
    expect(logged.at(-1)).toBe(
      `${ref}: no push through the registry client (registry client: not authorized to check the API in ${fake.host}); the engine pushes again`
    )
  })

  test('a push that never gets through says so, cause first, with the command and output', async () => {
    const engine = scripted([1, 2, 3, 4].map(() => fail('toomanyrequests: slow down\n')))
    const push: EnginePush = {tool: 'docker', command: '/usr/bin/docker', args: r => ['push', r]}
    const tags = [`${fake.host}/n/app:1`, `${fake.host}/n/app:2`]
    const error = await pushFirstTag(tags, push, {
      exec: engine.run,
      env: {},
      log: () => undefined,
      policy: POLICY,
      clock: fakeClock()
    }).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      [
        `push of ${tags[0]} failed after 4 attempts: toomanyrequests: slow down`,
        `pushed: none; not pushed: ${tags[0]} (failed), ${tags[1]} (not tried)`,
        `command: /usr/bin/docker push ${tags[0]} (exit code 1)`,
        'output:',
        '  toomanyrequests: slow down'
      ].join('\n')
    )
  })
})

describe('pushLayout', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'push-layout-'))
  })

  test('pushes blobs, then the manifest under the tag, through 500s and a dropped connection', async () => {
    const digest = await writeLayout(dir, 'p')
    fake.faults.push(
      {
        when: req => req.method === 'HEAD' && /\/blobs\//.test(req.url ?? ''),
        times: 1,
        action: {status: 500}
      },
      {when: req => req.method === 'PUT' && /\/manifests\//.test(req.url ?? ''), times: 1, action: 'drop'}
    )
    const pushed = await pushLayout(dir, `${fake.host}/l/app:v1`, connect)
    expect(pushed).toEqual({digest, mediaType: 'application/vnd.oci.image.manifest.v1+json'})
    expect(fake.tags.get('l/app:v1')).toBe(digest)
    const manifest = await client.getManifest('l/app', 'v1')
    for (const blob of [manifest.parsed.config, ...(manifest.parsed.layers ?? [])]) {
      expect(await client.headBlob('l/app', blob?.digest as string)).toEqual({
        digest: blob?.digest,
        size: blob?.size
      })
    }
  })

  test('a layout with no image, or a digest that would leave it, is refused', async () => {
    await writeFile(path.join(dir, 'index.json'), JSON.stringify({schemaVersion: 2, manifests: []}))
    await expect(pushLayout(dir, `${fake.host}/l/app:v2`, connect)).rejects.toThrow(
      `the OCI layout ${dir} holds 0 images, not one`
    )
    await writeFile(
      path.join(dir, 'index.json'),
      JSON.stringify({schemaVersion: 2, manifests: [{mediaType: 'x', digest: 'sha256:../../etc', size: 1}]})
    )
    await expect(pushLayout(dir, `${fake.host}/l/app:v2`, connect)).rejects.toThrow(/invalid digest/)
  })
})

describe('clientVerdict', () => {
  test('a registry that kept failing is worth another layout attempt; one the client cannot reach is not', () => {
    const at = {host: 'r.io', repository: 'app'}
    expect(clientVerdict(new RegistryError({...at, status: 503}, 'r.io failed to put manifest 1'))).toEqual({
      transient: true,
      cause: 'registry client: r.io failed to put manifest 1'
    })
    expect(clientVerdict(new RegistryError({...at, status: 429}, 'slow down')).transient).toBe(true)
    expect(clientVerdict(new RegistryAuthError({...at, status: 401}, 'not authorized')).transient).toBe(false)
    expect(clientVerdict(new RegistryNetworkError(at, 'could not reach r.io', 'ETIMEDOUT')).transient).toBe(
      false
    )
    expect(clientVerdict(new Error('index.json: ENOENT'))).toEqual({
      transient: false,
      cause: 'registry client: index.json: ENOENT'
    })
  })
})

describe('layoutFromDockerSave', () => {
  test("docker save's uncompressed layers become gzipped ones in a schema 2 manifest, with the same config", async () => {
    const saved = await mkdtemp(path.join(os.tmpdir(), 'docker-save-'))
    const layerTar = Buffer.alloc(2048, 7)
    const config = Buffer.from(JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers'}}))
    await mkdir(path.join(saved, 'blobs', 'sha256'), {recursive: true})
    await writeFile(path.join(saved, 'blobs', 'sha256', sha256(config).slice(7)), config)
    await writeFile(path.join(saved, 'blobs', 'sha256', sha256(layerTar).slice(7)), layerTar)
    await writeFile(
      path.join(saved, 'manifest.json'),
      JSON.stringify([
        {
          Config: `blobs/sha256/${sha256(config).slice(7)}`,
          RepoTags: ['r.io/app:1'],
          Layers: [`blobs/sha256/${sha256(layerTar).slice(7)}`]
        }
      ])
    )
    const dir = await mkdtemp(path.join(os.tmpdir(), 'layout-'))
    const {digest} = await layoutFromDockerSave(saved, dir)
    const blob = (d: string) => readFile(path.join(dir, 'blobs', 'sha256', d.slice(7)))
    const manifestBytes = await blob(digest)
    expect(sha256(manifestBytes)).toBe(digest)
    const manifest = JSON.parse(manifestBytes.toString()) as {
      mediaType: string
      config: {mediaType: string; digest: string; size: number}
      layers: {mediaType: string; digest: string; size: number}[]
    }
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(manifest.config).toEqual({
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: sha256(config),
      size: config.length
    })
    const layer = manifest.layers[0]
    expect(layer?.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip')
    const gz = await blob(layer?.digest as string)
    expect(sha256(gz)).toBe(layer?.digest)
    expect(gz.length).toBe(layer?.size)
    expect(gunzipSync(gz).equals(layerTar)).toBe(true)
    expect(JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8'))).toEqual({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest,
          size: manifestBytes.length
        }
      ]
    })
    // What a registry then holds pulls as the same image: the config (the image ID) is docker's own bytes.
    expect(await blob(sha256(config))).toEqual(config)
  })

  test('a layer path out of the archive is refused', async () => {
    const saved = await mkdtemp(path.join(os.tmpdir(), 'docker-save-'))
    await writeFile(
      path.join(saved, 'manifest.json'),
      JSON.stringify([{Config: '../../etc/passwd', Layers: []}])
    )
    const dir = await mkdtemp(path.join(os.tmpdir(), 'layout-'))
    await expect(layoutFromDockerSave(saved, dir)).rejects.toThrow(
      'docker save names ../../etc/passwd, outside its archive'
    )
  })
})
