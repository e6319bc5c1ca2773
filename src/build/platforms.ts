/** Target platforms per engine (pure): which engine can build what, and the flags that ask for it. */
import {InputLineError} from '../shared/errors.js'
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

/** Go's GOOS values: what an image platform's os may be. */
const OSES = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'illumos',
  'ios',
  'js',
  'linux',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows'
])

/** Go's GOARCH values, and the names containerd normalizes to them (x86_64, aarch64, armhf, …). */
const ARCHES = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mips64',
  'mips64le',
  'mipsle',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
  'i386',
  'x86_64',
  'x86-64',
  'aarch64',
  'armhf',
  'armel'
])

const PLATFORM_EXAMPLE = 'write os/arch[/variant], e.g. linux/amd64 or linux/arm/v7'

/** Why `platform` is not `os/arch[/variant]` (or buildx's `local`), with the fix; undefined when it is. */
export function platformProblem(platform: string): string | undefined {
  if (platform.toLowerCase() === 'local') return undefined
  const parts = platform.toLowerCase().split('/')
  const [os = '', arch = '', variant] = parts
  if (parts.length < 2 || parts.length > 3 || parts.some(part => !/^[a-z0-9_.-]+$/.test(part))) {
    return `'${platform}' is not a platform; ${PLATFORM_EXAMPLE}`
  }
  if (!OSES.has(os))
    return `'${platform}': '${os}' is not an operating system (linux, windows, …); ${PLATFORM_EXAMPLE}`
  if (!ARCHES.has(arch)) {
    return `'${platform}': '${arch}' is not an architecture (amd64, arm64, arm, 386, ppc64le, s390x, riscv64, …); ${PLATFORM_EXAMPLE}`
  }
  if (variant !== undefined && !/^v?[0-9a-z]+$/.test(variant)) {
    return `'${platform}': '${variant}' is not a variant (v7, v8, …); ${PLATFORM_EXAMPLE}`
  }
  return undefined
}

/**
 * Comma- or line-separated, as build-push-action reads `platforms`; a line starting with `#` is a comment.
 * Each entry must be a platform: `!!!` is refused with its line, never handed to the engine.
 */
export function parsePlatforms(value: string): string[] {
  const platforms: string[] = []
  value.split(/\r?\n/).forEach((text, index) => {
    if (text.trim().startsWith('#')) return
    for (const entry of text.split(',').map(p => p.trim())) {
      if (entry === '' || entry.startsWith('#')) continue
      const problem = platformProblem(entry)
      if (problem) throw new InputLineError('platforms', index + 1, problem)
      platforms.push(entry)
    }
  })
  return platforms
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
