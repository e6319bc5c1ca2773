/** One `FROM` of a Dockerfile, with build-time arguments declared before the first FROM substituted. */
export interface Stage {
  readonly index: number
  readonly name?: string
  readonly base: string
  /** Indexes of the stages this one builds on: `FROM <stage>`, `COPY --from`, `RUN --mount=from=`. */
  readonly deps: readonly number[]
  /** Instructions that become build steps with a cache entry of their own (RUN, COPY, ADD, WORKDIR). */
  readonly steps: number
  /** Images (not stages, not `scratch`) this stage reads: its base, `COPY --from=<image>`, `--mount=from=`. */
  readonly images: readonly string[]
}

/** Instructions BuildKit turns into a vertex that can be cached; the others only change the config. */
const STEP_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR'])

/** Joins backslash-continued lines and drops comment lines, as the Dockerfile frontend does. */
export function logicalLines(text: string): string[] {
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
  return value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (_match, braced?: string, fallback?: string, bare?: string) => {
      const name = (braced ?? bare) as string
      return args.get(name) || fallback || ''
    }
  )
}

/** `--from=x` of COPY/ADD and every `from=x` of RUN --mount flags, as written. */
function fromReferences(keyword: string, words: readonly string[]): string[] {
  const flags = words.filter(word => word.startsWith('--'))
  if (keyword === 'COPY' || keyword === 'ADD') {
    return flags.flatMap(flag => /^--from=(.+)$/.exec(flag)?.[1] ?? [])
  }
  if (keyword === 'RUN') {
    return flags
      .filter(flag => flag.startsWith('--mount='))
      .flatMap(flag => flag.slice('--mount='.length).split(','))
      .flatMap(option => /^from=(.+)$/.exec(option)?.[1] ?? [])
  }
  return []
}

interface StageDraft {
  index: number
  name?: string
  base: string
  refs: string[]
  steps: number
}

/** A stage reference ('build', 'Build', '0') → its index; image names are not stages. */
function resolveStage(ref: string, stages: readonly StageDraft[]): number | undefined {
  if (/^\d+$/.test(ref)) return Number(ref) < stages.length ? Number(ref) : undefined
  return stages.find(stage => stage.name === ref.toLowerCase())?.index
}

/** The stages of a Dockerfile, in order; `buildArgs` (NAME=value) override ARG defaults. */
export function parseStages(text: string, buildArgs: readonly string[] = []): Stage[] {
  const overrides = new Map(buildArgs.map(arg => [arg.split('=')[0] ?? '', arg.slice(arg.indexOf('=') + 1)]))
  const globalArgs = new Map<string, string>()
  const stages: StageDraft[] = []
  for (const line of logicalLines(text)) {
    const [instruction = '', ...rest] = line.split(/\s+/)
    const keyword = instruction.toUpperCase()
    const current = stages[stages.length - 1]
    if (keyword === 'ARG' && !current) {
      for (const decl of rest) {
        const [name = '', value = ''] = decl.split(/=(.*)/s)
        globalArgs.set(name, overrides.get(name) ?? value.replace(/^["']|["']$/g, ''))
      }
    } else if (keyword === 'FROM') {
      const words = rest.filter(word => !word.startsWith('--'))
      const base = substitute(words[0] ?? '', globalArgs)
      const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined
      stages.push({index: stages.length, name, base, refs: [base], steps: 0})
    } else if (current) {
      if (STEP_INSTRUCTIONS.has(keyword)) current.steps++
      current.refs.push(...fromReferences(keyword, rest).map(ref => substitute(ref, globalArgs)))
    }
  }
  // References resolve against every stage (a name may be used before the stage that bears it).
  return stages.map(({refs, ...stage}) => {
    const deps = refs
      .map(ref => resolveStage(ref, stages))
      .filter((i): i is number => i !== undefined && i !== stage.index)
    const images = refs.filter(
      ref => resolveStage(ref, stages) === undefined && ref.toLowerCase() !== 'scratch'
    )
    return {...stage, deps: [...new Set(deps)], images: [...new Set(images)]}
  })
}

/**
 * The stages a build of `target` (default: the last stage) runs, dependencies first, the target last;
 * stages nothing needs are left out, as BuildKit leaves them out. Empty when the target does not exist.
 */
export function stagesToBuild(stages: readonly Stage[], target?: string): Stage[] {
  const last =
    target === undefined ? stages[stages.length - 1] : stages.find(s => s.name === target.toLowerCase())
  if (!last) return []
  const ordered: Stage[] = []
  const seen = new Set<number>()
  const visit = (stage: Stage): void => {
    if (seen.has(stage.index)) return
    seen.add(stage.index)
    for (const dep of stage.deps) visit(stages[dep] as Stage)
    ordered.push(stage)
  }
  visit(last)
  return ordered
}
