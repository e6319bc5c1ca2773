/**
 * What `docker buildx inspect` says about a builder, turned into {@link BuilderFacts} (pure). buildx decides
 * the docker driver's features by asking whether the daemon's BuildKit worker has the label
 * `org.mobyproject.buildkit.worker.snapshotter` (docker/buildx driver/docker/driver.go `Features()`): with the
 * containerd image store it does, and cache export, multi-platform builds and attestations work; on the
 * classic store (GitHub's ubuntu-24.04 runners) none of them do. Every other driver runs a full BuildKit.
 */
import type {BuilderFacts} from './builder-facts.js'

export interface InspectedNode {
  readonly name: string
  readonly status: string
  /** As printed, e.g. `v0.13.2`, `v0.0.0+unknown`; absent on an inactive node. */
  readonly buildkitVersion?: string
  readonly platforms: readonly string[]
  readonly labels: Readonly<Record<string, string>>
}

export interface InspectedBuilder {
  readonly name: string
  readonly driver: string
  readonly nodes: readonly InspectedNode[]
}

const SNAPSHOTTER_LABEL = 'org.mobyproject.buildkit.worker.snapshotter'

function field(line: string): [string, string] | undefined {
  const match = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line)
  return match ? [match[1] as string, (match[2] as string).trim()] : undefined
}

/**
 * Parses the text form (buildx 0.10 to current print the same keys; `--format` is newer than the buildx some
 * users have). Returns undefined when the output names no builder.
 */
export function parseBuildxInspect(output: string): InspectedBuilder | undefined {
  let name: string | undefined
  let driver = ''
  const nodes: {
    name: string
    status: string
    buildkitVersion?: string
    platforms: string[]
    labels: Record<string, string>
  }[] = []
  let inLabels = false
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd()
    if (inLabels && /^\s+\S/.test(line)) {
      const label = /^\s+([^:\s]+):\s*(.*)$/.exec(line)
      const node = nodes[nodes.length - 1]
      if (label && node) node.labels[label[1] as string] = (label[2] as string).trim()
      continue
    }
    inLabels = false
    const kv = field(line)
    if (!kv) continue
    const [key, value] = kv
    const node = nodes[nodes.length - 1]
    switch (key) {
      case 'Name':
        if (name === undefined) name = value
        else nodes.push({name: value, status: '', platforms: [], labels: {}})
        break
      case 'Driver':
        driver = value
        break
      case 'Status':
        if (node) node.status = value
        break
      case 'BuildKit version':
      case 'Buildkit':
        if (node && value) node.buildkitVersion = value
        break
      case 'Platforms':
        if (node)
          node.platforms = value
            .split(',')
            .map(p => p.trim())
            .filter(Boolean)
        break
      case 'Labels':
        inLabels = true
        break
    }
  }
  return name === undefined ? undefined : {name, driver, nodes}
}

/**
 * BuildKit built into dockerd, by Engine release (moby's vendor.mod at each release); used when the daemon
 * reports no version of its own (Debian's build prints `v0.0.0+unknown`).
 */
const MOBY_BUILDKIT: readonly (readonly [string, string])[] = [
  ['29.0', '0.25.0'],
  ['28.2', '0.22.0'],
  ['28.1', '0.21.0'],
  ['28.0', '0.20.0'],
  ['27.4', '0.17.0'],
  ['27.2', '0.15.0'],
  ['27.0', '0.14.0'],
  ['26.0', '0.13.0'],
  ['25.0', '0.12.0'],
  ['24.0', '0.11.0'],
  ['23.0', '0.10.0'],
  ['20.10', '0.8.0'],
  ['19.03', '0.6.0'],
  ['18.09', '0.3.0']
]

function atLeastRelease(version: string, release: string): boolean {
  const [a = NaN, b = NaN] = version.split('.').map(Number)
  const [c = 0, d = 0] = release.split('.').map(Number)
  return a > c || (a === c && b >= d)
}

/** The BuildKit a docker daemon of this version embeds (its floor), or undefined for an unknown version. */
export function mobyBuildkit(daemonVersion: string | undefined): string | undefined {
  if (!daemonVersion || !/^\d+\.\d+/.test(daemonVersion)) return undefined
  return MOBY_BUILDKIT.find(([release]) => atLeastRelease(daemonVersion, release))?.[1]
}

/** `v0.13.2` → `0.13.2`; a version BuildKit cannot know (`v0.0.0+unknown`) → undefined. */
function knownVersion(printed: string | undefined): string | undefined {
  const match = /^v?(\d+\.\d+\.\d+)/.exec(printed ?? '')
  if (!match || match[1] === '0.0.0') return undefined
  return match[1]
}

export interface FactsContext {
  readonly buildxVersion: string
  /** The version of the daemon the docker driver talks to (`docker version`). */
  readonly daemonVersion?: string
  readonly created: boolean
}

/** What the inspected builder supports, as buildx itself decides it. */
export function builderFacts(inspected: InspectedBuilder, context: FactsContext): BuilderFacts {
  const node = inspected.nodes[0]
  const isDocker = inspected.driver === 'docker'
  const full = !isDocker || (node !== undefined && SNAPSHOTTER_LABEL in node.labels)
  const reported = knownVersion(node?.buildkitVersion)
  const buildkitVersion = reported ?? (isDocker ? mobyBuildkit(context.daemonVersion) : undefined)
  const platforms = [...new Set(inspected.nodes.flatMap(n => n.platforms))]
  return {
    name: inspected.name,
    driver: inspected.driver,
    buildxVersion: context.buildxVersion,
    ...(buildkitVersion ? {buildkitVersion} : {}),
    cacheExport: full,
    multiPlatform: full,
    attestations: full,
    platforms,
    created: context.created
  }
}
