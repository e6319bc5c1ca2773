import {DOCKER_HUB} from '../registry/reference.js'
import {basicAuthValue} from './auths.js'
import type {Auth} from './auths.js'

/** Docker keeps Docker Hub credentials under its v1 index URL; everything else under host[:port]. */
export function configKey(registry: string): string {
  return registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry
}

/**
 * A docker config.json (also what buildah/skopeo read as an auth file) that keeps the user's existing
 * settings and logins and adds ours. A credential helper configured for one of our registries would take
 * precedence over `auths`, so it is dropped for those registries.
 */
export function mergeDockerConfig(
  existing: Record<string, unknown>,
  auths: readonly Auth[]
): Record<string, unknown> {
  const keys = new Set(auths.map(auth => configKey(auth.registry)))
  const credHelpers = {...((existing.credHelpers as Record<string, string> | undefined) ?? {})}
  for (const key of keys) delete credHelpers[key]
  const merged: Record<string, unknown> = {
    ...existing,
    auths: {
      ...((existing.auths as Record<string, unknown> | undefined) ?? {}),
      ...Object.fromEntries(auths.map(auth => [configKey(auth.registry), {auth: basicAuthValue(auth)}]))
    }
  }
  if (Object.keys(credHelpers).length > 0) merged.credHelpers = credHelpers
  else delete merged.credHelpers
  // A global credsStore would capture our logins too; the private config is ours alone.
  if (auths.length > 0) delete merged.credsStore
  return merged
}
