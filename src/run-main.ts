import {maskSecret} from './mask.js'
import path from 'node:path'
import * as core from '@actions/core'
import {toMessage} from './errors.js'
import {planCacheFromInputs} from './cache/plan-inputs.js'
import {buildahCacheRepository} from './cache/args.js'
import {sanitizeScope} from './cache/policy.js'
import {describeCachePlan} from './cache/report.js'
import {readInputs} from './inputs.js'
import type {Inputs} from './inputs.js'
import {writeAccess} from './trust.js'
import {secretValues} from './build/secrets.js'
import {checkBareBuildArgs} from './build/engine-env.js'
import {authSecrets, resolveAuths} from './login/auths.js'
import {planBuild} from './plan.js'
import {validateRun} from './validate/index.js'
import {pruneConfig, wantsBuild} from './prune/config.js'
import {resolveCommitDate, resolveRepoInfo} from './repo-info.js'
import {collectOutputs} from './report/outputs.js'
import {publishOutputs} from './report/publish.js'
import {renderSummary} from './report/summary.js'
import {createStepTemp} from './step-temp.js'
import {readRunnerEnv} from './runner-env.js'
import {
  computeMeta,
  metaOptionsFromEnv,
  metaOutputs,
  parseMetaInputs,
  refContextFromEnv,
  renderInputExpressions
} from './tags/index.js'
import type {Execution} from './execute.js'

/** What build-push-action's default provenance records: the repository's visibility and the run. */
function provenanceContext(runner: Awaited<ReturnType<typeof readRunnerEnv>>): {
  repoPrivate?: boolean
  runUrl?: string
} {
  const repository = (runner.payload as {repository?: {private?: unknown}}).repository
  const {GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run} = runner.env
  const attempt = runner.env.GITHUB_RUN_ATTEMPT ?? '1'
  return {
    ...(typeof repository?.private === 'boolean' ? {repoPrivate: repository.private} : {}),
    ...(server && repo && run ? {runUrl: `${server}/${repo}/actions/runs/${run}/attempts/${attempt}`} : {})
  }
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

/** read → plan → execute → report; dry-run is plan + report. */
export async function runMain(): Promise<void> {
  const started = Date.now()
  try {
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
    const parsedMeta = parseMetaInputs(inputs)
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
    const {ctx} = commit
    const metaOptions = metaOptionsFromEnv(runner.env, new Date())
    const meta = computeMeta(parsedMeta, ctx, repoInfo.repo, metaOptions)
    const promoteFrom = inputs['promote-from']
      ? renderInputExpressions('promote-from', inputs['promote-from'], ctx, metaOptions).value
      : undefined
    const cacheContext = {
      ...ctx,
      images: meta.images,
      defaultBranch: repoInfo.repo.defaultBranch,
      repository: runner.env.GITHUB_REPOSITORY,
      runnerTemp: runner.temp
    }
    const cache = planCacheFromInputs(inputs, cacheContext)
    // Where GitHub's cache service cannot be used (no token, an old builder), the registry takes its place.
    const cacheFallback =
      inputs.cache === 'gha' ? planCacheFromInputs({...inputs, cache: 'registry'}, cacheContext) : undefined
    const plan = {...planBuild(inputs, meta, runner.workspace, promoteFrom), cache}
    const prune = pruneConfig(inputs, {
      eventName: runner.env.GITHUB_EVENT_NAME ?? '',
      payload: runner.payload,
      images: meta.images,
      cacheRepository: cache.repository,
      cachePrefix: cache.tagPrefix,
      layerCacheRepository: buildahCacheRepository(cache),
      ...(repoInfo.repo.defaultBranch ? {defaultCacheScope: sanitizeScope(repoInfo.repo.defaultBranch)} : {})
    })
    const images = [...meta.images, ...(prune?.repositories ?? [])]
    const auths = await resolveAuths(inputs, {actor: runner.env.GITHUB_ACTOR ?? '', images})
    const secrets = [
      inputs.password,
      inputs['github-token'],
      ...authSecrets(auths),
      ...secretValues(plan.secrets, process.env)
    ].filter(secret => secret !== '')
    for (const secret of secrets) maskSecret(secret)
    checkBareBuildArgs(plan.buildArgs, process.env, secrets)
    const warnings = [repoInfo.warning, commit.warning, ...meta.warnings].filter((w): w is string => !!w)
    for (const warning of warnings) core.warning(warning)
    core.startGroup('Plan')
    core.info(`Version: ${meta.version.main ?? '(none)'}`)
    core.info(`Tags:\n${meta.tags.map(t => `  ${t}`).join('\n') || '  (none)'}`)
    core.info(`Labels:\n${meta.labels.map(l => `  ${l}`).join('\n') || '  (none)'}`)
    core.info(
      promoteFrom
        ? `Promote: ${promoteFrom} → every tag, registry to registry (no build)`
        : `Build: ${plan.file} in ${plan.context}${plan.target ? ` (target ${plan.target})` : ''}`
    )
    core.info(
      `Login: ${auths.map(a => `${a.registry} as ${a.username} (${a.source})`).join(', ') || '(none)'}`
    )
    core.info(`Cache: ${describeCachePlan(cache)}`)
    // Prune-only (build: auto with nothing but prune asked for) needs no engine and no Dockerfile.
    const build = wantsBuild(inputs.build, {
      prune: prune !== undefined,
      push: plan.push,
      load: plan.load,
      outputs: inputs.outputs.length > 0,
      promote: plan.promoteFrom !== undefined
    })
    if (!build) core.info('Build: skipped (build: false, or prune is all that is asked for)')
    if (prune) core.info(`Prune: ${(await import('./prune/stage.js')).describePrune(prune)}`)
    core.info(
      `Push: ${plan.push}${inputs['dry-run'] ? ' — dry run: nothing is built, pushed or deleted' : ''}`
    )
    core.endGroup()

    const temp = await createStepTemp(runner.temp)
    let execution: Execution | undefined
    if (!inputs['dry-run'] && build) {
      // Loaded only when building, so a dry run stays cheap.
      const {execute} = await import('./execute.js')
      execution = await execute(plan, {
        engine: inputs.engine,
        auths,
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
        secrets,
        ...(cacheFallback ? {cacheFallback} : {})
      })
    }

    // After the build, so the tags it just pushed are protected (in a dry run, those it would push).
    const pruned =
      prune &&
      (await (
        await import('./prune/stage.js')
      ).pruneStage(prune, {auths, dryRun: inputs['dry-run'], protectedRefs: plan.push ? plan.tags : []}))
    const outputs = collectOutputs(
      metaOutputs(meta, inputs),
      execution?.engine,
      execution?.result,
      pruned?.output
    )
    await publishOutputs(outputs, {
      dir: temp,
      exportEnv: runner.env.DOCKER_METADATA_SET_OUTPUT_ENV !== 'false'
    })
    const summary = renderSummary({
      plan,
      version: meta.version.main,
      dryRun: inputs['dry-run'],
      engine: execution?.engine,
      result: execution?.result,
      reuse: execution?.reuse,
      seconds: (Date.now() - started) / 1000,
      warnings,
      ...(readOnly ? {readOnly} : {}),
      prune: pruned?.section
    })
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write()
    if (pruned && pruned.run.failures.length > 0) {
      core.setFailed(`prune failed:\n${pruned.run.failures.join('\n')}`)
    }
  } catch (error: unknown) {
    core.setFailed(toMessage(error))
  }
}
