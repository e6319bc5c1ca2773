/**
 * execute: carries the plan out — the build and push (or the promotion), then the prune — in a private temp dir
 * that post removes. A dry run creates the temp dir (the outputs' bake files go there) and nothing else.
 */
import path from 'node:path'
import type {Execution} from './execute.js'
import type {PruneStage} from '../prune/run/stage.js'
import {createStepTemp} from './step-temp.js'
import type {RunPlan} from './plan-run.js'
import type {RunFacts} from './read.js'

export interface RunOutcome {
  readonly temp: string
  readonly execution?: Execution
  readonly pruned?: PruneStage
}

/** What build-push-action's default provenance records: the repository's visibility and the run. */
function provenanceContext(runner: RunFacts['runner']): {repoPrivate?: boolean; runUrl?: string} {
  const repository = (runner.payload as {repository?: {private?: unknown}}).repository
  const {GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run} = runner.env
  const attempt = runner.env.GITHUB_RUN_ATTEMPT ?? '1'
  return {
    ...(typeof repository?.private === 'boolean' ? {repoPrivate: repository.private} : {}),
    ...(server && repo && run ? {runUrl: `${server}/${repo}/actions/runs/${run}/attempts/${attempt}`} : {})
  }
}

async function build(facts: RunFacts, plan: RunPlan, temp: string): Promise<Execution> {
  const {inputs, runner} = facts
  // Loaded only when building, so a dry run stays cheap.
  const {execute} = await import('./execute.js')
  return execute(plan.build, {
    engine: inputs.engine,
    auths: plan.auths,
    temp,
    builder: {
      builder: inputs.builder,
      driverOpts: inputs['driver-opts'],
      buildkitdFlags: inputs['buildkitd-flags'],
      buildkitdConfig: inputs['buildkitd-config']
        ? path.resolve(runner.workspace, inputs['buildkitd-config'])
        : '',
      buildkitdConfigInline: inputs['buildkitd-config-inline']
    },
    provenance: provenanceContext(runner),
    secrets: plan.secrets,
    ...(plan.cacheFallback ? {cacheFallback: plan.cacheFallback} : {})
  })
}

export async function carryOut(facts: RunFacts, plan: RunPlan): Promise<RunOutcome> {
  const temp = await createStepTemp(facts.runner.temp)
  const execution = !plan.dryRun && plan.builds ? await build(facts, plan, temp) : undefined
  // After the build, so the tags it just pushed are protected (in a dry run, those it would push).
  const pruned = plan.prune
    ? await (
        await import('../prune/run/stage.js')
      ).pruneStage(plan.prune, {
        auths: plan.auths,
        dryRun: plan.dryRun,
        protectedRefs: plan.build.push ? plan.build.tags : []
      })
    : undefined
  return {temp, ...(execution ? {execution} : {}), ...(pruned ? {pruned} : {})}
}
