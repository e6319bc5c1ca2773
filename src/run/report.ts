/**
 * report: the plan in the log (what a dry run shows), then the outputs, set in one place, and the summary.
 */
import * as core from '../shell/actions-runner.js'
import {describeCachePlan} from '../cache/report.js'
import {collectOutputs} from '../report/outputs.js'
import {publishOutputs} from '../report/publish.js'
import {renderSummary} from '../report/summary.js'
import {metaOutputs} from '../tags/index.js'
import {maskSecret} from './mask.js'
import type {RunOutcome} from './carry-out.js'
import type {RunPlan} from './plan-run.js'
import type {RunFacts} from './read.js'

/** The plan, as the job log's `Plan` group shows it (the run's secrets masked first). */
export async function logPlan(plan: RunPlan): Promise<void> {
  // Masked before anything else is logged: the runner hides them from here on.
  for (const secret of plan.secrets) maskSecret(secret)
  const {meta, build} = plan
  for (const warning of plan.warnings) core.warning(warning)
  core.startGroup('Plan')
  core.info(`Version: ${meta.version.main ?? '(none)'}`)
  core.info(`Tags:\n${meta.tags.map(t => `  ${t}`).join('\n') || '  (none)'}`)
  core.info(`Labels:\n${meta.labels.map(l => `  ${l}`).join('\n') || '  (none)'}`)
  core.info(
    build.promoteFrom
      ? `Promote: ${build.promoteFrom} → every tag, registry to registry (no build)`
      : `Build: ${build.file} in ${build.context}${build.target ? ` (target ${build.target})` : ''}`
  )
  core.info(
    `Login: ${plan.auths.map(a => `${a.registry} as ${a.username} (${a.source})`).join(', ') || '(none)'}`
  )
  core.info(`Cache: ${describeCachePlan(build.cache)}`)
  if (!plan.builds) core.info('Build: skipped (build: false, or prune is all that is asked for)')
  if (plan.prune) core.info(`Prune: ${(await import('../prune/run/stage.js')).describePrune(plan.prune)}`)
  core.info(`Push: ${build.push}${plan.dryRun ? ' — dry run: nothing is built, pushed or deleted' : ''}`)
  core.endGroup()
}

/** Outputs, the summary, and the step's failure when the prune failed. */
export async function reportRun(
  facts: RunFacts,
  plan: RunPlan,
  outcome: RunOutcome,
  seconds: number
): Promise<void> {
  const {execution, pruned} = outcome
  const outputs = collectOutputs(
    metaOutputs(plan.meta, facts.inputs),
    execution?.engine,
    execution?.result,
    pruned?.output
  )
  await publishOutputs(outputs, {
    dir: outcome.temp,
    exportEnv: facts.runner.env.DOCKER_METADATA_SET_OUTPUT_ENV !== 'false'
  })
  const summary = renderSummary({
    plan: plan.build,
    version: plan.meta.version.main,
    dryRun: plan.dryRun,
    engine: execution?.engine,
    result: execution?.result,
    reuse: execution?.reuse,
    seconds,
    warnings: plan.warnings,
    ...(facts.readOnly ? {readOnly: facts.readOnly} : {}),
    prune: pruned?.section
  })
  if (process.env.GITHUB_STEP_SUMMARY) await core.appendSummary(summary)
  if (pruned && pruned.run.failures.length > 0) {
    core.setFailed(`prune failed:\n${pruned.run.failures.join('\n')}`)
  }
}
