/**
 * The CLI's shell: reads action.yml's inputs, parses the command line, gives the action what the Actions runner
 * would (INPUT_* variables, the event, file commands, a private RUNNER_TEMP) from the CI it runs in, runs the
 * action's main and post in this process, then hands the outputs over as JSON, a dotenv file or both. The private
 * temp dir is removed at exit, failed or cancelled runs included.
 */
import {rmSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {ciContext, detectCi, type CiContext} from '../ci/context.js'
import {listenForCancel} from '../shell/cancel-signals.js'
import {exec} from '../shell/exec.js'
import {runMain} from '../run/main.js'
import {runPost} from '../run/post.js'
import {parseActionInputs} from './action-inputs.js'
import {inputEnvName, parseArgs, renderHelp, type ActionInput, type LogFormat} from './args.js'
import {dotenv, parseFileCommands} from './file-commands.js'
import {readGitFacts} from './git-facts.js'
import {formatLine, newLogState} from './log-format.js'

type Env = Record<string, string | undefined>

/**
 * action.yml's inputs, in order. The bundle has them as JSON beside it (the build makes it from action.yml: no
 * YAML parser at start-up); from the sources, action.yml two folders up is parsed.
 */
async function loadInputs(): Promise<ActionInput[]> {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const built = await readFile(path.join(here, 'action-inputs.json'), 'utf8').catch(() => undefined)
  if (built !== undefined) return JSON.parse(built) as ActionInput[]
  return parseActionInputs(await readFile(path.join(here, '../../action.yml'), 'utf8'))
}

/** Sends the action's stdout through formatLine, to `target`, line by line. */
function formatStdout(format: LogFormat, target: NodeJS.WriteStream): () => void {
  const original = process.stdout.write.bind(process.stdout)
  const state = newLogState()
  let pending = ''
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const out = formatLine(line, format, state, Math.floor(Date.now() / 1000))
      if (out !== undefined) (target === process.stdout ? original : target.write.bind(target))(`${out}\n`)
    }
    const done = [encoding, callback].find(f => typeof f === 'function') as (() => void) | undefined
    done?.()
    return true
  }
  process.stdout.write = write as typeof process.stdout.write
  return () => {
    if (pending) write('\n')
    process.stdout.write = original
  }
}

/** What the runner would set, from the CI's context: the event, file commands, the workspace, RUNNER_TEMP. */
async function runnerEnv(found: CiContext, dir: string, cwd: string): Promise<Record<string, string>> {
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path')
  }
  await Promise.all(Object.values(files).map(file => writeFile(file, '')))
  const repository = {
    ...((found.ctx.payload.repository as Record<string, unknown> | undefined) ?? {}),
    ...(found.projectUrl ? {html_url: found.projectUrl} : {}),
    ...(found.repository ? {name: found.repository.split('/').pop()} : {})
  }
  const payload = {...found.ctx.payload, ...(Object.keys(repository).length > 0 ? {repository} : {})}
  const event = path.join(dir, 'event.json')
  await writeFile(event, JSON.stringify(payload))
  const runnerTemp = path.join(dir, 'runner-temp')
  await mkdir(runnerTemp)
  return {
    ...files,
    GITHUB_EVENT_NAME: found.ctx.eventName,
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: found.ctx.ref,
    GITHUB_SHA: found.ctx.sha,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: runnerTemp
  }
}

/** The CI's own registry login (GitLab's job token) when the command line names none. */
function defaultLogin(found: CiContext, inputs: Readonly<Record<string, string>>): Record<string, string> {
  if (!found.login || inputs.username || inputs.password || inputs['registry-auth']) return {}
  return {registry: found.login.registry, username: found.login.username, password: found.login.password}
}

/** Runs the CLI; resolves with the exit status (0 done, 1 failed, 2 bad usage). */
export async function runCli(
  argv: readonly string[],
  env: Env = process.env,
  cwd = process.cwd()
): Promise<number> {
  const declared = await loadInputs()
  const parsed = parseArgs(argv, declared, env)
  if (parsed.kind === 'help') {
    process.stdout.write(renderHelp(declared))
    return 0
  }
  if (parsed.kind === 'usage') {
    process.stderr.write(`image-action: ${parsed.message}\n`)
    return 2
  }
  const ci = detectCi(env)
  const found =
    ci === 'github' ? undefined : ciContext(env, ci === 'git' ? await readGitFacts(exec, cwd) : undefined)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'image-action-'))
  // A cancelled run exits from its signal handler (cancel-signals.ts): the temp dir goes then too.
  const removeDir = (): void => rmSync(dir, {recursive: true, force: true})
  process.once('exit', removeDir)
  const format =
    parsed.options.logFormat ?? (ci === 'github' ? 'github' : ci === 'gitlab' ? 'gitlab' : 'plain')
  const restore = formatStdout(format, parsed.options.json ? process.stderr : process.stdout)
  const cancellation = listenForCancel()
  try {
    const inputs = {...parsed.inputs, ...(found ? defaultLogin(found, parsed.inputs) : {})}
    const runner = found ? await runnerEnv(found, dir, cwd) : {}
    for (const [name, value] of Object.entries({...runner})) process.env[name] = value
    for (const [name, value] of Object.entries(inputs)) process.env[inputEnvName(name)] = value
    await runMain()
    await cancellation.settle()
    const stateFile = process.env.GITHUB_STATE
    const state = stateFile ? parseFileCommands(await readFile(stateFile, 'utf8').catch(() => '')) : {}
    for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value
    await runPost()
    restore()
    const outputFile = process.env.GITHUB_OUTPUT
    const outputs = outputFile ? parseFileCommands(await readFile(outputFile, 'utf8').catch(() => '')) : {}
    if (parsed.options.json) process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`)
    if (parsed.options.outputFile) await writeFile(parsed.options.outputFile, dotenv(outputs))
    if (parsed.options.summaryFile && process.env.GITHUB_STEP_SUMMARY) {
      await writeFile(
        parsed.options.summaryFile,
        await readFile(process.env.GITHUB_STEP_SUMMARY, 'utf8').catch(() => '')
      )
    }
    return process.exitCode === 1 ? 1 : 0
  } finally {
    restore()
    await rm(dir, {recursive: true, force: true})
    process.off('exit', removeDir)
  }
}
