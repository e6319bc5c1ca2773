/** The prune plan and its results as log lines, a job-summary section and the `pruned` output (pure). */
import {UNKNOWN_DIGEST, type PruneRun, type RepoOutcome, type RepoPlan, type StepResult} from '../plan/types.js'

const SUMMARY_ROWS = 300

/** The whole plan for the log: every tag with its fate and why, every manifest deleted, in order. */
export function planLines(plan: RepoPlan): string[] {
  const deleted = plan.tags.filter(t => t.action === 'delete')
  const untagOnly = deleted.filter(t => t.how === 'untag').length
  const lines = [
    `Prune ${plan.repository} (${plan.kind}): ${plan.tags.length} tags, ${plan.tags.length - deleted.length} kept, ` +
      `${deleted.length} to delete (${untagOnly} by untagging only); ${plan.manifests.filter(m => m.action === 'delete').length} manifests to delete`
  ]
  if (plan.blocked !== undefined) lines.push(`  nothing is deleted here: ${plan.blocked}`)
  for (const t of plan.tags) {
    const action = t.action === 'keep' ? 'keep  ' : t.how === 'untag' ? 'untag ' : 'delete'
    lines.push(`  ${action} ${t.tag} (${t.digest}): ${t.reason}`)
  }
  plan.steps.forEach((step, index) => {
    if (step.op !== 'delete') return
    const manifest = plan.manifests.find(m => m.digest === step.digest)
    const version = step.versionId === undefined ? '' : `, version ${step.versionId}`
    const after = step.after.length > 0 ? `, after ${step.after.join(', ')}` : ''
    lines.push(
      `  step ${index + 1}: delete manifest ${step.digest}${version}${after}: ${manifest?.reason ?? ''}`
    )
  })
  for (const m of plan.manifests.filter(m => m.action === 'keep'))
    lines.push(`  keep manifest ${m.digest}: ${m.reason}`)
  for (const note of plan.notes) lines.push(`  note: ${note}`)
  return lines
}

function resultsByTag(outcome: RepoOutcome): Map<string, StepResult> {
  const map = new Map<string, StepResult>()
  for (const result of outcome.results) {
    const tags = result.step.op === 'untag' ? [result.step.tag] : result.step.tags
    for (const tag of tags) map.set(tag, result)
  }
  return map
}

function fate(dryRun: boolean, result: StepResult | undefined, how: string | undefined): string {
  const verb = how === 'untag' ? 'untagged' : 'deleted'
  if (dryRun) return `would be ${verb}`
  if (result === undefined) return 'not attempted'
  if (result.status === 'done') return verb
  return result.status
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The job summary's prune section: per repository, a table of every tag kept or deleted, with reasons. */
export function renderPruneSection(run: PruneRun): string[] {
  const lines = [`### Prune${run.dryRun ? ' (dry run: nothing deleted)' : ''}`, '']
  for (const outcome of run.repositories) {
    const {plan} = outcome
    lines.push(`**${plan.repository}** (${plan.kind})`, '')
    if (plan.blocked !== undefined) lines.push(`Nothing deleted: ${cell(plan.blocked)}`, '')
    const byTag = resultsByTag(outcome)
    const rows = [...plan.tags].sort((a, b) => (a.action === b.action ? 0 : a.action === 'delete' ? -1 : 1))
    if (rows.length > 0) lines.push('| Tag | Digest | Result | Reason |', '|---|---|---|---|')
    for (const t of rows.slice(0, SUMMARY_ROWS)) {
      const result = t.action === 'keep' ? 'kept' : fate(run.dryRun, byTag.get(t.tag), t.how)
      const detail = byTag.get(t.tag)?.detail
      const reason =
        result === 'kept' || result.startsWith('would') || !detail ? t.reason : `${t.reason} — ${detail}`
      const digest = t.digest === UNKNOWN_DIGEST ? UNKNOWN_DIGEST : `${t.digest.slice(0, 19)}…`
      lines.push(`| \`${t.tag}\` | \`${digest}\` | ${result} | ${cell(reason)} |`)
    }
    if (rows.length > SUMMARY_ROWS)
      lines.push('', `… and ${rows.length - SUMMARY_ROWS} more tags (the log has them all).`)
    const untaggedDeletes = plan.manifests.filter(m => m.action === 'delete' && m.tags.length === 0).length
    if (untaggedDeletes > 0)
      lines.push('', `${untaggedDeletes} untagged manifests (index children, referrers) go with them.`)
    for (const note of plan.notes) lines.push('', `Note: ${cell(note)}`)
    lines.push('')
  }
  if (run.failures.length > 0)
    lines.push('**Prune failures**', '', ...run.failures.map(f => `- ${cell(f)}`), '')
  return lines
}

/** The `pruned` output: per repository, what was (or in a dry run would be) deleted and untagged. */
export function pruneOutput(run: PruneRun): string {
  return JSON.stringify({
    'dry-run': run.dryRun,
    repositories: run.repositories.map(outcome => {
      const {plan} = outcome
      const status = new Map(outcome.results.map(r => [r.step, r.status]))
      return {
        repository: plan.repository,
        kind: plan.kind,
        ...(plan.blocked === undefined ? {} : {blocked: plan.blocked}),
        ...(plan.unreadable === undefined ? {} : {unreadable: plan.unreadable}),
        kept: plan.tags.filter(t => t.action === 'keep').length,
        deleted: plan.steps.flatMap(step =>
          step.op !== 'delete'
            ? []
            : [
                {
                  digest: step.digest,
                  tags: step.tags,
                  ...(step.versionId === undefined ? {} : {version: step.versionId}),
                  status: run.dryRun ? 'planned' : (status.get(step) ?? 'not attempted')
                }
              ]
        ),
        untagged: plan.steps.flatMap(step =>
          step.op !== 'untag'
            ? []
            : [
                {
                  tag: step.tag,
                  digest: step.digest,
                  status: run.dryRun ? 'planned' : (status.get(step) ?? 'not attempted')
                }
              ]
        )
      }
    }),
    failures: run.failures
  })
}
