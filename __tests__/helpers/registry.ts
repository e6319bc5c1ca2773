/**
 * Real registries (CNCF distribution, `docker-registry serve`) on loopback ports, one process each, with
 * the three kinds of authentication the action meets: none, HTTP Basic (htpasswd, over TLS by default)
 * and Bearer tokens from a token server (Docker Hub, GHCR).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {closeSync, openSync, readFileSync, rmSync} from 'node:fs'
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {get as httpGet, type IncomingMessage} from 'node:http'
import {get as httpsGet} from 'node:https'
import {connect as netConnect, createServer, type AddressInfo, type Server, type Socket} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {connect as tlsConnect} from 'node:tls'
import {stringify} from 'yaml'
import {RegistryClient, staticCredentials, type Transport} from '../../src/registry/index.js'
import {run} from './require-tool.js'
import {generateServerTls, generateSigningPair} from './tls.js'
import {startTokenServer, type TokenGrant, type TokenServer} from './token-server.js'

export type RegistryAuth = 'anonymous' | 'basic' | 'token'

export interface TestRegistry {
  /** '127.0.0.1:PORT': what image references start with. */
  readonly host: string
  /** 'http://127.0.0.1:PORT' or 'https://…'. */
  readonly url: string
  readonly auth: RegistryAuth
  /**
   * Serves HTTPS with a certificate from `caFile`, which the engines are made to trust. Plain HTTP on the
   * same port is let in too, for docker 20.10's BuildKit (see openFrontDoor).
   */
  readonly tls: boolean
  /** The one user allowed in (basic and token registries). */
  readonly username?: string
  readonly password?: string
  /** PEM file of the CA that signed the server certificate, when tls. */
  readonly caFile?: string
  /** Where the registry stores blobs and manifests. */
  readonly dataDir: string
  /** Token registries: every token handed out so far, to check what clients asked for. */
  readonly tokenGrants?: readonly TokenGrant[]
  /** Kills the process, removes its temp files and the certs.d entries it wrote. Idempotent. */
  stop(): Promise<void>
}

export interface RegistryOptions {
  readonly auth: RegistryAuth
  /**
   * Serve HTTPS (with a CA the engines are made to trust). Defaults to on for basic registries, as HTTP
   * Basic is only sensible over TLS (distribution 2.8 itself would accept it over plain HTTP), off otherwise.
   */
  readonly tls?: boolean
  /** Defaults to 'tester' for basic and token registries; ignored for anonymous ones. */
  readonly username?: string
  /** Defaults to a random one. */
  readonly password?: string
}

/**
 * Where the engines look for per-registry CAs: docker (the daemon and its BuildKit) and
 * containers/image (skopeo, buildah). Only root can write here.
 */
export const CERTS_DIRS = ['/etc/docker/certs.d', '/etc/containers/certs.d'] as const

const TOKEN_SERVICE = 'image-action-test-registry'
const TOKEN_ISSUER = 'image-action-test-token-issuer'
const STARTUP_TIMEOUT_MS = 20_000

/**
 * Synchronous last-resort cleanups, for steps a test never got to tear down (it crashed, or forgot to
 * stop a registry): no registry process, trusted CA or temp dir may outlive the test process.
 */
const atExit = new Set<() => void>()

function runAtExit(): void {
  atExit.forEach(cleanup => cleanup())
  atExit.clear()
}

process.once('exit', runAtExit)
// Vitest ends its worker processes with SIGTERM, which skips 'exit' handlers: clean up, then let the
// signal do what it would have done.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(signal, () => {
    runAtExit()
    process.kill(process.pid, signal)
  })
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
}

