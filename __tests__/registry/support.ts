import {RegistryClient, type RegistryClientOptions} from '../../src/registry/client.js'
import type {Clock} from '../../src/registry/retry.js'
import type {FakeRegistry} from './fake-registry.js'

/** A clock whose sleeps return at once and are recorded, so retry tests neither wait nor flake. */
export function fakeClock(start = 1_700_000_000_000): Clock & {sleeps: number[]; time: number} {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms)
      clock.time += ms
    },
    random: () => 0.5
  }
  return clock
}

export function clientFor(fake: FakeRegistry, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({registry: fake.host, scheme: 'http', clock: fakeClock(), ...options})
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

export function imageManifest(
  config: string,
  layers: string[] = [],
  extra: Record<string, unknown> = {}
): Uint8Array {
  return bytes(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2},
      layers: layers.map(digest => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest,
        size: 1
      })),
      ...extra
    })
  )
}
