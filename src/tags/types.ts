// Shared shapes of the tag-rule engine. Kept in one leaf module so every other module can import
// them without creating import cycles through index.ts.

/** What the runner tells us about the triggering ref; built by refContextFromEnv. */
export interface RefContext {
  eventName: string
  ref: string
  sha: string
  /** The event payload JSON. */
  payload: Record<string, unknown>
  /**
   * Commit date if known (payload commits/head_commit, or the commits API). When absent,
   * {{commit_date}} falls back to MetaOptions.now, as metadata-action does.
   */
  commitDate?: Date
}

/** Repository metadata (GET /repos/{owner}/{repo}); every field may be missing when the API failed. */
export interface RepoInfo {
  name?: string
  description?: string
  htmlUrl?: string
  /** license.spdx_id */
  license?: string
  defaultBranch?: string
}

/**
 * Raw action inputs as core.getInput returns them. The sep-* inputs should be read with
 * {trimWhitespace: false} (metadata-action does, so a single space is a valid separator);
 * an empty separator means the default "\n".
 */
export interface MetaInputs {
  images: string
  tags: string
  flavor: string
  labels: string
  annotations: string
  'sep-tags': string
  'sep-labels': string
  'sep-annotations': string
  /** Target name in the bake definitions (metadata-action input `bake-target`). */
  'bake-target'?: string
}

/** Knobs metadata-action reads from the environment deep inside; here they are passed in. */
export interface MetaOptions {
  now: Date
  /** DOCKER_METADATA_SHORT_SHA_LENGTH (default 7). NaN when the variable is not a number: computeMeta fails only if a short sha is needed, like metadata-action. */
  shortShaLength: number
  /** DOCKER_METADATA_PR_HEAD_SHA */
  prHeadSha: boolean
  /** DOCKER_METADATA_ANNOTATIONS_LEVELS split on ',' (not trimmed, like metadata-action). */
  annotationLevels: string[]
}

export interface Version {
  main?: string
  partial: string[]
  latest: boolean
}

export interface Meta {
  version: Version
  /** Enabled image names, lower-cased. */
  images: string[]
  /** Full refs image:tag in metadata-action order, or bare tags when no image is enabled. */
  tags: string[]
  tagNames: string[]
  /** 'key=value', defaults + user entries, sorted by key. */
  labels: string[]
  /** 'key=value' without level prefix (see annotationsWithLevels for the output form). */
  annotations: string[]
  /** Annotations prefixed with every level, as in metadata-action's `annotations` output. */
  annotationsWithLevels: string[]
  /** Annotation levels used (from MetaOptions), kept for the bake-file-annotations output. */
  annotationLevels: string[]
  /** What metadata-action would core.warning, in order. */
  warnings: string[]
}

export type RuleType = 'schedule' | 'semver' | 'pep440' | 'match' | 'edge' | 'ref' | 'raw' | 'sha'

export interface TagRule {
  type: RuleType
  /** Attributes after defaults were applied; unknown keys are kept (and ignored), like metadata-action. */
  attrs: Record<string, string>
  /** The entry as the user wrote it (after list parsing), for error messages. */
  line: string
}

export interface ImageEntry {
  name: string
  enable: boolean
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false'
  prefix: string
  prefixLatest: boolean
  suffix: string
  suffixLatest: boolean
}

/** Inputs parsed and validated once, independent of the event. */
export interface ParsedMeta {
  images: ImageEntry[]
  /** Sorted by priority, highest first (stable). */
  rules: TagRule[]
  flavor: Flavor
  /** Raw label entries; expressions are rendered per event in computeMeta. */
  labels: string[]
  annotations: string[]
}

/** metadata-action's `bake-target` default: the target its bake definitions are written for. */
export const DEFAULT_BAKE_TARGET = 'docker-metadata-action'
