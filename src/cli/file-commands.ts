/** The runner's file commands (GITHUB_OUTPUT, GITHUB_STATE): `name<<DELIMITER … DELIMITER` and `name=value` (pure). */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, key = '', delimiter] = heredoc
      const body: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '')
      values[key] = body.join('\n')
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return values
}

/**
 * Outputs as a dotenv file for GitLab's `artifacts:reports:dotenv`: one `NAME=value` line each, the output's
 * name upper-cased with `_` (`tag-names` → `TAG_NAMES`), a multi-line value joined with commas, JSON compacted.
 */
export function dotenv(outputs: Readonly<Record<string, string>>): string {
  const lines = Object.entries(outputs).map(([name, value]) => {
    let single = value
    try {
      if (/^[[{]/.test(value.trim())) single = JSON.stringify(JSON.parse(value))
    } catch {
      // not JSON: a list
    }
    single = single.split('\n').filter(Boolean).join(',')
    return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}=${single}`
  })
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
