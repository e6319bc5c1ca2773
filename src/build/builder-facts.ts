/**
 * What a buildx builder can do, read before planning the build (`docker buildx inspect`, `docker info`):
 * plain data that the pure argument builders and policies take, so they never run a command themselves.
 */

/** The builder a build runs on, and what it supports. */
export interface BuilderFacts {
  /** Name for `--builder`. */
  readonly name: string
  /** buildx driver: `docker`, `docker-container`, `remote`, `kubernetes`, … */
  readonly driver: string
  /** buildx client version, e.g. `0.13.1`. */
  readonly buildxVersion: string
  /**
   * BuildKit version of the builder's first node without a leading `v`, e.g. `0.13.2`; for the docker driver
   * derived from the daemon's version when BuildKit reports none (distribution builds say `v0.0.0+unknown`).
   * Undefined when nothing tells.
   */
  readonly buildkitVersion?: string
  /** `--cache-to` other than inline works (not the docker driver on the classic image store). */
  readonly cacheExport: boolean
  /** Several `--platform`s in one build work. */
  readonly multiPlatform: boolean
  /** `--attest`, `--provenance`, `--sbom` work. */
  readonly attestations: boolean
  /** Platforms the builder's nodes report. */
  readonly platforms: readonly string[]
  /** Created by this step for this build; post removes it. Never true for a builder the user chose. */
  readonly created: boolean
}
