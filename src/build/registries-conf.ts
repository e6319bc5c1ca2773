/** The registry host of an image reference, as docker splits it ('busybox' has none: Docker Hub). */
export function registryHost(ref: string): string | undefined {
  const first = ref.split('/')[0] ?? ''
  if (!ref.includes('/')) return undefined
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined
}

/** Docker allows plain HTTP to loopback registries out of the box; containers/image does not. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)
}

/**
 * A registries.conf for buildah that lets it reach loopback registries over plain HTTP, as docker does,
 * keeping the system configuration's own entries.
 */
export function loopbackRegistriesConf(refs: readonly string[], systemConf: string): string | undefined {
  const hosts = [...new Set(refs.map(registryHost).filter((h): h is string => !!h && isLoopbackHost(h)))].sort()
  if (hosts.length === 0) return undefined
  const entries = hosts.map(host => `[[registry]]\nlocation = "${host}"\ninsecure = true\n`)
  return [systemConf.trimEnd(), ...entries].filter(Boolean).join('\n\n') + '\n'
}
