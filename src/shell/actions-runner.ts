/**
 * The Actions runner's step protocol — workflow commands on stdout, file commands (GITHUB_OUTPUT, GITHUB_STATE,
 * GITHUB_ENV, GITHUB_STEP_SUMMARY), INPUT_* and STATE_* variables — written exactly as @actions/core 3 writes it.
 *
 * Why not @actions/core itself: its index loads its OIDC client, whose HTTP stack (undici) is a third of the
 * bundle and most of a cold start (≈ 0.17 s of the CLI's dry run); the action never asks for an ID token.
 * `__tests__/shell/actions-runner.test.ts` runs every function here and its @actions/core namesake side by side
 * and compares stdout, the files and the environment byte for byte.
 */
import {randomUUID} from 'node:crypto'
import {appendFileSync, existsSync} from 'node:fs'
import {appendFile} from 'node:fs/promises'
import {EOL} from 'node:os'

export interface InputOptions {
  required?: boolean
  trimWhitespace?: boolean
}

/** Non-strings become JSON, as the runner's commands expect. */
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' || value instanceof String ? String(value) : JSON.stringify(value)
}

const escapeData = (s: unknown): string =>
  commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

const escapeProperty = (s: unknown): string =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::command key=value,…::message` on stdout. */
function issueCommand(command: string, properties: Record<string, string>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** Appends `name<<delimiter … delimiter` to the file a GITHUB_<command> variable names. */
function issueFileCommand(command: string, name: string, value: unknown): void {
  const file = process.env[`GITHUB_${command}`]
  if (!file) throw new Error(`Unable to find environment variable for file command ${command}`)
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = commandValue(value)
  if (name.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  }
  if (text.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, {encoding: 'utf8'})
}

const message = (m: string | Error): string => (m instanceof Error ? m.toString() : m)

export function getInput(name: string, options?: InputOptions): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`)
  return options?.trimWhitespace === false ? value : value.trim()
}

export function info(text: string): void {
  process.stdout.write(text + EOL)
}

export function debug(text: string): void {
  issueCommand('debug', {}, text)
}

export function notice(text: string | Error): void {
  issueCommand('notice', {}, message(text))
}

export function warning(text: string | Error): void {
  issueCommand('warning', {}, message(text))
}

export function error(text: string | Error): void {
  issueCommand('error', {}, message(text))
}

/** Marks the step failed (exit status 1) with an error annotation. */
export function setFailed(text: string | Error): void {
  process.exitCode = 1
  error(text)
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name)
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '')
}

/** Runs fn inside a folded group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await fn()
  } finally {
    endGroup()
  }
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value)
  process.stdout.write(EOL)
  issueCommand('set-output', {name}, commandValue(value))
}

export function exportVariable(name: string, value: unknown): void {
  process.env[name] = commandValue(value)
  if (process.env.GITHUB_ENV) return issueFileCommand('ENV', name, value)
  issueCommand('set-env', {name}, commandValue(value))
}

/** Saved for the post step, which reads it back with getState. */
export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value)
  issueCommand('save-state', {name}, commandValue(value))
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY). */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  }
  await appendFile(file, markdown, {encoding: 'utf8'})
}
