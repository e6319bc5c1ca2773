/**
 * The credentials the engine itself pushes with, for the registry client that writes the other tags: the
 * engine's auth file (the step's private DOCKER_CONFIG after a login, or the user's own after
 * docker/login-action), with its credential helpers, as docker and containers/image look them up.
 */
import {readFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {Exec} from '../shell/exec.js'
import type {CredentialStore, Credentials} from '../registry/auth.js'
import {DOCKER_HUB} from '../registry/reference.js'
import type {EngineKind} from './engine.js'

interface AuthEntry {
  readonly auth?: string
  readonly username?: string
  readonly password?: string
  readonly identitytoken?: string
}

/** config.json (docker) or auth.json (containers/image): the parts that hold credentials. */
export interface AuthConfig {
  readonly auths?: Readonly<Record<string, AuthEntry>>
  readonly credHelpers?: Readonly<Record<string, string>>
  readonly credsStore?: string
}

const HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])

/** A key as written in an auth file (`https://index.docker.io/v1/`, `http://r:5000/x`, `ghcr.io`) as a registry name. */
export function authKeyRegistry(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return HUB_KEYS.has(host) ? DOCKER_HUB : host
}

/** What docker's credential helpers are asked with: Docker Hub's historical URL, else the host. */
export function helperServerUrl(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry
}

export type AuthLookup =
  | {readonly kind: 'basic'; readonly credentials: Credentials}
  | {readonly kind: 'helper'; readonly helper: string}

function entryFor<T>(record: Readonly<Record<string, T>> | undefined, registry: string): T | undefined {
  const key = Object.keys(record ?? {}).find(k => authKeyRegistry(k) === registry)
  return key === undefined ? undefined : record?.[key]
}

function basic(entry: AuthEntry | undefined): Credentials | undefined {
  if (!entry || entry.identitytoken) return undefined
  if (entry.username && entry.password) return {username: entry.username, password: entry.password}
  if (!entry.auth) return undefined
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0) return undefined
  return {username: decoded.slice(0, colon), password: decoded.slice(colon + 1)}
}

/**
 * docker's order: a registry's own credential helper, then the global credential store, then `auths`.
 * Identity tokens (OAuth refresh tokens) are not something the client can use: no credentials, then.
 */
export function lookupAuth(config: AuthConfig, registry: string): AuthLookup | undefined {
  const helper = entryFor(config.credHelpers, registry) ?? config.credsStore
  if (helper) return {kind: 'helper', helper}
  const credentials = basic(entryFor(config.auths, registry))
  return credentials && {kind: 'basic', credentials}
}

/** The auth files the engine reads, in its order of precedence. */
export function authFiles(kind: EngineKind, env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME || os.homedir()
  const docker = path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json')
  if (kind !== 'buildah') return [docker]
  const files = [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR && path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'),
    path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'containers', 'auth.json'),
    docker
  ]
  return [...new Set(files.filter((f): f is string => Boolean(f)))]
}

async function readConfig(file: string): Promise<AuthConfig | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as AuthConfig) : undefined
  } catch {
    return undefined
  }
}

/** `docker-credential-<helper> get`: `{"Username", "Secret"}`; `<token>` as the user is an identity token. */
async function fromHelper(
  helper: string,
  registry: string,
  exec: Exec,
  env: Record<string, string>
): Promise<Credentials | undefined> {
  const out = await exec(`docker-credential-${helper}`, ['get'], {
    input: helperServerUrl(registry),
    env,
    allowFailure: true
  })
  if (out.exitCode !== 0) return undefined
  try {
    const {Username, Secret} = JSON.parse(out.stdout) as {Username?: unknown; Secret?: unknown}
    if (typeof Username !== 'string' || typeof Secret !== 'string' || Username === '<token>') return undefined
    return Username && Secret ? {username: Username, password: Secret} : undefined
  } catch {
    return undefined
  }
}

/** The engine's credentials, looked up once per registry. */
export function engineCredentials(
  kind: EngineKind,
  env: Record<string, string>,
  exec: Exec
): CredentialStore {
  const found = new Map<string, Promise<Credentials | undefined>>()
  const lookup = async (registry: string): Promise<Credentials | undefined> => {
    for (const file of authFiles(kind, env)) {
      const config = await readConfig(file)
      const auth = config && lookupAuth(config, registry)
      if (!auth) continue
      return auth.kind === 'basic' ? auth.credentials : fromHelper(auth.helper, registry, exec, env)
    }
    return undefined
  }
  return {
    get: registry => {
      let result = found.get(registry)
      if (!result) found.set(registry, (result = lookup(registry)))
      return result
    }
  }
}
