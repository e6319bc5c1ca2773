/** Whether a build may be replaced by retagging an earlier one (pure). */
import {parseReference} from '../registry/reference.js'
import {contentTag} from './hash.js'

export type ReusePlan =
  | {
      readonly enabled: true
      /** `registry/repository` of the first image: where the content tags live. */
      readonly repository: string
    }
  | {readonly enabled: false; readonly reason: string}

export interface ReuseFacts {
  readonly reuse: boolean
  readonly push: boolean
  readonly noCache: boolean
  readonly load: boolean
  readonly outputs: readonly string[]
  readonly tags: readonly string[]
  /** A build option that needs the engine itself (build-options.ts reuseBlocker), if any. */
  readonly blocker?: string
}

/**
 * Reuse only when the result is a pushed image and nothing asks for the engine itself: `no-cache` asks for a
 * fresh build, `load` and `outputs` for something only the engine makes. Secrets do not turn it off: like
 * BuildKit's layer cache, the hash covers which secrets a build mounts, not their values (see hash.ts).
 */
export function planReuse(facts: ReuseFacts): ReusePlan {
  const off = (reason: string): ReusePlan => ({enabled: false, reason})
  if (!facts.reuse) return off('reuse is false')
  if (!facts.push) return off('push is false: there is no registry image to reuse')
  if (facts.noCache) return off('no-cache asks for a fresh build')
  if (facts.load) return off('load needs the image in the local engine')
  if (facts.outputs.length > 0) return off('outputs are written by the engine')
  if (facts.blocker) return off(facts.blocker)
  const first = facts.tags[0]
  if (!first) return off('no tags')
  const ref = parseReference(first)
  return {enabled: true, repository: `${ref.registry}/${ref.repository}`}
}

/** Where the image built from `hash` is kept: a tag in the first image's repository. */
export function contentRef(plan: {readonly repository: string}, hash: string): string {
  return `${plan.repository}:${contentTag(hash)}`
}
