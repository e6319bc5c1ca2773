/** One `FROM` of a Dockerfile, with build-time arguments declared before the first FROM substituted. */
export interface Stage {
  readonly index: number
  readonly name?: string
  readonly base: string
}

/** Joins backslash-continued lines and drops comment lines, as the Dockerfile frontend does. */
function logicalLines(text: string): string[] {
  const lines: string[] = []
  let current = ''
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim()
    if (current === '' && trimmed.startsWith('#')) continue
    if (trimmed.endsWith('\\')) {
      current += trimmed.slice(0, -1) + ' '
      continue
    }
    current += trimmed
    if (current.trim() !== '') lines.push(current.trim())
    current = ''
  }
  if (current.trim() !== '') lines.push(current.trim())
  return lines
}

function substitute(value: string, args: ReadonlyMap<string, string>): string {
  return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, braced?: string, fallback?: string, bare?: string) => {
    const name = (braced ?? bare) as string
    return args.get(name) || fallback || ''
  })
}

/** The stages of a Dockerfile, in order; `buildArgs` (NAME=value) override ARG defaults. */
export function parseStages(text: string, buildArgs: readonly string[] = []): Stage[] {
  const overrides = new Map(buildArgs.map(arg => [arg.split('=')[0] ?? '', arg.slice(arg.indexOf('=') + 1)]))
  const globalArgs = new Map<string, string>()
  const stages: Stage[] = []
  for (const line of logicalLines(text)) {
    const [instruction = '', ...rest] = line.split(/\s+/)
    const keyword = instruction.toUpperCase()
    if (keyword === 'ARG' && stages.length === 0) {
      for (const decl of rest) {
        const [name = '', value = ''] = decl.split(/=(.*)/s)
        globalArgs.set(name, overrides.get(name) ?? value.replace(/^["']|["']$/g, ''))
      }
    } else if (keyword === 'FROM') {
      const words = rest.filter(word => !word.startsWith('--'))
      const base = substitute(words[0] ?? '', globalArgs)
      const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined
      stages.push({index: stages.length, name, base})
    }
  }
  return stages
}
