/**
 * Running a plan's steps against a backend (shell): every step checks the registry before it mutates, a deletion
 * starts only once the deletions it waits for succeeded, and a permission error stops the repository
 * instead of being read as "already gone".
 */
import {CancelledError, cancellation, isCancelled} from '../../shell/cancel.js'
import {createLimiter} from '../../registry/retry.js'
import {toMessage} from '../../shared/errors.js'
import {short} from '../plan/planner.js'
import type {DeleteStep, Outcome, PruneStep, RepoPlan, StepResult, UntagStep} from '../plan/types.js'

/** How one registry kind untags and deletes. */
export interface Backend {
  /** Called once before the first step; a returned text refuses every step with it. */
  prepare(): Promise<string | undefined>
  untag(step: UntagStep): Promise<Outcome>
  remove(step: DeleteStep): Promise<Outcome>
}

/** Thrown by a backend when the credentials may not delete here: nothing more is tried in this repository. */
export class StopRepository extends Error {
  override name = 'StopRepository'
}

export interface RunStepsOptions {
  readonly concurrency?: number
  readonly log: (line: string) => void
}

function describe(repository: string, step: PruneStep): string {
  if (step.op === 'untag') return `${repository}:${step.tag} (untag; ${step.digest} stays)`
  const tags = step.tags.length > 0 ? ` tags ${step.tags.join(', ')}` : ' untagged'
  const version = step.versionId === undefined ? '' : ` version ${step.versionId}`
  return `${repository}@${step.digest}${tags}${version}`
}

export async function runSteps(
  plan: RepoPlan,
  backend: Backend,
  options: RunStepsOptions
): Promise<StepResult[]> {
  const limit = createLimiter(options.concurrency ?? 8)
  let stopped: string | undefined
  let refusedAll: string | undefined
  if (plan.steps.length > 0) {
    try {
      refusedAll = await backend.prepare()
    } catch (error: unknown) {
      stopped = toMessage(error)
    }
  }
  const byDigest = new Map<string, Promise<StepResult>>()
  const run = async (step: PruneStep): Promise<StepResult> => {
    if (step.op === 'delete') {
      const parents = await Promise.all(step.after.map(d => byDigest.get(d) as Promise<StepResult>))
      const blocking = parents.find(p => p.status !== 'done' && p.status !== 'gone')
      if (blocking) {
        return {
          step,
          status: 'skipped',
          detail: `waits for ${short(blocking.step.op === 'delete' ? blocking.step.digest : '')}, which was not deleted`
        }
      }
    }
    return limit(async () => {
      // A cancelled run deletes nothing more; what was done and what was not is in the results.
      if (stopped === undefined && isCancelled()) stopped = cancellation().message
      if (stopped !== undefined) return {step, status: 'skipped', detail: `stopped: ${stopped}`}
      if (refusedAll !== undefined) return {step, status: 'refused', detail: refusedAll}
      try {
        const outcome = step.op === 'untag' ? await backend.untag(step) : await backend.remove(step)
        return {step, ...outcome}
      } catch (error: unknown) {
        if (error instanceof StopRepository || error instanceof CancelledError) stopped ??= error.message
        return {step, status: 'failed', detail: toMessage(error)}
      }
    })
  }
  // The first mutation runs alone: credentials that may not delete are found by one request, not eight.
  // Steps are in plan order (parents first, so the first waits for nothing and every `after` promise
  // exists before it is awaited).
  const start = (step: PruneStep): Promise<StepResult> => {
    const promise = run(step)
    if (step.op === 'delete') byDigest.set(step.digest, promise)
    return promise
  }
  const [first, ...rest] = plan.steps
  const results = first === undefined ? [] : [await start(first)]
  results.push(...(await Promise.all(rest.map(start))))
  for (const result of results) {
    const line = `${result.status}: ${describe(plan.repository, result.step)}${result.detail ? ` — ${result.detail}` : ''}`
    options.log(line)
  }
  return results
}
