/**
 * read: everything a run is planned from, read once — the inputs (checked while planning, dry runs too), what
 * the runner hands the step, whether this run may write, the repository's metadata and the commit date, and
 * the clock.
 */
import * as core from '../shell/actions-runner.js'
import {readInputs, type Inputs} from '../inputs/inputs.js'
import {maskSecret} from './mask.js'
import {resolveCommitDate, resolveRepoInfo} from './repo-info.js'
import {readRunnerEnv, type RunnerEnv} from './runner-env.js'
import {refContextFromEnv} from '../tags/index.js'
import {writeAccess} from '../shared/trust.js'
import {validateRun} from '../validate/index.js'

export interface RunFacts {
  /** The inputs as the step was given them. */
  readonly given: Inputs
  /** The inputs this run acts on: `given`, or without what writes when the run may not write. */
  readonly inputs: Inputs
  readonly runner: RunnerEnv
  /** Why this run may not write and what it leaves out, when it may not. */
  readonly readOnly?: string
  readonly repoInfo: Awaited<ReturnType<typeof resolveRepoInfo>>
  readonly commit: Awaited<ReturnType<typeof resolveCommitDate>>
  /** The run's one reading of the clock (`{{date}}`, `created` labels). */
  readonly now: Date
}

/** What a read-only run leaves out of what was asked, for the notice and the summary. */
function readOnlyEffect(inputs: Inputs): string {
  const skipped = [
    inputs.push && 'push',
    inputs['promote-from'] && 'promote-from',
    inputs.prune.trim() && 'prune',
    inputs.reuse && 'the content-hash record'
  ].filter(Boolean)
  return `it builds${inputs.load ? ' and loads' : ''} but writes nothing to a registry${skipped.length > 0 ? ` (skipped: ${skipped.join(', ')})` : ''}`
}

/**
 * The inputs of a run that may not write: no push, promotion, prune or content-hash record, and a login
 * without its password (a fork has no secrets) is left out instead of failing the build.
 */
function readOnlyInputs(inputs: Inputs): Inputs {
  const login = inputs.password ? {} : {registry: '', username: ''}
  return {...inputs, ...login, push: false, 'promote-from': '', prune: '', reuse: false}
}

export async function readRun(): Promise<RunFacts> {
  const given = readInputs((name, options) => core.getInput(name, options))
  for (const secret of [given.password, given['github-token']]) if (secret) maskSecret(secret)
  const runner = await readRunnerEnv(process.env)
  const access = writeAccess({
    eventName: runner.env.GITHUB_EVENT_NAME ?? '',
    ref: runner.env.GITHUB_REF ?? '',
    payload: runner.payload,
    ...(runner.env.GITHUB_REPOSITORY ? {repository: runner.env.GITHUB_REPOSITORY} : {})
  })
  const readOnly = access.write ? undefined : `${access.why}: ${readOnlyEffect(given)}`
  if (readOnly) core.notice(`Read-only run: ${readOnly}`)
  const inputs = access.write ? given : readOnlyInputs(given)
  await validateRun({
    given,
    effective: inputs,
    read: core.getInput,
    workspace: runner.workspace,
    warn: core.warning
  })
  const token = inputs['github-token']
  const expressionInputs = [
    inputs.tags,
    inputs.flavor,
    inputs.labels,
    inputs.annotations,
    inputs['promote-from']
  ]
  const [repoInfo, commit] = await Promise.all([
    resolveRepoInfo(runner.payload, runner.env, token),
    resolveCommitDate(refContextFromEnv(runner.env, runner.payload), expressionInputs, runner.env, token)
  ])
  return {given, inputs, runner, ...(readOnly ? {readOnly} : {}), repoInfo, commit, now: new Date()}
}