/** A port that was free a moment ago; the registry binds it right after. */
async function freePort(): Promise<number> {
  const server = createServer()
  await listen(server, 0)
  const {port} = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

interface Step {
  readonly run: () => Promise<unknown>
  readonly atExit?: () => void
}

/** Cleanup steps, run newest first on stop or when startup fails halfway. */
class Teardown {
  private readonly steps: Step[] = []

  /** `atExit`, when given, runs synchronously at process exit should `run` never get to. */
  add(step: Step): void {
    if (step.atExit) atExit.add(step.atExit)
    this.steps.push(step)
  }

  async run(): Promise<void> {
    const errors: unknown[] = []
    for (const step of this.steps.splice(0).reverse()) {
      if (step.atExit) atExit.delete(step.atExit)
      await step.run().catch((error: unknown) => errors.push(error))
    }
    if (errors.length > 0) throw new AggregateError(errors, 'registry teardown failed')
  }
}

function removeOnTeardown(dir: string, teardown: Teardown): void {
  teardown.add({
    run: () => rm(dir, {recursive: true, force: true}),
    atExit: () => rmSync(dir, {recursive: true, force: true})
  })
}

/** Makes docker and containers/image trust `caFile` for `host` until teardown. */
async function trustCa(host: string, caFile: string, teardown: Teardown): Promise<void> {
  for (const dir of CERTS_DIRS.map(certs => path.join(certs, host))) {
    removeOnTeardown(dir, teardown)
    await mkdir(dir, {recursive: true})
    await copyFile(caFile, path.join(dir, 'ca.crt'))
  }
}

/** The first byte of a TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16

/**
 * Docker 20.10's BuildKit speaks plain HTTP to every registry on 127.0.0.1 (containerd's MatchLocalhost),
 * whatever certs.d says, while skopeo, buildah and the docker daemon speak TLS to it. So a TLS registry
 * sits behind this front door on the public port: TLS connections pass through untouched (HTTPS clients
 * still verify the certificate, and fail without the CA), plain ones are wrapped in TLS on their way in.
 */
async function openFrontDoor(port: number, registryPort: number, caFile: string, teardown: Teardown) {
  const ca = await readFile(caFile)
  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const server = createServer(client => {
    track(client)
    // A client hanging up mid-way is normal; an unhandled 'error' would crash the test process.
    client.on('error', () => client.destroy())
    client.once('data', (first: Buffer) => {
      const upstream =
        first[0] === TLS_HANDSHAKE
          ? netConnect(registryPort, '127.0.0.1')
          : tlsConnect({host: '127.0.0.1', port: registryPort, ca})
      track(upstream)
      upstream.on('error', () => client.destroy())
      client.once('close', () => upstream.destroy())
      upstream.write(first)
      client.pipe(upstream).pipe(client)
    })
  })
  await listen(server, port)
  teardown.add({
    run: async () => {
      sockets.forEach(socket => socket.destroy())
      await new Promise(resolve => server.close(resolve))
    }
  })
}

/** One bcrypt line, password on stdin so it stays out of `ps`. */
async function writeHtpasswd(file: string, username: string, password: string): Promise<void> {
  const {stdout} = await run('htpasswd', ['-B', '-i', '-n', username], {input: password})
  await writeFile(file, stdout)
}

function registryConfig(port: number, root: string, extra: {tls?: object; auth?: object}): object {
  return {
    version: '0.1',
    log: {level: 'warn', accesslog: {disabled: true}},
    storage: {
      filesystem: {rootdirectory: path.join(root, 'data')},
      // Pruning tests delete manifests.
      delete: {enabled: true}
    },
    http: {
      addr: `127.0.0.1:${port}`,
      secret: randomBytes(16).toString('hex'),
      // Upload URLs without a scheme: clients that came through the front door in plain HTTP stay there.
      relativeurls: true,
      ...(extra.tls ? {tls: extra.tls} : {})
    },
    ...(extra.auth ? {auth: extra.auth} : {})
  }
}

/** The environment minus REGISTRY_* variables, which would silently override the config file. */
function registryEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REGISTRY_')))
}

function spawnRegistry(configFile: string, logFile: string, teardown: Teardown): ChildProcess {
  const log = openSync(logFile, 'a')
  const child = spawn('docker-registry', ['serve', configFile], {
    stdio: ['ignore', log, log],
    env: registryEnv()
  })
  closeSync(log)
  teardown.add({run: () => terminate(child), atExit: () => child.kill('SIGKILL')})
  return child
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** The HTTP status of a GET, or undefined when nothing answers yet. */
function probe(url: string, ca: Buffer | undefined): Promise<number | undefined> {
  return new Promise(resolve => {
    const onResponse = (response: IncomingMessage): void => {
      response.resume()
      resolve(response.statusCode)
    }
    const request = ca ? httpsGet(url, {ca}, onResponse) : httpGet(url, onResponse)
    request.on('error', () => resolve(undefined))
    request.setTimeout(2_000, () => request.destroy())
  })
}

/** Waits until `/v2/` answers (401 counts: the registry is up, it just wants credentials). */
async function waitUntilUp(url: string, caFile: string | undefined, child: ChildProcess, logFile: string) {
  const ca = caFile === undefined ? undefined : await readFile(caFile)
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const status = await probe(`${url}/v2/`, ca)
    if (status === 200 || status === 401) return
    await sleep(100)
  }
  const why = child.exitCode === null ? `did not answer ${url}/v2/ within ${STARTUP_TIMEOUT_MS} ms` : 'exited'
  throw new Error(`docker-registry ${why}; its log:\n${readFileSync(logFile, 'utf8').slice(-4000)}`)
}

