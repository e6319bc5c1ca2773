/** The prune stage as the action runs it: credentials from the logins, log lines into the job log. */
import * as core from '../../shell/actions-runner.js'
import type {Auth} from '../../login/auths.js'
import type {PruneConfig} from '../plan/config.js'
import {pruneOutput, renderPruneSection} from './report.js'
import {runPrune} from './run.js'
import type {PruneRun} from '../plan/types.js'

export interface PruneStage {
  readonly run: PruneRun
  /** The `pruned` output. */
  readonly output: string
  /** The job summary's section. */
  readonly section: readonly string[]
}

export interface PruneStageOptions {
  readonly auths: readonly Auth[]
  readonly dryRun: boolean
  /** image:tag references this run pushed (or would push). */
  readonly protectedRefs: readonly string[]
  readonly now?: Date
}

export async function pruneStage(config: PruneConfig, options: PruneStageOptions): Promise<PruneStage> {
  const run = await core.group(options.dryRun ? 'Prune (dry run: the plan only)' : 'Prune', () =>
    runPrune({
      rules: config.rules,
      repositories: config.repositories,
      layerCacheRepositories: config.layerCacheRepositories,
      context: {
        now: (options.now ?? new Date()).getTime(),
        cachePrefix: config.cachePrefix,
        ...(config.defaultCacheScope === undefined ? {} : {defaultCacheScope: config.defaultCacheScope}),
        ...(config.closedPr === undefined ? {} : {closedPr: config.closedPr})
      },
      protectedRefs: options.protectedRefs,
      credentials: Object.fromEntries(
        options.auths.map(a => [a.registry, {username: a.username, password: a.password}])
      ),
      dryRun: options.dryRun,
      log: {
        info: line => core.info(line),
        warning: line => core.warning(line),
        error: line => core.error(line)
      }
    })
  )
  return {run, output: pruneOutput(run), section: renderPruneSection(run)}
}

/** One line for the plan group: what will be pruned where. */
export function describePrune(config: PruneConfig): string {
  const rules = config.rules.deletes.map(r => r.label).join(', ')
  const pr = config.closedPr === undefined ? '' : `; pull request #${config.closedPr} closed`
  return `${config.repositories.join(', ')} by ${rules}${pr}`
}
