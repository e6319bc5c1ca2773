import type {CachePlan} from '../cache/policy.js'
import {buildahCacheArgs, buildxCacheArgs, INLINE_CACHE_BUILD_ARG} from '../cache/args.js'
import type {BuildxCacheOptions} from '../cache/args.js'
import type {EngineKind} from './engine.js'
import {platformArgs} from './platforms.js'
import type {TarballOutput} from './outputs.js'
import {secretArgs} from './secrets.js'
import type {SecretMount} from './secrets.js'

/** What to build, already resolved to absolute paths and full image references. */
export interface BuildRequest {
  readonly context: string
  readonly file: string
  readonly target?: string
  readonly buildArgs: readonly string[]
  readonly labels: readonly string[]
  /** Already fitted to the engine (annotations.ts): the `--annotation` values it can write. */
  readonly annotations?: readonly string[]
  readonly tags: readonly string[]
  readonly push: boolean
  readonly load: boolean
  readonly iidFile: string
  readonly metadataFile: string
  /** Where to read and write the layer cache, already fitted to the engine (see cacheForEngine). */
  readonly cache?: CachePlan
  /** buildx: what the builder's BuildKit can write, and the gha decision's attributes. */
  readonly cacheOptions?: BuildxCacheOptions
  /** Secrets already written to files (see secrets.ts). */
  readonly secrets?: readonly SecretMount[]
  /** Target platforms; empty or absent: the native one. */
  readonly platforms?: readonly string[]
  /** buildx `--output` values, unchanged. */
  readonly outputs?: readonly string[]
  /** docker and buildah: image tarballs to write once the image is built (outputs.ts). */
  readonly tarballs?: readonly TarballOutput[]
  readonly noCache?: boolean
  /** Pull base images even when the engine holds them. */
  readonly pull?: boolean
  /** The build options' flags, already fitted to the engine: buildOptionArgs (build-options.ts). */
  readonly optionArgs?: readonly string[]
}

/** Platform flags; an impossible request was refused before building (run-build checks platformArgs). */
function platforms(req: BuildRequest, kind: EngineKind): string[] {
  const result = platformArgs(kind, req.platforms ?? [])
  return 'args' in result ? [...result.args] : []
}

function common(req: BuildRequest, tagFlag: string, kind: EngineKind): string[] {
  const args = ['--file', req.file]
  if (req.target) args.push('--target', req.target)
  for (const arg of req.buildArgs) args.push('--build-arg', arg)
  for (const label of req.labels) args.push('--label', label)
  for (const annotation of req.annotations ?? []) args.push('--annotation', annotation)
  for (const tag of req.tags) args.push(tagFlag, tag)
  args.push(...platforms(req, kind), ...secretArgs(req.secrets ?? []), ...(req.optionArgs ?? []))
  if (req.noCache) args.push('--no-cache')
  // buildah's `--pull` alone means "if missing"; `always` is what docker's `--pull` means.
  if (req.pull) args.push(kind === 'buildah' ? '--pull=always' : '--pull')
  args.push('--iidfile', req.iidFile)
  return args
}

/** Plain progress is what the job log can show and what the cache statistics are read from. */
const PLAIN_PROGRESS = '--progress=plain'

/**
 * `docker buildx build`: pushes itself and reports the pushed digest in its metadata file. With `layoutDir`
 * (a push being retried, see push-layout.ts) it writes the image there as an OCI layout instead of pushing it.
 */
export function buildxBuildArgs(req: BuildRequest, layoutDir?: string): string[] {
  const cache = req.cache ? buildxCacheArgs(req.cache, req.push, req.cacheOptions) : {args: [], tags: []}
  const withCacheTags = {...req, tags: [...req.tags, ...cache.tags]}
  const args = [
    'buildx',
    'build',
    PLAIN_PROGRESS,
    ...common(withCacheTags, '--tag', 'buildx'),
    '--metadata-file',
    req.metadataFile
  ]
  args.push(...cache.args)
  for (const output of req.outputs ?? []) args.push('--output', output)
  if (req.push)
    args.push(...(layoutDir === undefined ? ['--push'] : ['--output', ociLayoutOutput(layoutDir)]))
  if (req.load) args.push('--load')
  args.push(req.context)
  return args
}

