/**
 * The image ID docker and build-push-action report (`imageid`): the config digest of the image, which for an
 * index is the config of the platform this machine would run (or the first real platform in it).
 */
import type {RegistryClient} from './client.js'
import {isIndexMediaType} from './manifest-format.js'
import type {Descriptor} from './manifest-format.js'

/** The index entry to take the config from: the native platform, else the first that is not an attestation. */
export function pickPlatform(entries: readonly Descriptor[], native: string): Descriptor | undefined {
  const real = entries.filter(e => e.platform?.os !== 'unknown' && e.platform?.architecture !== 'unknown')
  const [os, arch] = native.split('/')
  return real.find(e => e.platform?.os === os && e.platform?.architecture === arch) ?? real[0]
}

/** Follows an index to one image and returns its config digest; undefined for an artifact without one. */
export async function imageConfigDigest(
  client: RegistryClient,
  repository: string,
  ref: string,
  native: string
): Promise<string | undefined> {
  const fetched = await client.getManifest(repository, ref)
  if (!isIndexMediaType(fetched.mediaType)) return fetched.parsed.config?.digest
  const entry = pickPlatform(fetched.parsed.manifests ?? [], native)
  if (!entry) return undefined
  return (await client.getManifest(repository, entry.digest)).parsed.config?.digest
}
