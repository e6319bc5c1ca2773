/**
 * The data the prune stage passes between its pure planner and its shells: what a repository holds
 * (inventory), what the user asked for (rules), and what will be done (plan). No behaviour here.
 */

/** Which executor a registry gets: its own HTTP API where the OCI API cannot delete one tag safely. */
export type RegistryKind = 'oci' | 'hub' | 'ghcr'

/** A creation or push time, with where it came from: every age in a reason names its source. */
export interface TimeStamp {
  readonly ms: number
  /** `config created`, `annotation org.opencontainers.image.created`, `Hub tag_last_pushed`, `GHCR updated_at`… */
  readonly source: string
}

/** What a manifest's bytes say, once they were read. */
export interface ManifestContent {
  /** Index entries (platform images, attestations, nested indexes); empty for image manifests. */
  readonly children: readonly string[]
  /** OCI 1.1 `subject`: this manifest is a signature, SBOM or attestation of that digest. */
  readonly subject?: string
}

/**
 * One manifest of the repository. Every field is optional because what is knowable differs per registry
 * and the gatherer reads only what the plan needs: undefined means "not read", never "none".
 */
export interface ManifestNode {
  readonly digest: string
  /** From a HEAD, a GET, or the descriptor a parent index or referrers list carries. */
  readonly mediaType?: string
  readonly content?: ManifestContent
  /** Referrers the registry's referrers API listed for this digest (api mode only). */
  readonly referrers?: readonly string[]
  readonly time?: TimeStamp
  /** Set when a time was looked for and none could be trusted (the text says why). */
  readonly timeUnknown?: string
  /** GHCR: the package version id, which is what the REST API deletes (and restores within 30 days). */
  readonly versionId?: number
  /** Listed as a version (GHCR) with no tags: a candidate for `type=untagged` unless something needs it. */
  readonly listedUntagged?: boolean
  /** Referenced (by an index or a referrers list) but absent from the registry. */
  readonly missing?: boolean
}

export interface Inventory {
  /** `registry/repository`, as in image references: `ghcr.io/o/app`. */
  readonly repository: string
  readonly kind: RegistryKind
  /** Every tag and the digest it resolves to. */
  readonly tags: ReadonlyMap<string, string>
  /**
   * Listed tags whose manifest could not be read (a 404 included), with what the registry answered. Where such
   * a tag points is unknown, so it may hold any digest here: one entry blocks every deletion in the repository
   * and fails the step (a 404 is never read as "deleted meanwhile").
   */
  readonly unreadable: ReadonlyMap<string, string>
  readonly nodes: ReadonlyMap<string, ManifestNode>
  /**
   * How referrers are known. `api`: per digest, from the registry's referrers endpoint (each node's
   * `referrers`). `tag-schema`: the registry has no such endpoint, so the `sha256-<hex>` tags in the complete
   * tag list, plus `subject` fields, are all there is.
   */
  readonly referrers: 'api' | 'tag-schema'
  /** Whether manifests without tags can be listed at all (GHCR versions can; the OCI API cannot). */
  readonly untaggedListed: boolean
  /** Anything that makes the inventory incomplete; one entry blocks every deletion in the repository. */
  readonly problems: readonly string[]
}

interface RuleBase {
  /** 1-based line of the `prune` input, for reasons and errors. */
  readonly line: number
  /** `line 3 (type=tags)`: how reasons cite the rule. */
  readonly label: string
}

/** Tags outside the cache prefix; with no `keep`/`older-than`, every matching tag goes. */
export interface TagsRule extends RuleBase {
  readonly type: 'tags'
  readonly match?: RegExp
  readonly exclude?: RegExp
  readonly olderThanMs?: number
  readonly keep?: number
}

/** Cache tags (`<prefix>-<scope>…`) not written for `olderThanMs`. */
export interface CacheRule extends RuleBase {
  readonly type: 'cache'
  /** Undefined: the prefix of the cache plan (`buildcache` unless cache-ref says otherwise). */
  readonly prefix?: string
  readonly olderThanMs: number
  readonly keep?: number
}

/** On a closed pull request: its `pr-<n>` tags, `pr-<n>-*` tags and (unless cache=false) its cache scope. */
export interface PrClosedRule extends RuleBase {
  readonly type: 'pr-closed'
  readonly prefix: string
  readonly cache: boolean
}

/** Manifests nothing tags or needs, older than the grace window (where the registry can list them). */
export interface UntaggedRule extends RuleBase {
  readonly type: 'untagged'
  readonly graceMs: number
}

export type DeleteRule = TagsRule | CacheRule | PrClosedRule | UntaggedRule

export interface KeepRule extends RuleBase {
  readonly match: RegExp
}

