/**
 * Content-hash reuse, the shell: hash the build's inputs, look the hash up with one HEAD, and on a hit retag
 * the image it names to the new tags through the registry client (no engine). On a miss the build goes on
 * with the hash as a label, and recordContent tags the pushed image with it for next time.
 */
import {readFile} from 'node:fs/promises'
import {toMessage} from '../shared/errors.js'
import {promote} from '../promote/promote.js'
import type {PromoteResult} from '../promote/promote.js'
import {connectRegistry, parseReference} from '../registry/index.js'
import type {CredentialStore} from '../registry/index.js'
import {externalImages, resolveBases} from './bases.js'
import {readContext, readIgnoreFiles} from './context-files.js'
import {CONTENT_HASH_LABEL, contentHash, normalizeBuildArgs} from './hash.js'
import {contentRef} from './policy.js'
import type {ReusePlan} from './policy.js'
import {nativePlatform} from '../build/platforms.js'

/** What the build needs for its hash; a slice of BuildPlan. */
export interface ReuseInputs {
  readonly context: string
  readonly file: string
  readonly target?: string
  readonly buildArgs: readonly string[]
  readonly platforms: readonly string[]
  readonly secrets: readonly {readonly id: string}[]
  readonly userLabels: readonly string[]
  readonly userAnnotations: readonly string[]
  readonly tags: readonly string[]
  readonly reuse: ReusePlan
}

export interface ReuseReport {
  /** `reused`: retagged, no engine ran; `built`: no match, built and recorded; `off`: not considered. */
  readonly status: 'reused' | 'built' | 'off'
  readonly reason: string
  readonly hash?: string
  /** The content tag looked up (and written after a build). */
  readonly ref?: string
  /** Hashing, base resolution and lookup. */
  readonly seconds: number
  readonly files?: number
}

export interface ReuseCheck {
  readonly report: ReuseReport
  /** Set on a hit: the retag already happened. */
  readonly hit?: PromoteResult
  /** Labels to add to the build on a miss: the hash, so the image config records it. */
  readonly labels: readonly string[]
}

export interface ReuseDeps {
  readonly credentials?: CredentialStore
  readonly env: Readonly<Record<string, string | undefined>>
  readonly log: (line: string) => void
}

const since = (start: number) => (performance.now() - start) / 1000

/** The hash of the build, or why it cannot be computed. */
export async function hashBuild(
  inputs: ReuseInputs,
  deps: ReuseDeps
): Promise<{hash: string; files: number} | {error: string}> {
  const dockerfile = await readFile(inputs.file, 'utf8').catch(() => undefined)
  if (dockerfile === undefined) return {error: `cannot read ${inputs.file}`}
  const buildArgs = normalizeBuildArgs(inputs.buildArgs, deps.env)
  const images = externalImages(dockerfile, buildArgs, inputs.target)
  if ('error' in images) return images
  const ignoreFiles = await readIgnoreFiles(inputs.context, inputs.file)
  const [entries, bases] = await Promise.all([
    readContext(inputs.context, ignoreFiles).catch((error: unknown) => toMessage(error)),
    resolveBases(images.images, deps.credentials)
  ])
  if (typeof entries === 'string') return {error: `cannot read the context: ${entries}`}
  if ('error' in bases) return bases
  for (const base of bases.bases) deps.log(`  ${base.ref} → ${base.digest}`)
  const hash = contentHash({
    entries,
    dockerfile,
    ignoreFiles,
    buildArgs,
    target: inputs.target,
    platforms: inputs.platforms.length > 0 ? inputs.platforms : [nativePlatform()],
    secretIds: inputs.secrets.map(s => s.id),
    labels: inputs.userLabels,
    annotations: inputs.userAnnotations,
    bases: bases.bases
  })
  return {hash, files: entries.length}
}

/** Hash, look up, and retag on a hit. Never throws: anything unexpected means "build". */
export async function checkReuse(inputs: ReuseInputs, deps: ReuseDeps): Promise<ReuseCheck> {
  const started = performance.now()
  const plan = inputs.reuse
  if (!plan.enabled) return {report: {status: 'off', reason: plan.reason, seconds: 0}, labels: []}
  const off = (reason: string): ReuseCheck => {
    deps.log(`No reuse: ${reason}`)
    return {report: {status: 'off', reason, seconds: since(started)}, labels: []}
  }
  try {
    const hashed = await hashBuild(inputs, deps)
    if ('error' in hashed) return off(hashed.error)
    const {hash, files} = hashed
    const ref = contentRef(plan, hash)
    deps.log(`Content hash ${hash} over ${files} context entries; looking up ${ref}`)
    const parsed = parseReference(ref)
    const client = await connectRegistry({registry: parsed.registry, credentials: deps.credentials})
    const found = await client.headManifest(parsed.repository, parsed.tag ?? '')
    const labels = [`${CONTENT_HASH_LABEL}=${hash}`]
    if (!found) {
      deps.log('No image with this content hash yet: building')
      return {
        report: {
          status: 'built',
          reason: 'no image with this content hash yet',
          hash,
          ref,
          seconds: since(started),
          files
        },
        labels
      }
    }
    deps.log(`Found ${found.digest}: retagging it, no build`)
    const promoted = await promote(ref, inputs.tags, deps.credentials)
    const hit: PromoteResult = {
      ...promoted,
      metadata: {...promoted.metadata, 'reused-from': ref, 'content-hash': hash}
    }
    return {
      report: {
        status: 'reused',
        reason: `an image built from identical inputs is ${found.digest}`,
        hash,
        ref,
        seconds: since(started),
        files
      },
      hit,
      labels
    }
  } catch (error: unknown) {
    return off(`content hash lookup failed: ${toMessage(error)}`)
  }
}

/** After a build: the content tag on the pushed image, a manifest PUT in the same repository. */
export async function recordContent(
  report: ReuseReport,
  pushedRef: string | undefined,
  deps: ReuseDeps & {readonly warn: (message: string) => void}
): Promise<void> {
  if (report.status !== 'built' || !report.ref || !pushedRef) return
  try {
    await promote(pushedRef, [report.ref], deps.credentials)
    deps.log(`Recorded ${report.ref}`)
  } catch (error: unknown) {
    deps.warn(
      `Could not record the content hash tag ${report.ref} (the image is pushed): ${toMessage(error)}`
    )
  }
}
