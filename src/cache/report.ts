/** What the cache did in one build, and its part of the job summary (pure). */
import type {CacheMode, CachePlan} from './policy.js'
import {classifyCacheError} from './outcome.js'
import type {StageStats} from './progress.js'
import type {CacheErrorKind, CacheImport, CacheWrite} from './outcome.js'

export interface CacheReport {
  /** The mode the engine actually used (an unsupported one falls back to none). */
  readonly mode: CacheMode
  readonly reason: string
  /** Own steps per stage: how many came from a cache (remote or the engine's local one) and how many ran. */
  readonly stages: readonly StageStats[]
  /** Cache refs the engine tried to read: found, missing (a first build in that scope) or failed. */
  readonly imports: readonly CacheImport[]
  /** Wall time of the builds themselves, and of writing the cache (pushes, or BuildKit's export). */
  readonly buildSeconds: number
  readonly exportSeconds: number
  readonly writes: readonly CacheWrite[]
  /** buildah: step images pulled from and pushed to its cache repository. */
  readonly stepImagesPulled?: number
  readonly stepImagesPushed?: number
  readonly warnings: readonly string[]
  /** What was written differs from the preferred form, and why (an index on BuildKit < 0.12). */
  readonly notes?: readonly string[]
}

/** Stats for one stage gathered from several builds: the build of the stage itself is the one that counts. */
export function mergeStageStats(
  perBuild: readonly (readonly StageStats[])[],
  owners: readonly string[]
): StageStats[] {
  const merged = new Map<string, StageStats>()
  perBuild.forEach((stats, i) => {
    for (const stat of stats)
      if (stat.stage === owners[i] || !merged.has(stat.stage)) merged.set(stat.stage, stat)
  })
  return [...merged.values()]
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``
const seconds = (s: number) => `${s.toFixed(1)} s`

/** One line for the log's Plan group. */
export function describeCachePlan(plan: CachePlan): string {
  if (plan.mode === 'none' && plan.rawFrom.length === 0 && plan.rawTo.length === 0)
    return `none (${plan.reason})`
  const raw = [...plan.rawFrom.map(v => `from ${v}`), ...plan.rawTo.map(v => `to ${v}`)]
  if (raw.length > 0) return `${plan.mode}, raw: ${raw.join('; ')}`
  return `${plan.mode} — ${plan.reason}${plan.readRefs.length ? ` (read ${plan.readRefs.join(', ')})` : ''}`
}

/** A short reason for a table cell; the full error is in the warnings. */
const FAILURE: Readonly<Record<CacheErrorKind, string>> = {
  missing: 'not found',
  unauthorized: 'not authorized',
  denied: 'access denied',
  'rate-limited': 'rate-limited',
  unsupported: 'format not supported',
  unreachable: 'could not connect',
  error: ''
}

function failure(error: string | undefined): string {
  if (error === undefined) return '**failed**'
  const kind = classifyCacheError(error)
  const why = FAILURE[kind] || (error.length > 80 ? `${error.slice(0, 79)}…` : error)
  return `**failed** (${why.replace(/\|/g, '\\|').replace(/\s+/g, ' ')})`
}

function importsTable(imports: readonly CacheImport[]): string[] {
  if (imports.length === 0) return []
  const rows = imports.map(i => {
    const result = i.found
      ? 'found'
      : i.error === undefined
        ? 'not there yet (a first build in that scope)'
        : failure(i.error)
    return `| ${code(i.ref)} | ${result} |`
  })
  return ['| Cache read | Result |', '|---|---|', ...rows]
}

function writesTable(writes: readonly CacheWrite[]): string[] {
  if (writes.length === 0) return ['Nothing written to the cache (nothing ran, or this build may not write).']
  const rows = writes.map(w => {
    const layers =
      w.layersPushed === undefined ? '' : `${w.layersPushed} pushed, ${w.layersExisting ?? 0} already there`
    return `| ${code(w.ref)} | ${w.ok ? 'yes' : failure(w.error)} | ${layers} | ${seconds(w.seconds)} |`
  })
  return ['| Cache written | OK | Layers | Time |', '|---|---|---|---|', ...rows]
}

/** The summary's cache section: the plan in a dry run, what happened otherwise. */
export function renderCacheSection(plan: CachePlan, report: CacheReport | undefined): string[] {
  const lines = ['### Cache', '']
  if (!report) {
    lines.push(`${describeCachePlan(plan)}`, '')
    if (plan.writeRef) lines.push(`Would write ${code(plan.writeRef)}.`, '')
    return lines
  }
  lines.push(`Mode ${code(report.mode)}: ${report.reason}`, '')
  if (report.stages.length > 0) {
    lines.push('| Stage | Steps | From cache | Ran | Run time |', '|---|---|---|---|---|')
    for (const s of report.stages) {
      const time = s.seconds === undefined ? '—' : seconds(s.seconds)
      lines.push(`| ${code(s.stage)} | ${s.steps} | ${s.cached} | ${s.ran} | ${time} |`)
    }
    lines.push('')
    const remote = report.stages.reduce((n, s) => n + (s.remote ?? 0), 0)
    if (remote > 0) {
      lines.push(
        `Steps downloaded from the remote cache: ${remote} (counted as from cache; later steps or the output needed their files).`,
        ''
      )
    }
  }
  if (report.stepImagesPulled !== undefined) {
    // buildah pulls and pushes one image per step while it builds: there is no separate export.
    lines.push(
      `Build ${seconds(report.buildSeconds)}, cache included: step images pulled ${report.stepImagesPulled}, pushed ${report.stepImagesPushed ?? 0}`,
      ''
    )
    return lines
  }
  lines.push(`Build ${seconds(report.buildSeconds)} · cache export ${seconds(report.exportSeconds)}`, '')
  const imports = importsTable(report.imports)
  if (imports.length > 0) lines.push(...imports, '')
  if (report.mode !== 'none' || report.writes.length > 0) lines.push(...writesTable(report.writes), '')
  for (const note of report.notes ?? []) lines.push(`Note: ${note}`, '')
  return lines
}