export interface PruneRules {
  /** Checked top to bottom: the first rule that matches a tag judges it (as ECR's rule priorities). */
  readonly deletes: readonly DeleteRule[]
  /** A tag matching any keep rule is never deleted, whatever the delete rules say. */
  readonly keeps: readonly KeepRule[]
  readonly keepSemver: boolean
  readonly keepLatest: boolean
  /** The default branch's cache tags: what pull requests and new branches start from. */
  readonly keepDefaultCache: boolean
}

/** What the planner needs besides the inventory and rules: all of it explicit, so plans are reproducible. */
export interface PlanContext {
  readonly now: number
  /** Tags this run pushed (or, in a dry run, would push): never touched. */
  readonly protectedTags: ReadonlySet<string>
  /** The pull request number when the event is a closed pull request. */
  readonly closedPr?: number
  /** Prefix of cache tags (`buildcache`). */
  readonly cachePrefix: string
  /** The default branch's cache scope (`main`), when known: its cache tags are kept unless told otherwise. */
  readonly defaultCacheScope?: string
  /**
   * The repository is buildah's layer cache (`<cache repository>-<prefix>`): every tag is a cache entry, named
   * by its step's cache key rather than by a scope, so only `type=cache` rules act on it.
   */
  readonly layerCache?: boolean
}

/** The digest of a tag decision for a listed tag whose manifest could not be read. */
export const UNKNOWN_DIGEST = 'unknown'

export interface TagDecision {
  readonly tag: string
  /** What the tag resolved to; UNKNOWN_DIGEST for a tag listed but unreadable (kept, and the plan blocked). */
  readonly digest: string
  readonly action: 'keep' | 'delete'
  /** For deletions: whether the manifest goes too, or only the tag (something else still needs the digest). */
  readonly how?: 'with-manifest' | 'untag'
  readonly reason: string
}

export interface ManifestDecision {
  readonly digest: string
  readonly action: 'keep' | 'delete'
  readonly reason: string
  readonly tags: readonly string[]
  readonly versionId?: number
}

/** Remove one tag and leave its manifest (shared with a kept tag, or needed by an index or a subject). */
export interface UntagStep {
  readonly op: 'untag'
  readonly tag: string
  readonly digest: string
}

/** Delete a manifest and the tags on it, once every step it waits for has succeeded. */
export interface DeleteStep {
  readonly op: 'delete'
  readonly digest: string
  /** Tags on it, all planned for deletion (re-checked where deleted by name; guard.ts says why not otherwise). */
  readonly tags: readonly string[]
  /** Digests whose deletion must succeed first: parent indexes, the subject, the referrers index. */
  readonly after: readonly string[]
  /** A referrer whose subject stays (or is gone): it must also leave the subject's `sha256-<hex>` index. */
  readonly subject?: string
  readonly versionId?: number
}

export type PruneStep = UntagStep | DeleteStep

/** What the planner could not decide without reading more; the gatherer fetches it and plans again. */
export interface PlanNeeds {
  /** Media type unknown: HEAD (an index must then be read). */
  readonly heads: readonly string[]
  /** Bytes unknown: GET (children, subject). */
  readonly manifests: readonly string[]
  /** Referrers API not yet asked. */
  readonly referrers: readonly string[]
  /** Creation time not yet looked up. */
  readonly times: readonly string[]
}

export interface RepoPlan {
  readonly repository: string
  readonly kind: RegistryKind
  /** Set when nothing may be deleted here (incomplete inventory), with why. */
  readonly blocked?: string
  /** Listed tags that could not be read (Inventory.unreadable): the run fails, naming them. */
  readonly unreadable?: readonly string[]
  readonly tags: readonly TagDecision[]
  /** Manifests deleted, and untagged ones a rule looked at and kept. */
  readonly manifests: readonly ManifestDecision[]
  /** In execution order: untags first, then deletions parents-before-children. */
  readonly steps: readonly PruneStep[]
  /** Non-empty: the plan is provisional and must not be executed. */
  readonly needs: PlanNeeds
  readonly notes: readonly string[]
  readonly warnings: readonly string[]
}

/**
 * done: as planned · gone: someone else removed it first · skipped: not attempted (drift, a parent not
 * deleted, the repository stopped) · kept: the registry keeps it for a reason of its own (Hub: still
 * referenced) · refused: the registry will not (deletes disabled, GHCR's last version) · failed: broke.
 */
export type StepStatus = 'done' | 'gone' | 'skipped' | 'kept' | 'refused' | 'failed'

export interface Outcome {
  readonly status: StepStatus
  readonly detail: string
}

export interface StepResult extends Outcome {
  readonly step: PruneStep
}

export interface RepoOutcome {
  readonly plan: RepoPlan
  readonly results: readonly StepResult[]
}

export interface PruneRun {
  readonly dryRun: boolean
  readonly repositories: readonly RepoOutcome[]
  /** Failed steps, as messages: any makes the step fail. */
  readonly failures: readonly string[]
}
