// src/shell/actions-runner.ts writes the runner's step protocol itself; here every function runs next to its
// @actions/core namesake (a devDependency kept for this comparison) and both must write the same bytes to stdout,
// the file commands and the environment. Delimiters are random UUIDs: compared with the UUID blanked out.
import * as core from '@actions/core'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import * as runner from '../../src/shell/actions-runner.js'

type Lib = typeof runner
type Call = (lib: Lib) => unknown

const FILES = ['OUTPUT', 'STATE', 'ENV', 'STEP_SUMMARY'] as const
let dir = ''
const saved = {...process.env}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'actions-runner-'))
})
afterEach(async () => {
  process.env = {...saved}
  process.exitCode = undefined
  vi.restoreAllMocks()
  await rm(dir, {recursive: true, force: true})
})

/** Runs one call with files (or without, the old stdout commands) and returns everything it wrote. */
async function observe(lib: Lib, call: Call, withFiles: boolean) {
  for (const name of FILES) {
    const file = path.join(dir, name)
    await writeFile(file, '')
    if (withFiles) process.env[`GITHUB_${name}`] = file
    else delete process.env[`GITHUB_${name}`]
  }
  process.env.INPUT_TAGS = '  a\n b  '
  process.env['INPUT_NO_CACHE'] = 'TRUE'
  process.env.STATE_builders = '["b1"]'
  delete process.env.DEMO_VAR
  process.exitCode = undefined
  let stdout = ''
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
  let returned: unknown
  try {
    returned = await call(lib)
  } catch (e) {
    returned = `threw: ${(e as Error).message}`
  } finally {
    write.mockRestore()
  }
  const files: Record<string, string> = {}
  for (const name of FILES) files[name] = await readFile(path.join(dir, name), 'utf8')
  const blank = (s: string): string => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
  return {
    stdout,
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, blank(v)])),
    returned,
    exitCode: process.exitCode,
    env: process.env.DEMO_VAR
  }
}

// @actions/core's summary is a builder; the action only ever appends raw Markdown.
const coreLib = {
  ...core,
  appendSummary: async (markdown: string) => {
    await core.summary.addRaw(markdown).write()
  }
} as unknown as Lib

const calls: Array<[string, Call]> = [
  ['info', l => l.info('plain line with %, :: and a,comma')],
  ['info of an empty line', l => l.info('')],
  ['debug', l => l.debug('d\r\nx%')],
  ['notice', l => l.notice('Read-only run: fork\nsecond line')],
  ['warning of a string', l => l.warning('100% sure: a,b')],
  ['warning of an Error', l => l.warning(new Error('broken'))],
  ['error', l => l.error('e\r\n')],
  ['setFailed', l => l.setFailed('failed:\nline two')],
  ['setSecret', l => l.setSecret('p%ss\nword')],
  ['startGroup + endGroup', l => (l.startGroup('Build: a, b'), l.endGroup())],
  ['group', l => l.group('G:1', async () => 'inner')],
  ['group that throws', l => l.group('G', async () => Promise.reject(new Error('inside')))],
  ['setOutput of a string', l => l.setOutput('tags', 'a:1\na:2')],
  ['setOutput of an object', l => l.setOutput('json', {a: [1, 2]})],
  ['setOutput of an empty value', l => l.setOutput('empty', '')],
  ['exportVariable', l => l.exportVariable('DEMO_VAR', 'x\ny')],
  ['saveState', l => l.saveState('programs', '[{"pid":1}]')],
  ['getState', l => l.getState('builders')],
  ['getState of an unset name', l => l.getState('nothing')],
  ['getInput (trimmed)', l => l.getInput('tags')],
  ['getInput untrimmed', l => l.getInput('tags', {trimWhitespace: false})],
  ['getInput with spaces in the name', l => l.getInput('no cache')],
  ['getInput required and missing', l => l.getInput('missing', {required: true})],
  ['appendSummary', l => l.appendSummary('## Built\n| a | b |\n')]
]

describe('the runner protocol, against @actions/core', () => {
  it.each(calls)('%s writes what @actions/core writes (file commands)', async (_name, call) => {
    const ours = await observe(runner, call, true)
    const theirs = await observe(coreLib, call, true)
    expect(ours).toEqual(theirs)
  })

  // Without GITHUB_STEP_SUMMARY @actions/core's summary reuses the path of its previous call (it caches it).
  const stdoutCalls = calls.filter(([name]) => name !== 'appendSummary')
  it.each(stdoutCalls)('%s writes what @actions/core writes (no file commands)', async (_name, call) => {
    const ours = await observe(runner, call, false)
    const theirs = await observe(coreLib, call, false)
    expect(ours).toEqual(theirs)
  })

  it('the comparison sees a difference (a check that can fail)', async () => {
    const ours = await observe(runner, l => l.warning('x'), true)
    const theirs = await observe(coreLib, l => l.notice('x'), true)
    expect(ours.stdout).not.toEqual(theirs.stdout)
  })

  it('writes the key-value file command with a fresh delimiter each time', async () => {
    const out = path.join(dir, 'OUTPUT')
    await writeFile(out, '')
    process.env.GITHUB_OUTPUT = out
    runner.setOutput('a', '1')
    runner.setOutput('a', '1')
    const delimiters = (await readFile(out, 'utf8')).match(/ghadelimiter_[0-9a-f-]{36}/g) ?? []
    expect(delimiters).toHaveLength(4)
    expect(new Set(delimiters).size).toBe(2)
  })

  it('refuses a summary without GITHUB_STEP_SUMMARY', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await expect(runner.appendSummary('x')).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  })

  it('refuses a missing file command file with @actions/core message', () => {
    process.env.GITHUB_STATE = path.join(dir, 'absent')
    expect(() => runner.saveState('a', 'b')).toThrow(`Missing file at path: ${path.join(dir, 'absent')}`)
  })
})
