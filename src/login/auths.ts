import {InputError} from '../shared/errors.js'
import {DOCKER_HUB, parseReference} from '../registry/reference.js'

/** One registry to log in to. `registry` is spelled as in image references: docker.io, ghcr.io, host:port. */
export interface Auth {
  readonly registry: string
  readonly username: string
  readonly password: string
  /** Where the credentials came from, for messages (never the secret itself). */
  readonly source: string
}

export interface LoginInputs {
  readonly registry: string
  readonly username: string
  readonly password: string
  readonly 'registry-auth': string
  readonly 'github-token': string
}

export interface LoginContext {
  /** GITHUB_ACTOR: the user GHCR expects with GITHUB_TOKEN. */
  readonly actor: string
  /** Every image the step will push to or read from. */
  readonly images: readonly string[]
}

const DOCKER_HUB_ALIASES = new Set([
  '',
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'https://index.docker.io/v1/'
])

/** Registry names as users write them (with scheme, Docker Hub aliases) → the reference spelling. */
export function normalizeRegistry(value: string): string {
  const trimmed = value.trim().toLowerCase()
  if (DOCKER_HUB_ALIASES.has(trimmed)) return DOCKER_HUB
  return trimmed.replace(/^https?:\/\//, '').replace(/\/(v1|v2)?\/?$/, '')
}

function entryText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

/** `registry-auth`: a YAML list of {registry, username, password}, as docker/login-action's `registry-auth`. */
export async function parseRegistryAuth(text: string): Promise<Auth[]> {
  if (text.trim() === '') return []
  // Loaded only when used: the YAML parser is a noticeable part of a dry run's start-up.
  const {parse: parseYaml} = await import('yaml')
  let parsed: unknown
  try {
    parsed = parseYaml(text)
  } catch (error: unknown) {
    // The YAML parser quotes the offending text, which may be a password: keep only the position.
    const position = error instanceof Error && /line \d+, column \d+/.exec(error.message)?.[0]
    throw new InputError('registry-auth', `is not valid YAML${position ? ` (${position})` : ''}`)
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(
      'registry-auth',
      'must be a YAML list of entries with registry, username and password'
    )
  }
  return parsed.map((entry: unknown, index) => {
    const where = `entry ${index + 1}`
    if (!entry || typeof entry !== 'object')
      throw new InputError('registry-auth', `${where} is not a mapping`)
    const fields = entry as Record<string, unknown>
    const unknown = Object.keys(fields).filter(key => !['registry', 'username', 'password'].includes(key))
    if (unknown.length > 0) {
      throw new InputError(
        'registry-auth',
        `${where} has unknown key ${unknown.join(', ')}; use registry, username, password`
      )
    }
    const username = entryText(fields.username)
    const password = entryText(fields.password)
    const registry = normalizeRegistry(entryText(fields.registry))
    if (!username || !password) {
      throw new InputError('registry-auth', `${where} (${registry}) needs both username and password`)
    }
    return {registry, username, password, source: `registry-auth ${where}`}
  })
}

function imageRegistries(images: readonly string[]): Set<string> {
  const registries = new Set<string>()
  for (const image of images) {
    try {
      registries.add(parseReference(image).registry)
    } catch {
      // invalid names are reported by the tag rules
    }
  }
  return registries
}

/**
 * Every login the step needs: `registry`/`username`/`password`, `registry-auth` entries, and GHCR with
 * GITHUB_TOKEN when an image lives there and nothing else logs in to it. Later entries for the same
 * registry are refused rather than silently winning.
 */
export async function resolveAuths(inputs: LoginInputs, context: LoginContext): Promise<Auth[]> {
  const auths: Auth[] = []
  if (inputs.username || inputs.password) {
    if (!inputs.username) throw new InputError('username', 'password is set but username is empty')
    if (!inputs.password) {
      throw new InputError(
        'password',
        'username is set but password is empty (a fork pull request has no secrets)'
      )
    }
    auths.push({
      registry: normalizeRegistry(inputs.registry),
      username: inputs.username,
      password: inputs.password,
      source: 'username/password'
    })
  } else if (inputs.registry) {
    throw new InputError('registry', 'is set but username and password are empty')
  }
  auths.push(...(await parseRegistryAuth(inputs['registry-auth'])))
  const seen = new Map<string, string>()
  for (const auth of auths) {
    const earlier = seen.get(auth.registry)
    if (earlier)
      throw new InputError('registry-auth', `${auth.registry} is given twice (${earlier} and ${auth.source})`)
    seen.set(auth.registry, auth.source)
  }
  if (
    imageRegistries(context.images).has('ghcr.io') &&
    !seen.has('ghcr.io') &&
    inputs['github-token'] &&
    context.actor
  ) {
    auths.push({
      registry: 'ghcr.io',
      username: context.actor,
      password: inputs['github-token'],
      source: 'github-token'
    })
  }
  return auths
}

/** The `user:password` pair as config.json and Basic auth carry it. */
export function basicAuthValue(auth: Pick<Auth, 'username' | 'password'>): string {
  return Buffer.from(`${auth.username}:${auth.password}`).toString('base64')
}

/** Everything secret about a set of logins, for the runner to mask before anything is logged. */
export function authSecrets(auths: readonly Auth[]): string[] {
  return auths.flatMap(auth => [auth.password, basicAuthValue(auth)])
}
