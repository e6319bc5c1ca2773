import {DOCKER_CERTS_DIR, registryCa} from './certs-dir.js'
import {RegistryClient, type RegistryClientOptions} from './client.js'

/**
 * Builds a client the way docker would reach the registry: the given CA plus any `*.crt` in
 * `/etc/docker/certs.d/<host:port>/`. The only part of the client that touches the file system.
 */
export async function connectRegistry(
  options: RegistryClientOptions & {readonly certsDir?: string}
): Promise<RegistryClient> {
  const {certsDir = DOCKER_CERTS_DIR, ...rest} = options
  const ca = rest.transport === undefined ? await registryCa(rest.registry, rest.ca, certsDir) : rest.ca
  return new RegistryClient({...rest, ...(ca === undefined ? {} : {ca})})
}
