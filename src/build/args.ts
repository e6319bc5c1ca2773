/** What to build, already resolved to absolute paths and full image references. */
export interface BuildRequest {
  readonly context: string
  readonly file: string
  readonly target?: string
  readonly buildArgs: readonly string[]
  readonly labels: readonly string[]
  readonly tags: readonly string[]
  readonly push: boolean
  readonly load: boolean
  readonly iidFile: string
  readonly metadataFile: string
}

function common(req: BuildRequest, tagFlag: string): string[] {
  const args = ['--file', req.file]
  if (req.target) args.push('--target', req.target)
  for (const arg of req.buildArgs) args.push('--build-arg', arg)
  for (const label of req.labels) args.push('--label', label)
  for (const tag of req.tags) args.push(tagFlag, tag)
  args.push('--iidfile', req.iidFile)
  return args
}

/** `docker buildx build`: pushes itself and reports the pushed digest in its metadata file. */
export function buildxBuildArgs(req: BuildRequest): string[] {
  const args = ['buildx', 'build', ...common(req, '--tag'), '--metadata-file', req.metadataFile]
  if (req.push) args.push('--push')
  if (req.load) args.push('--load')
  args.push(req.context)
  return args
}

/** `docker build` on the daemon's built-in BuildKit (DOCKER_BUILDKIT=1); pushing is a separate step. */
export function dockerBuildArgs(req: BuildRequest): string[] {
  return ['build', ...common(req, '--tag'), req.context]
}

export function dockerPushArgs(ref: string): string[] {
  return ['push', ref]
}

/** `buildah bud --layers` keeps intermediate layers so later builds on this machine reuse them. */
export function buildahBuildArgs(req: BuildRequest): string[] {
  return ['bud', '--layers', ...common(req, '--tag'), req.context]
}

export function buildahPushArgs(ref: string, digestFile: string): string[] {
  return ['push', '--digestfile', digestFile, ref, `docker://${ref}`]
}

const PUSH_DIGEST = /digest: (sha256:[a-f0-9]{64})/

/** The manifest digest `docker push` reports ("<tag>: digest: sha256:… size: N"). */
export function digestFromDockerPush(output: string): string | undefined {
  return PUSH_DIGEST.exec(output)?.[1]
}
