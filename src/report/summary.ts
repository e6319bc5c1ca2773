import type {BuildPlan} from '../plan/build-plan.js'
import type {BuildResult} from '../build/build-shell.js'
import type {Engine} from '../build/engine.js'
import {renderCacheSection} from '../cache/report.js'
import {renderReuseLines} from '../reuse/report.js'
import type {ReuseReport} from '../reuse/run-reuse.js'

export interface RunReport {
  readonly plan: BuildPlan
  readonly version?: string
  readonly dryRun: boolean
  readonly engine?: Engine
  readonly result?: BuildResult
  /** Content-hash reuse: retagged instead of built, or why not. */
  readonly reuse?: ReuseReport
  readonly seconds: number
  readonly warnings: readonly string[]
  /** Why this run writes nothing to a registry (a pull request from a fork), when it may not. */
  readonly readOnly?: string
  /** The prune section (src/prune/run/report.ts), when prune rules were given. */
  readonly prune?: readonly string[]
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'n/a'
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``

/** The job summary as Markdown, rendered from the plan and what execution returned. */
export function renderSummary(report: RunReport): string {
  const {plan, result, engine} = report
  const lines = [`## image-action${report.dryRun ? ' (dry run: nothing built or pushed)' : ''}`, '']
  if (report.readOnly) lines.push(`**Read-only run:** ${report.readOnly}.`, '')
  const facts: [string, string][] = [
    ['Version', report.version ? code(report.version) : 'none'],
    ...(plan.promoteFrom
      ? ([['Promoted from', `${code(plan.promoteFrom)} (no build)`]] as [string, string][])
      : []),
    [
      'Engine',
      engine
        ? `${engine.kind} ${engine.version}`.trim()
        : report.dryRun || plan.promoteFrom || report.reuse?.status === 'reused'
          ? 'not needed'
          : 'n/a'
    ],
    ['Image ID', result?.imageId ? code(result.imageId) : 'n/a'],
    ['Digest', result?.digest ? code(result.digest) : 'n/a'],
    ['Size', formatBytes(result?.size)],
    ['Time', `${report.seconds.toFixed(1)} s`]
  ]
  lines.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '')
  const pushed = new Map(result?.pushed.map(p => [p.ref, p.digest]))
  if (plan.tags.length > 0) {
    lines.push('| Image:tag | Pushed | Digest |', '|---|---|---|')
    for (const tag of plan.tags) {
      const digest = pushed.get(tag)
      lines.push(
        `| ${code(tag)} | ${digest ? 'yes' : plan.push && !report.dryRun ? 'no' : '—'} | ${digest ? code(digest) : ''} |`
      )
    }
    lines.push('')
  } else {
    lines.push('No image tags were computed.', '')
  }
  if (report.reuse) lines.push(...renderReuseLines(report.reuse))
  if (plan.cache) lines.push(...renderCacheSection(plan.cache, result?.cache))
  if (report.prune) lines.push(...report.prune)
  if (report.warnings.length > 0) lines.push('**Warnings**', '', ...report.warnings.map(w => `- ${w}`), '')
  return lines.join('\n')
}
