import {isLoopbackRegistry, parseReference} from '../registry/reference.js'

function loopbackRegistry(ref: string): string | undefined {
  try {
    const {registry} = parseReference(ref)
    return isLoopbackRegistry(registry) ? registry : undefined
  } catch {
    // an unparsable FROM (e.g. an unresolved ARG) cannot name a loopback registry
    return undefined
  }
}

/**
 * A registries.conf for buildah that lets it reach loopback registries over plain HTTP, as docker does out of the
 * box (containers/image does not), keeping the system configuration's own entries.
 */
export function loopbackRegistriesConf(refs: readonly string[], systemConf: string): string | undefined {
  const hosts = [...new Set(refs.map(loopbackRegistry).filter((h): h is string => h !== undefined))].sort()
  if (hosts.length === 0) return undefined
  const entries = hosts.map(host => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`)
  return [systemConf.trimEnd(), ...entries].filter(Boolean).join('\n\n') + '\n'
}
