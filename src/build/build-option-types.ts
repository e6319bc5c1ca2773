/** The build options as the plan carries them, and what the engines' flags are made for (types). */
import type {BuilderFacts} from './builder-facts.js'
import type {AttestSetting} from './option-inputs.js'

/** The options as the plan carries them: checked (option-inputs.ts), local paths absolute. */
export interface BuildOptions {
  readonly addHosts: readonly string[]
  readonly allow: readonly string[]
  /** Normalised `attests` lines, each with its `type=`. */
  readonly attests: readonly string[]
  /** `name=value`; a local directory value is absolute. */
  readonly buildContexts: readonly string[]
  /** The buildx builder the user named; empty: the current one (or the one this action sets up). */
  readonly builder: string
  /** A `--call` value other than `build`; empty: build. */
  readonly call: string
  readonly cgroupParent: string
  readonly network: string
  readonly noCacheFilters: readonly string[]
  /** Undefined: build-push-action's default provenance applies. */
  readonly provenance?: AttestSetting
  readonly sbom?: AttestSetting
  readonly shmSize: string
  readonly ssh: readonly string[]
  readonly ulimits: readonly string[]
}

export const NO_BUILD_OPTIONS: BuildOptions = {
  addHosts: [],
  allow: [],
  attests: [],
  buildContexts: [],
  builder: '',
  call: '',
  cgroupParent: '',
  network: '',
  noCacheFilters: [],
  shmSize: '',
  ssh: [],
  ulimits: []
}

/** The build options' inputs, checked (option-inputs.ts): the part of the inputs they are planned from. */
export interface OptionInputs {
  readonly 'add-hosts': readonly string[]
  readonly allow: readonly string[]
  readonly attests: readonly string[]
  readonly 'build-contexts': readonly string[]
  readonly builder: string
  /** Empty for `build` (every build's call). */
  readonly call: string
  readonly 'cgroup-parent': string
  readonly network: string
  readonly 'no-cache-filters': readonly string[]
  /** Undefined: the default provenance applies. */
  readonly provenance?: AttestSetting
  readonly sbom?: AttestSetting
  readonly 'shm-size': string
  readonly ssh: readonly string[]
  readonly ulimit: readonly string[]
}

/** The engine the flags are for, with what is known about it before the build. */
export interface BuildOptionTarget {
  readonly kind: 'buildx' | 'docker' | 'buildah'
  /** buildx: the builder the build runs on (`docker buildx inspect`); absent: unknown, given the benefit. */
  readonly builder?: BuilderFacts
  /** buildah: its version, e.g. `1.28.2`. */
  readonly buildahVersion?: string
}

/** What else decides the flags: where the result goes and what the default provenance records. */
export interface BuildOptionContext {
  /** The repository is private (event payload `repository.private`); unknown counts as private. */
  readonly repoPrivate?: boolean
  readonly load: boolean
  /** buildx `--output` values. */
  readonly outputs: readonly string[]
  /** `<server>/<owner>/<repo>/actions/runs/<id>/attempts/<n>`: provenance's builder-id. */
  readonly runUrl?: string
  readonly push: boolean
  /** The value of BUILDX_NO_DEFAULT_ATTESTATIONS, if set. */
  readonly noDefaultAttestations?: string
}

export interface BuildOptionArgs {
  readonly args: string[]
  readonly warnings: string[]
}
