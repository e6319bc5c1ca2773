import {mkdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import {connectRegistry, staticCredentials} from '../registry/index.js'
import type {CredentialStore, Credentials} from '../registry/index.js'
import type {Auth} from './auths.js'
import {mergeDockerConfig} from './docker-config.js'

export interface Login {
  /** Environment for engines and tools: a private DOCKER_CONFIG and the same file as buildah's auth file. */
  readonly env: Record<string, string>
  /** The same credentials for the action's own registry client. */
  readonly credentials: CredentialStore
  readonly registries: readonly string[]
}

async function readExistingConfig(
  env: Readonly<Record<string, string | undefined>>
): Promise<Record<string, unknown>> {
  const dir = env.DOCKER_CONFIG || path.join(os.homedir(), '.docker')
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * Logs in the way `docker login` does (asks the registry to accept the credentials) but writes them only into a
 * private DOCKER_CONFIG under the step's temp dir, which post removes: ~/.docker is never touched.
 */
export async function login(auths: readonly Auth[], tempDir: string): Promise<Login> {
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
  const configDir = path.join(tempDir, 'docker-config')
  await mkdir(configDir, {recursive: true, mode: 0o700})
  const configFile = path.join(configDir, 'config.json')
  const config = mergeDockerConfig(await readExistingConfig(process.env), auths)
  await writeFile(configFile, JSON.stringify(config, null, 2), {mode: 0o600})
  return {
    env: {DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: configFile},
    credentials,
    registries: auths.map(auth => auth.registry)
  }
}
