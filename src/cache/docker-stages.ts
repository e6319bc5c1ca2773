/**
 * Every stage cached on docker's built-in BuildKit without buildx (pure planning half).
 *
 * Without buildx, BuildKit can only export *inline* cache, into the config of the image it builds, and it
 * only covers that image's own stage. So each stage the target needs is built on its own (`--target`),
 * in dependency order, and becomes a small cache image of its own; every build reads every stage's cache
 * images (own scope first, then the fallbacks). What was learnt on docker 20.10.24 (BuildKit 0.8):
 *
 * - Reading needs nothing local: `--cache-from <ref>` imports straight from the registry, and a missing
 *   ref is only logged. Nothing has to be pulled first.
 * - Inline cache records layers only for steps that *ran in that build*. A stage rebuilt from a warm local
 *   cache (e.g. after the final build already ran it) exports a cache without its earlier steps' layers,
 *   and alternate builds then miss. Hence the order (each stage in its own build, before anything uses it
 *   locally) and the rule of what to write:
 *     every step of the stage ran      → write its full ref;
 *     some ran, some came from a cache → write its `-partial` ref, keeping the full one, whose layers the
 *                                        unchanged first steps still need next time;
 *     nothing ran                      → write nothing: the cache it came from is still there and still
 *                                        right, and re-exporting it would lose layers.
 */
import type {Stage} from '../dockerfile/parse.js'
import {stagesToBuild} from '../dockerfile/parse.js'
import type {CachePlan} from './policy.js'
import {partialRef, stageRef} from './refs.js'

export interface StageBuild {
  /** BuildKit's name for the stage in progress output: its name, or `stage-N`. */
  readonly stage: string
  /** `--target` for an intermediate stage; undefined for the final build, which is the user's image. */
  readonly target?: string
  /** Own-scope refs to write, when this build may write. */
  readonly fullRef?: string
  readonly partialRef?: string
  /**
   * Intermediate stages: the value of {@link STAGE_LABEL} on the stage image, so the images this action
   * leaves in the engine can be found (and pruned) by label; the image config only, never a cache key.
   */
  readonly label?: string
}

export const STAGE_LABEL = 'io.github.image-action.cache-stage'

export interface DockerCachePlan {
  /** Intermediate stages first, dependencies before dependents; the final build last. */
  readonly builds: readonly StageBuild[]
  /** Every build reads all of these: each scope in order, each stage's full then partial ref. */
  readonly cacheFrom: readonly string[]
}

export function stageName(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`
}

function refsFor(ref: string, stage: Stage | undefined): {full: string; partial: string} {
  const full = stage ? stageRef(ref, stageName(stage)) : ref
  return {full, partial: partialRef(full)}
}

/**
 * `registry` caches every stage the target needs that can be targeted (named) and has steps; `inline`
 * only the final one. Unnamed intermediate stages cannot be `--target`ed and are covered only through the
 * final image's own cache. The final stage's refs are the plain cache refs, so `inline` and `registry`
 * share them.
 */
export function planDockerCache(plan: CachePlan, stages: readonly Stage[], target?: string): DockerCachePlan {
  const needed = stagesToBuild(stages, target)
  const finalStage = needed[needed.length - 1]
  const finalName = finalStage ? stageName(finalStage) : ''
  if (plan.mode !== 'registry' && plan.mode !== 'inline') return {builds: [{stage: finalName}], cacheFrom: []}
  const intermediate =
    plan.mode === 'registry'
      ? needed.slice(0, -1).filter(stage => stage.name !== undefined && stage.steps > 0)
      : []
  const entries: {stage: Stage | undefined; build: Omit<StageBuild, 'fullRef' | 'partialRef'>}[] = [
    ...intermediate.map(stage => {
      const anchor = plan.writeRef ?? plan.readRefs[0]
      const label = anchor ? stageRef(anchor, stageName(stage)) : stageName(stage)
      return {stage, build: {stage: stageName(stage), target: stage.name, label}}
    }),
    // Without a parsable Dockerfile the final build is still cached, under the plain refs.
    {stage: undefined, build: {stage: finalName}}
  ]
  const builds = entries.map(({stage, build}) => {
    if (!plan.writeRef) return build
    const refs = refsFor(plan.writeRef, stage)
    return {...build, fullRef: refs.full, partialRef: refs.partial}
  })
  const cacheFrom = plan.readRefs.flatMap(ref =>
    entries.flatMap(({stage}) => {
      const refs = refsFor(ref, stage)
      return [refs.full, refs.partial]
    })
  )
  return {builds, cacheFrom}
}

export interface StepCounts {
  readonly ran: number
  readonly cached: number
}

/** The ref a finished stage build should be written to, by the rule above; undefined: write nothing. */
export function refToWrite(build: StageBuild, counts: StepCounts | undefined): string | undefined {
  if (!counts || counts.ran === 0) return undefined
  return counts.cached === 0 ? build.fullRef : build.partialRef
}
