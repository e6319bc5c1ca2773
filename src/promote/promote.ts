import {imageConfigDigest} from '../registry/image-config.js'
import {nativePlatform} from '../build/platforms.js'
import type {CredentialStore} from '../registry/auth.js'
import {connectRegistry} from '../registry/connect.js'
import {parseReference, manifestRef} from '../registry/reference.js'
import {createLimiter} from '../registry/retry.js'
import type {BuildResult} from '../build/build-shell.js'
import {copyImage} from '../registry/copy-image.js'
import type {CopyStats} from '../registry/copy-image.js'

export interface PromoteResult extends BuildResult {
  readonly source: string
  readonly stats: readonly {readonly target: string; readonly stats: CopyStats}[]
}

export interface TargetGroup {
  readonly registry: string
  readonly repository: string
  /** The targets as written, and the tag each names. */
  readonly refs: {readonly ref: string; readonly tag: string}[]
}

/** Targets grouped by repository, in first-seen order: one copy per repository, then a PUT per tag. */
export function groupTargets(targets: readonly string[]): TargetGroup[] {
  const groups = new Map<string, TargetGroup>()
  for (const target of targets) {
    const ref = parseReference(target)
    const key = `${ref.registry}/${ref.repository}`
    const group = groups.get(key) ?? {registry: ref.registry, repository: ref.repository, refs: []}
    group.refs.push({ref: target, tag: ref.tag ?? 'latest'})
    groups.set(key, group)
  }
  return [...groups.values()]
}

const CONCURRENCY = 8

/**
 * Copies an image that is already in a registry to every target tag without an engine: retag within a
 * repository, mount across repositories, stream across registries.
 */
export async function promote(
  source: string,
  targets: readonly string[],
  credentials: CredentialStore | undefined
): Promise<PromoteResult> {
  const src = parseReference(source)
  const limit = createLimiter(CONCURRENCY)
  const clients = new Map<string, Awaited<ReturnType<typeof connectRegistry>>>()
  const client = async (registry: string) => {
    let found = clients.get(registry)
    if (!found) {
      found = await connectRegistry({registry, credentials})
      clients.set(registry, found)
    }
    return found
  }
  const srcEndpoint = {client: await client(src.registry), repository: src.repository}
  const pushed: {ref: string; digest: string}[] = []
  const stats: {target: string; stats: CopyStats}[] = []
  for (const group of groupTargets(targets)) {
    const dst = {client: await client(group.registry), repository: group.repository}
    const tags = group.refs.map(r => r.tag)
    const result = await copyImage(srcEndpoint, manifestRef(src), dst, tags, limit)
    stats.push({target: `${group.registry}/${group.repository}`, stats: result.stats})
    for (const {ref} of group.refs) pushed.push({ref, digest: result.digest})
  }
  const digest = pushed[0]?.digest
  // build-push-action's imageid: the same image, so the same config digest as the source.
  const imageId =
    (await imageConfigDigest(
      srcEndpoint.client,
      src.repository,
      digest ?? manifestRef(src),
      nativePlatform()
    ).catch(() => undefined)) ?? ''
  return {
    source,
    imageId,
    digest,
    pushed,
    stats,
    metadata: {
      'containerimage.digest': digest,
      ...(imageId ? {'containerimage.config.digest': imageId} : {}),
      'image.name': pushed.map(p => p.ref).join(','),
      'promoted-from': source
    }
  }
}