interface AuthSetup {
  readonly config?: object
  readonly tokenServer?: TokenServer
}

async function setUpAuth(
  auth: RegistryAuth,
  root: string,
  user: {username: string; password: string},
  teardown: Teardown
): Promise<AuthSetup> {
  switch (auth) {
    case 'anonymous':
      return {}
    case 'basic': {
      const file = path.join(root, 'htpasswd')
      await writeHtpasswd(file, user.username, user.password)
      return {config: {htpasswd: {realm: 'image-action-test', path: file}}}
    }
    case 'token': {
      const signing = await generateSigningPair(root)
      const tokenServer = await startTokenServer({
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        signing,
        ...user
      })
      teardown.add({run: () => tokenServer.close()})
      const config = {realm: tokenServer.realm, service: TOKEN_SERVICE, issuer: TOKEN_ISSUER}
      return {config: {token: {...config, rootcertbundle: signing.cert}}, tokenServer}
    }
  }
}

/** Whether a registry started with `options` serves HTTPS. */
export function servesTls(options: RegistryOptions): boolean {
  return options.tls ?? options.auth === 'basic'
}

function userFor(options: RegistryOptions): {username: string; password: string} | undefined {
  if (options.auth === 'anonymous') return undefined
  return {
    username: options.username ?? 'tester',
    password: options.password ?? randomBytes(12).toString('hex')
  }
}

export async function startRegistry(options: RegistryOptions): Promise<TestRegistry> {
  const tls = servesTls(options)
  const teardown = new Teardown()
  const root = await mkdtemp(path.join(os.tmpdir(), 'image-action-registry-'))
  removeOnTeardown(root, teardown)
  try {
    const port = await freePort()
    const host = `127.0.0.1:${port}`
    const user = userFor(options)
    const serverTls = tls ? await generateServerTls(root) : undefined
    if (serverTls) await trustCa(host, serverTls.ca.cert, teardown)
    const authSetup = user ? await setUpAuth(options.auth, root, user, teardown) : {}
    // A TLS registry listens on a private port, behind the front door on the public one.
    const registryPort = serverTls ? await freePort() : port
    const configFile = path.join(root, 'config.yml')
    const httpTls = serverTls && {certificate: serverTls.server.cert, key: serverTls.server.key}
    await writeFile(
      configFile,
      stringify(registryConfig(registryPort, root, {tls: httpTls, auth: authSetup.config}))
    )
    const logFile = path.join(root, 'registry.log')
    const child = spawnRegistry(configFile, logFile, teardown)
    if (serverTls) await openFrontDoor(port, registryPort, serverTls.ca.cert, teardown)
    const url = `${tls ? 'https' : 'http'}://${host}`
    await waitUntilUp(url, serverTls?.ca.cert, child, logFile)
    return {
      host,
      url,
      auth: options.auth,
      tls,
      ...user,
      caFile: serverTls?.ca.cert,
      dataDir: path.join(root, 'data'),
      tokenGrants: authSetup.tokenServer?.grants,
      stop: () => teardown.run()
    }
  } catch (error: unknown) {
    await teardown.run().catch(() => undefined)
    throw error
  }
}

/** Runs `fn` against a fresh registry and stops it afterwards, whatever happens. */
export async function withRegistry<T>(
  options: RegistryOptions,
  fn: (registry: TestRegistry) => Promise<T>
): Promise<T> {
  const registry = await startRegistry(options)
  try {
    return await fn(registry)
  } finally {
    await registry.stop()
  }
}

/** The login a test registry wants, as the prune stage and the client take credentials (none when anonymous). */
export function credentialsOf(registry: TestRegistry): Record<string, {username: string; password: string}> {
  return registry.username
    ? {[registry.host]: {username: registry.username, password: registry.password ?? ''}}
    : {}
}

/** A registry client logged in to a test registry as its user. */
export function clientFor(registry: TestRegistry, transport?: Transport): RegistryClient {
  const credentials = registry.username ? staticCredentials(credentialsOf(registry)) : undefined
  return new RegistryClient({registry: registry.host, credentials, ...(transport ? {transport} : {})})
}
