import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {createServer, type Server} from 'node:https'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {dockerCertsDirCa, registryCa} from '../../src/registry/certs-dir.js'
import {RegistryClient} from '../../src/registry/client.js'
import {connectRegistry} from '../../src/registry/connect.js'
import {RegistryNetworkError} from '../../src/registry/errors.js'
import {generateServerTls} from '../helpers/tls.js'
import {fakeClock} from './support.js'
import {closeServer, listenLoopback} from '../helpers/loopback-server.js'

let dir: string
let ca: string
let server: Server
let host: string
let plainRequests = 0

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'registry-tls-test-'))
  const tls = await generateServerTls(dir)
  ca = await readFile(tls.ca.cert, 'utf8')
  server = createServer(
    {key: await readFile(tls.server.key), cert: await readFile(tls.server.cert)},
    (req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'docker-distribution-api-version': 'registry/2.0'
      })
      res.end(req.url === '/v2/' ? '{}' : '{"name":"x","tags":["a","b"]}')
    }
  )
  server.on('tlsClientError', () => plainRequests++)
  host = await listenLoopback(server)
})

afterAll(async () => {
  await closeServer(server)
  await rm(dir, {recursive: true, force: true})
})

describe('TLS with a private CA', () => {
  it('trusts a registry whose CA is given as PEM (loopback: https is tried first)', async () => {
    const client = new RegistryClient({registry: host, ca, clock: fakeClock()})
    await client.ping()
    expect(await client.listTags('x')).toEqual(['a', 'b'])
  })

  it('refuses an untrusted certificate with a fix, and does not fall back to plain http', async () => {
    plainRequests = 0
    const client = new RegistryClient({registry: host, clock: fakeClock()})
    const error = await client.ping().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RegistryNetworkError)
    expect((error as RegistryNetworkError).networkCode).toMatch(/CERT|SIGNATURE/)
    expect((error as Error).message).toContain(`the TLS certificate of ${host} is not trusted`)
    expect((error as Error).message).toContain(`/etc/docker/certs.d/${host}/ca.crt`)
    expect(plainRequests).toBe(0)
  })

  it("reads docker's certs.d convention", async () => {
    const certsDir = path.join(dir, 'certs.d')
    await mkdir(path.join(certsDir, host), {recursive: true})
    await writeFile(path.join(certsDir, host, 'ca.crt'), ca)
    const client = await connectRegistry({registry: host, certsDir, clock: fakeClock()})
    await expect(client.ping()).resolves.toBeUndefined()
  })
})

describe('certs.d reading', () => {
  it('is undefined without a directory', async () => {
    expect(await dockerCertsDirCa('nowhere:1', path.join(dir, 'missing'))).toBeUndefined()
    expect(await registryCa('nowhere:1', undefined, path.join(dir, 'missing'))).toBeUndefined()
  })

  it('bundles every *.crt, ignores client keys, and merges the given CA once', async () => {
    const certsDir = path.join(dir, 'bundle.d')
    await mkdir(path.join(certsDir, 'reg:5000'), {recursive: true})
    await writeFile(path.join(certsDir, 'reg:5000', 'b.crt'), 'B\n')
    await writeFile(path.join(certsDir, 'reg:5000', 'a.crt'), 'A\n')
    await writeFile(path.join(certsDir, 'reg:5000', 'client.key'), 'KEY\n')
    await writeFile(path.join(certsDir, 'reg:5000', 'client.cert'), 'CERT\n')
    expect(await dockerCertsDirCa('reg:5000', certsDir)).toBe('A\nB\n')
    expect(await registryCa('reg:5000', 'C', certsDir)).toBe('C\nA\nB\n')
    expect(await registryCa('reg:5000', 'A\nB\n', certsDir)).toBe('A\nB\n')
  })
})
