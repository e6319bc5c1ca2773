import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'

export const DOCKER_CERTS_DIR = '/etc/docker/certs.d'

/**
 * Docker's convention for private registries: every `*.crt` in `<dir>/<host:port>/` is a trusted CA for that
 * registry. Returns them as one PEM bundle, or undefined when there are none (a missing directory is normal).
 */
export async function dockerCertsDirCa(
  registry: string,
  dir = DOCKER_CERTS_DIR
): Promise<string | undefined> {
  const hostDir = join(dir, registry)
  let names: string[]
  try {
    names = await readdir(hostDir)
  } catch {
    return undefined
  }
  const pems = await Promise.all(
    names
      .filter(name => name.endsWith('.crt'))
      .sort()
      .map(name => readFile(join(hostDir, name), 'utf8'))
  )
  const bundle = pems.map(pem => pem.trim()).filter(pem => pem !== '')
  return bundle.length === 0 ? undefined : `${bundle.join('\n')}\n`
}

/** The CA bundle for a registry: the caller's PEM plus docker's certs.d files, deduplicated. */
export async function registryCa(
  registry: string,
  ca?: string,
  dir = DOCKER_CERTS_DIR
): Promise<string | undefined> {
  const fromDir = await dockerCertsDirCa(registry, dir)
  const parts = [ca?.trim(), fromDir?.trim()].filter((p): p is string => p !== undefined && p !== '')
  return parts.length === 0 ? undefined : `${[...new Set(parts)].join('\n')}\n`
}
