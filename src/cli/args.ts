/**
 * The command line (pure): every action input is a `--<input>` flag, also settable as `IMAGE_ACTION_<INPUT>`
 * (upper case, `-` as `_`); action.yml declares them, so the two never drift.
 *
 * - `--name value` or `--name=value`; a flag given twice, or a value with `\n` in it, is a multi-line input;
 * - a flag with no value (last, or before another flag) is `true`: `--push`;
 * - `--json` prints the outputs as JSON on stdout (the log goes to stderr), `--output-file F` writes them as a
 *   dotenv file (GitLab's `artifacts:reports:dotenv`), `--summary-file F` the summary as Markdown,
 *   `--log-format github|gitlab|plain` how groups and messages are printed (default: as the CI shows them).
 */

export interface ActionInput {
  readonly name: string
  readonly description: string
  readonly default: string
}

export type LogFormat = 'github' | 'gitlab' | 'plain'

export interface CliOptions {
  readonly json: boolean
  readonly outputFile?: string
  readonly summaryFile?: string
  readonly logFormat?: LogFormat
}

export type ParsedArgs =
  | {readonly kind: 'help'}
  | {readonly kind: 'usage'; readonly message: string}
  | {readonly kind: 'run'; readonly inputs: Readonly<Record<string, string>>; readonly options: CliOptions}

const OPTIONS_WITH_VALUE = new Set(['output-file', 'summary-file', 'log-format'])
const LOG_FORMATS: readonly LogFormat[] = ['github', 'gitlab', 'plain']

/** The runner's INPUT_ name mangling: spaces become underscores, then upper case; hyphens stay. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** `IMAGE_ACTION_CACHE_REF` for `cache-ref`. */
export function envName(input: string): string {
  return `IMAGE_ACTION_${input.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

/** The declared name nearest to a misspelt one (edit distance ≤ 3), for the usage error. */
function nearest(name: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({length: b.length + 1}, (_, i) => i)
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0] as number
      row[0] = i
      for (let j = 1; j <= b.length; j++) {
        const here = row[j] as number
        row[j] = Math.min(here + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
        previous = here
      }
    }
    return row[b.length] as number
  }
  const scored = names.map(candidate => ({candidate, d: distance(name, candidate)})).sort((x, y) => x.d - y.d)
  return scored[0] && scored[0].d <= 3 ? scored[0].candidate : undefined
}

export function parseArgs(
  argv: readonly string[],
  declared: readonly ActionInput[],
  env: Readonly<Record<string, string | undefined>>
): ParsedArgs {
  const names = declared.map(input => input.name)
  const given = new Map<string, string[]>()
  const options: {json: boolean; outputFile?: string; summaryFile?: string; logFormat?: LogFormat} = {
    json: false
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') return {kind: 'help'}
    if (!arg.startsWith('--') || arg === '--') {
      return {kind: 'usage', message: `unexpected argument '${arg}': every input is a --<input> flag`}
    }
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq === -1 ? undefined : eq)
    const next = argv[i + 1]
    const takesNext = eq === -1 && next !== undefined && !next.startsWith('--')
    const value = eq !== -1 ? arg.slice(eq + 1) : takesNext ? next : undefined
    if (takesNext) i++
    if (name === 'json') {
      options.json = value === undefined || value === 'true'
      continue
    }
    if (OPTIONS_WITH_VALUE.has(name)) {
      if (value === undefined || value === '') return {kind: 'usage', message: `--${name} needs a value`}
      if (name === 'log-format') {
        if (!LOG_FORMATS.includes(value as LogFormat))
          return {kind: 'usage', message: `--log-format is one of ${LOG_FORMATS.join(', ')}, not '${value}'`}
        options.logFormat = value as LogFormat
      } else if (name === 'output-file') options.outputFile = value
      else options.summaryFile = value
      continue
    }
    if (!names.includes(name)) {
      const hint = nearest(name, names)
      return {
        kind: 'usage',
        message: `unknown flag --${name}${hint ? `; did you mean --${hint}?` : ''} (--help lists every input)`
      }
    }
    given.set(name, [...(given.get(name) ?? []), (value ?? 'true').replace(/\\n/g, '\n')])
  }
  const inputs: Record<string, string> = {}
  for (const input of declared) {
    const flag = given.get(input.name)
    const fromEnv = env[envName(input.name)]
    // An expression default (`${{ github.token }}`) is the Actions runner's to fill in: empty here.
    const fallback = input.default.includes('${{') ? '' : input.default
    inputs[input.name] = flag ? flag.join('\n') : (fromEnv?.replace(/\\n/g, '\n') ?? fallback)
  }
  return {kind: 'run', inputs, options}
}

/** `--help`: usage, the CLI's own options, then every input with its default and description. */
export function renderHelp(declared: readonly ActionInput[]): string {
  const lines = [
    'Usage: image-action [--<input> <value>]... [--json] [--output-file FILE] [--summary-file FILE]',
    '                    [--log-format github|gitlab|plain]',
    '',
    'Logs in, computes tags, builds, pushes and prunes, as the GitHub Action does, in any CI or a terminal.',
    'Every input is also read from IMAGE_ACTION_<INPUT> (upper case, - as _). A flag given twice, or a value',
    'with \\n in it, is a multi-line input; a flag with no value is true. Exit status: 0 done, 1 failed, 2 bad usage.',
    '',
    'Options:',
    '  --json                 outputs as JSON on stdout (the log goes to stderr)',
    '  --output-file FILE     outputs as a dotenv file (GitLab: artifacts:reports:dotenv)',
    '  --summary-file FILE    the summary as Markdown',
    '  --log-format FORMAT    github (::group::), gitlab (collapsible sections) or plain; default: the CI it runs in',
    '  --help                 this text',
    '',
    'Inputs (action.yml):'
  ]
  for (const input of declared) {
    const head = `  --${input.name}${input.default && !input.default.includes('${{') ? ` (default: ${JSON.stringify(input.default)})` : ''}`
    lines.push(head)
    const description = input.description.replace(/\s+/g, ' ').trim()
    if (description) lines.push(`      ${description}`)
  }
  return `${lines.join('\n')}\n`
}