/** How one `docker build` of a multi-build cached run reads and writes the cache (see cache/docker-stages). */
export interface DockerCacheOptions {
  readonly cacheFrom: readonly string[]
  /** Write inline cache metadata into the image, so the image itself can serve as a cache ref. */
  readonly inline: boolean
}

function dockerCacheArgs(options: DockerCacheOptions | undefined): string[] {
  if (!options) return []
  const inline = options.inline ? ['--build-arg', INLINE_CACHE_BUILD_ARG] : []
  return [...inline, ...options.cacheFrom.flatMap(ref => ['--cache-from', ref])]
}

/** `docker build` on the daemon's built-in BuildKit (DOCKER_BUILDKIT=1); pushing is a separate step. */
export function dockerBuildArgs(req: BuildRequest, cache?: DockerCacheOptions): string[] {
  return ['build', PLAIN_PROGRESS, ...common(req, '--tag', 'docker'), ...dockerCacheArgs(cache), req.context]
}

/**
 * One intermediate stage built on its own, only to become a cache image: not the user's labels or tags (the
 * image is tagged by ID afterwards, once it is known which cache ref it belongs to).
 */
export function dockerStageBuildArgs(
  req: BuildRequest,
  stage: {readonly target: string; readonly iidFile: string; readonly labels: readonly string[]},
  cache: DockerCacheOptions
): string[] {
  const build = {...req, ...stage, tags: []}
  return [
    'build',
    PLAIN_PROGRESS,
    ...common(build, '--tag', 'docker'),
    ...dockerCacheArgs(cache),
    req.context
  ]
}

export function dockerPushArgs(ref: string): string[] {
  return ['push', ref]
}

/**
 * `buildah bud --layers` keeps intermediate layers so later builds on this machine reuse them; with a
 * registry cache it also pulls and pushes one image per step. `writeCache: false` drops `--cache-to`
 * (the retry after a failed cache push).
 */
export function buildahBuildArgs(req: BuildRequest, writeCache = true): string[] {
  const cache = req.cache
    ? buildahCacheArgs(writeCache ? req.cache : {...req.cache, writeRef: undefined})
    : []
  return ['bud', '--layers', ...common(req, '--tag', 'buildah'), ...cache, req.context]
}

export function buildahPushArgs(ref: string, digestFile: string): string[] {
  return ['push', '--digestfile', digestFile, ref, `docker://${ref}`]
}

/**
 * The tags `buildx build --push` is given: only the first. A failed push of it is retried by running the
 * (cached) build again, exporting an OCI layout the registry client pushes; the client writes the other tags
 * from its digest, so that every tag names one digest.
 */
export function buildxPushedTags(tags: readonly string[]): string[] {
  return tags.slice(0, 1)
}

/** An OCI image layout as a directory, not a tarball: what push-layout.ts reads. */
export function ociLayoutOutput(dir: string): string {
  return `type=oci,dest=${dir},tar=false`
}

/** `buildah push` into an OCI layout: no network, what the registry client pushes on a retry. */
export function buildahLayoutArgs(image: string, dir: string): string[] {
  return ['push', image, `oci:${dir}`]
}

/** `docker tag`: a loaded image gets the tags buildx was not given. */
export function dockerTagArgs(source: string, ref: string): string[] {
  return ['tag', source, ref]
}

/**
 * `buildx imagetools create` of one index keeps its bytes, so its digest: a tag the registry client cannot
 * write, on a registry only the builder can reach. (A single manifest would be wrapped in a new index.)
 */
export function imagetoolsCreateArgs(ref: string, source: string, builder?: string): string[] {
  return ['buildx', 'imagetools', 'create', ...(builder ? ['--builder', builder] : []), '--tag', ref, source]
}

const PUSH_DIGEST = /digest: (sha256:[a-f0-9]{64})/

/** The manifest digest `docker push` reports ("<tag>: digest: sha256:… size: N"). */
export function digestFromDockerPush(output: string): string | undefined {
  return PUSH_DIGEST.exec(output)?.[1]
}
