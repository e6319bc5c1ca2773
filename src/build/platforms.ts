/** Target platforms per engine (pure): which engine can build what, and the flags that ask for it. */
import type {EngineKind} from './engine.js'

/** Node's CPU names → OCI's. */
const OCI_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64'
}

/** Node's CPU name (`process.arch`) as OCI (GOARCH) names it; undefined when there is no such name. */
export function ociArch(arch: string = process.arch): string | undefined {
  return OCI_ARCH[arch]
}

/** The platform a build without `--platform` produces on this machine. */
export function nativePlatform(arch: string = process.arch): string {
  return `linux/${ociArch(arch) ?? arch}`
}

const ALIASES: Readonly<Record<string, string>> = {x86_64: 'amd64', aarch64: 'arm64'}

/** `linux/x86_64` → `linux/amd64`; `linux/amd64/v1` (the baseline variant) → `linux/amd64`. */
export function normalizePlatform(platform: string): string {
  const [os = '', arch = '', variant] = platform.trim().toLowerCase().split('/')
  const fixed = ALIASES[arch] ?? arch
  const keepVariant = variant !== undefined && !(fixed === 'amd64' && variant === 'v1')
  return [os, fixed, ...(keepVariant ? [variant] : [])].join('/')
}

/** Comma- or line-separated, as build-push-action reads `platforms`. */
export function parsePlatforms(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map(p => p.trim())
    .filter(p => p !== '' && !p.startsWith('#'))
}

export type PlatformArgs = {readonly args: readonly string[]} | {readonly error: string}

/**
 * buildx builds any list (emulated or on remote nodes); docker's built-in BuildKit only the daemon's own
 * platform; buildah one platform per image (a manifest list of several is not done here).
 */
export function platformArgs(
  kind: EngineKind,
  platforms: readonly string[],
  native = nativePlatform()
): PlatformArgs {
  if (platforms.length === 0) return {args: []}
  const list = platforms.map(normalizePlatform)
  if (kind === 'buildx') return {args: ['--platform', list.join(',')]}
  if (kind === 'docker') {
    if (list.length === 1 && list[0] === normalizePlatform(native)) return {args: []}
    return {
      error:
        `platforms ${list.join(', ')}: docker without buildx builds only the native platform (${native}); ` +
        'install the buildx plugin (docker/setup-buildx-action) for other or several platforms'
    }
  }
  if (list.length === 1) return {args: ['--platform', list[0] as string]}
  return {
    error:
      `platforms ${list.join(', ')}: buildah builds one platform per run here; ` +
      'build one platform per job, or use the buildx engine for a multi-platform image'
  }
}
