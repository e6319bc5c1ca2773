import {readFile} from 'node:fs/promises'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {envName, parseArgs, renderHelp, type ActionInput} from '../../src/cli/args.js'

const DECLARED: ActionInput[] = [
  {name: 'images', description: 'Images', default: ''},
  {name: 'tags', description: 'Tag rules', default: ''},
  {name: 'push', description: 'Push', default: 'false'},
  {name: 'cache-ref', description: 'Cache repository', default: ''},
  {name: 'github-token', description: 'Token', default: '${{ github.token }}'}
]

function run(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseArgs(argv, DECLARED, env)
  if (parsed.kind !== 'run') throw new Error(`not a run: ${JSON.stringify(parsed)}`)
  return parsed
}

describe('flags are the inputs', () => {
  // prettier-ignore
  const cases: [string, string[], Record<string, string>, Record<string, string>][] = [
    ['--name value',                 ['--images', 'r.io/app'],                     {}, {images: 'r.io/app'}],
    ['--name=value',                 ['--images=r.io/app'],                        {}, {images: 'r.io/app'}],
    ['a flag alone is true',         ['--push', '--images', 'r.io/app'],           {}, {push: 'true', images: 'r.io/app'}],
    ['a flag last, alone, is true',  ['--images', 'r.io/app', '--push'],           {}, {push: 'true'}],
    ['repeated: a multi-line input', ['--tags', 'type=sha', '--tags', 'type=ref,event=pr'], {}, {tags: 'type=sha\ntype=ref,event=pr'}],
    ['\\n in a value: a new line',   ['--tags=type=sha\\ntype=raw,value=x'],       {}, {tags: 'type=sha\ntype=raw,value=x'}],
    ['from the environment',         [],                                           {IMAGE_ACTION_CACHE_REF: 'r.io/cache'}, {'cache-ref': 'r.io/cache'}],
    ['a flag wins over the env',     ['--cache-ref', 'a'],                         {IMAGE_ACTION_CACHE_REF: 'b'}, {'cache-ref': 'a'}],
    ["action.yml's default",         [],                                           {}, {push: 'false', images: ''}],
    ['an expression default: empty', [],                                           {}, {'github-token': ''}],
    ['…or given',                    ['--github-token', 'ghp_x'],                  {}, {'github-token': 'ghp_x'}],
  ]
  test.each(cases)('%s', (_title, argv, env, expected) => {
    expect(run(argv, env).inputs).toMatchObject(expected)
  })

  test("the CLI's own options", () => {
    expect(
      run(['--json', '--output-file', 'out.env', '--summary-file=s.md', '--log-format', 'gitlab']).options
    ).toEqual({
      json: true,
      outputFile: 'out.env',
      summaryFile: 's.md',
      logFormat: 'gitlab'
    })
  })

  test('IMAGE_ACTION_<INPUT>: upper case, - as _', () => {
    expect(envName('cache-ref')).toBe('IMAGE_ACTION_CACHE_REF')
  })
})

describe('bad usage is refused, naming the flag (exit status 2)', () => {
  // prettier-ignore
  const cases: [string, string[], string][] = [
    ['a misspelt input',         ['--imgaes', 'x'],         'unknown flag --imgaes; did you mean --images? (--help lists every input)'],
    ['an unknown input',         ['--colour', 'x'],         'unknown flag --colour (--help lists every input)'],
    ['a bare argument',          ['build'],                 "unexpected argument 'build': every input is a --<input> flag"],
    ['an option without value',  ['--output-file'],         '--output-file needs a value'],
    ['an unknown log format',    ['--log-format', 'json'],  "--log-format is one of github, gitlab, plain, not 'json'"],
  ]
  test.each(cases)('%s', (_title, argv, message) => {
    expect(parseArgs(argv, DECLARED, {})).toEqual({kind: 'usage', message})
  })

  test('--help', () => {
    expect(parseArgs(['--images', 'x', '--help'], DECLARED, {})).toEqual({kind: 'help'})
  })
})

describe('--help is generated from action.yml', () => {
  test('every input of action.yml, with its default and description, and nothing else', async () => {
    const yml = parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, {description?: string; default?: string}>
    }
    const declared = Object.entries(yml.inputs).map(([name, spec]) => ({
      name,
      description: spec.description ?? '',
      default: spec.default ?? ''
    }))
    const help = renderHelp(declared)
    const listed = [...help.matchAll(/^ {2}--([a-z0-9-]+)(?: \(default: .*\))?$/gm)].map(m => m[1])
    expect(listed).toEqual(Object.keys(yml.inputs))
    expect(help).toContain('  --context (default: ".")')
    expect(help).toContain('  --github-token\n')
    for (const [name, spec] of Object.entries(yml.inputs)) {
      const description = (spec.description ?? '').replace(/\s+/g, ' ').trim()
      if (description) expect(help, name).toContain(`  --${name}`)
      if (description) expect(help, name).toContain(`      ${description}`)
    }
  })
})
