/** The summary's content-hash section (pure). */
import type {ReuseReport} from './run-reuse.js'

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``

export function renderReuseLines(report: ReuseReport): string[] {
  const lines = ['### Content hash', '']
  if (report.status === 'reused' && report.ref) {
    lines.push(
      `**Reused** ${code(report.ref)}: ${report.reason}. No engine ran; the tags were set registry to registry ` +
        `(${report.seconds.toFixed(1)} s).`
    )
  } else if (report.status === 'built' && report.ref) {
    lines.push(
      `Built: ${report.reason}. Recorded as ${code(report.ref)} for the next build with the same inputs.`
    )
  } else {
    lines.push(`Not reused: ${report.reason}.`)
  }
  if (report.hash) lines.push('', `Hash ${code(report.hash)} over ${report.files ?? 0} context entries.`)
  lines.push('')
  return lines
}
