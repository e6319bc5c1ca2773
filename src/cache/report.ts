/** What the cache did in one build, and its part of the job summary (pure). */
import type {CacheMode, CachePlan} from './policy.js'
import type {CacheImport, StageStats} from './progress.js'

export interface CacheWrite {
  readonly ref: string
  readonly ok: boolean
  readonly seconds: number
  /** Layers sent, and layers the registry already had (docker push); unknown for the other engines. */
  readonly layersPushed?: number
  readonly layersExisting?: number
}

export interface CacheReport {
  /** The mode the engine actually used (an unsupported one falls back to none). */
  readonly mode: CacheMode
  readonly reason: string
  /** Own steps per stage: how many came from a cache (remote or the engine's local one) and how many ran. */
  readonly stages: readonly StageStats[]
  /** Cache refs the engine tried to read, and whether they were there. */
  readonly imports: readonly CacheImport[]
  /** Wall time of the builds themselves, and of writing the cache (pushes, or BuildKit's export). */
  readonly buildSeconds: number
  readonly exportSeconds: number
  readonly writes: readonly CacheWrite[]
  /** buildah: step images pulled from and pushed to its cache repository. */
  readonly stepImagesPulled?: number
  readonly stepImagesPushed?: number
  readonly warnings: readonly string[]
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

function importsLine(imports: readonly CacheImport[]): string[] {
  if (imports.length === 0) return []
  const found = imports.filter(i => i.found).length
  return [
    `Cache refs found: ${found} of ${imports.length} read (a missing one is a first build in that scope, not an error).`
  ]
}

function writesTable(writes: readonly CacheWrite[]): string[] {
  if (writes.length === 0) return ['Nothing written to the cache (nothing ran, or this build may not write).']
  const rows = writes.map(w => {
    const layers =
      w.layersPushed === undefined ? '' : `${w.layersPushed} pushed, ${w.layersExisting ?? 0} already there`
    return `| ${code(w.ref)} | ${w.ok ? 'yes' : '**failed**'} | ${layers} | ${seconds(w.seconds)} |`
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
  const imports = importsLine(report.imports)
  if (imports.length > 0) lines.push(...imports, '')
  if (report.mode !== 'none') lines.push(...writesTable(report.writes), '')
  return lines
}
