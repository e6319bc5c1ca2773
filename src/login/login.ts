import {mkdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import {connectRegistry, staticCredentials} from '../registry/index.js'
import type {CredentialStore, Credentials} from '../registry/index.js'
import type {Auth} from './auths.js'
import {mergeDockerConfig} from './docker-config.js'
import {createLinks, presentEntries, sharedDockerState, userDockerConfigDir} from './docker-state.js'

export interface Login {
  /**
   * Environment for engines and tools: a private DOCKER_CONFIG, the same file as buildah's auth file, and
   * BUILDX_CONFIG at the user's buildx state (the private dir shows the user's plugins and contexts).
   */
  readonly env: Record<string, string>
  /** The same credentials for the action's own registry client. */
  readonly credentials: CredentialStore
  readonly registries: readonly string[]
}

async function readExistingConfig(dir: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * Logs in the way `docker login` does (asks the registry to accept the credentials) but writes them only into a
 * private DOCKER_CONFIG under the step's temp dir, which post removes: ~/.docker is never touched. The private
 * config keeps every other setting of the user's config.json, and the user's buildx builders, CLI plugins and
 * contexts stay visible through it (see sharedDockerState). `env` is the step's environment.
 */
export async function login(
  auths: readonly Auth[],
  tempDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): Promise<Login> {
  const entries: Record<string, Credentials> = Object.fromEntries(
    auths.map(auth => [auth.registry, {username: auth.username, password: auth.password}])
  )
  const credentials = staticCredentials(entries)
  await Promise.all(
    auths.map(async auth => {
      const client = await connectRegistry({registry: auth.registry, credentials})
      await client.ping()
      core.info(`Logged in to ${auth.registry} as ${auth.username} (${auth.source})`)
    })
  )
  const configDir = path.resolve(tempDir, 'docker-config')
  await mkdir(configDir, {recursive: true, mode: 0o700})
  const configFile = path.join(configDir, 'config.json')
  const where = {env, home: env.HOME || os.homedir(), cwd: process.cwd()}
  const userDir = userDockerConfigDir(where.env, where.home, where.cwd)
  const shared = sharedDockerState({...where, privateDir: configDir, present: await presentEntries(userDir)})
  const config = mergeDockerConfig(await readExistingConfig(shared.userDir), auths)
  await writeFile(configFile, JSON.stringify(config, null, 2), {mode: 0o600})
  await createLinks(shared.links)
  const linked = shared.links.map(link => path.basename(link.path)).join(', ') || 'nothing'
  core.info(
    `Private DOCKER_CONFIG ${configDir}: settings and links (${linked}) from ${shared.userDir}, ` +
      `buildx state in ${shared.env.BUILDX_CONFIG}`
  )
  return {
    env: {DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: configFile, ...shared.env},
    credentials,
    registries: auths.map(auth => auth.registry)
  }
}
