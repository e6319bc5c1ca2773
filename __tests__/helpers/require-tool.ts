/**
 * The real programs integration tests depend on: finding out which are missing (to skip locally, or to
 * fail loudly in CI, where a silent skip would hide a broken environment), running them, and a docker
 * client with its own throwaway configuration.
 */
import {spawn} from 'node:child_process'
import {constants} from 'node:fs'
import {access, mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, test} from 'vitest'
import type {TestRegistry} from './registry.js'

/**
 * The docker client with the buildx plugin (Debian 13's docker-cli, or docker-ce on GitHub's images). Some
 * machines put another client first on PATH, so tests name this one.
 */
export const DOCKER = '/usr/bin/docker'

/** Debian 12's docker 20.10 client (scripts/setup-test-env.sh unpacks it): BuildKit built in, no buildx. */
export const OLD_DOCKER = '/opt/image-action/docker-20.10/docker'

/** The second daemon, with the containerd image store (scripts/setup-test-env.sh starts it). */
export const CONTAINERD_STORE_HOST = 'unix:///run/image-action-cs/docker.sock'

export const SETUP_SCRIPT = 'scripts/setup-test-env.sh'

/** The kernel's binfmt_misc entry that runs arm64 executables under qemu (qemu-user-static registers it). */
export const BINFMT_ARM64_ENTRY = '/proc/sys/fs/binfmt_misc/qemu-aarch64'

/**
 * A program looked up on PATH, or one of the pseudo-tools: `docker-daemon` (an engine answers
 * {@link DOCKER}), `root` (writing /etc/docker/certs.d and buildah's chroot isolation need it) and
 * `binfmt-arm64` ({@link BINFMT_ARM64_ENTRY} is enabled, with the F flag: RUN steps of arm64 images).
 */
export type Tool =
  'docker-daemon' | 'containerd-store-daemon' | 'docker-buildx' | 'root' | 'binfmt-arm64' | (string & {})

export interface RunOptions {
  /** Written to stdin, then closed (passwords for `--password-stdin`). */
  readonly input?: string
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>
  readonly cwd?: string
  /** Resolve with the result instead of rejecting on a non-zero exit. */
  readonly allowFailure?: boolean
  readonly timeoutMs?: number
}

export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export class RunError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult
  ) {
    super(
      `${command} exited with ${result.code}:\n${(result.stderr || result.stdout).trimEnd().slice(-4000)}`
    )
    this.name = 'RunError'
  }
}

/**
 * Runs a program without a shell, asynchronously: the token server lives in this process and must keep
 * answering while docker or skopeo wait on it. A program that can't be started resolves as exit 127.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: {...process.env, ...options.env},
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 240_000
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    // A program that exits before reading its stdin makes the write fail with EPIPE; its exit code tells.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    let spawnError: Error | undefined
    child.on('error', error => (spawnError = error))
    child.on('close', (code, signal) => {
      const result: RunResult = {
        // 127 like a shell's "command not found"; 128 + n for a signal (the timeout's SIGTERM is 143).
        code: spawnError ? 127 : (code ?? 128 + (signal ? os.constants.signals[signal] : 0)),
        stdout: Buffer.concat(stdout).toString(),
        stderr: spawnError ? spawnError.message : Buffer.concat(stderr).toString()
      }
      if (result.code === 0 || options.allowFailure) resolve(result)
      else reject(new RunError([command, ...args].join(' '), result))
    })
  })
}

/** A fresh directory under the system temp dir, named after `purpose`. */
export function tempDir(purpose: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `image-action-${purpose}-`))
}

export interface DockerClient {
  /** Its DOCKER_CONFIG: `docker login` writes credentials here, never into the real ~/.docker. */
  readonly configDir: string
  /** Runs {@link DOCKER} with this client's configuration and BuildKit on. */
  run(args: readonly string[], options?: RunOptions): Promise<RunResult>
  /** `docker login` as the registry's user (password on stdin); nothing to do for anonymous registries. */
  login(registry: TestRegistry): Promise<void>
  /** Removes the configuration, and with it every login. */
  dispose(): Promise<void>
}

export async function dockerClient(): Promise<DockerClient> {
  const configDir = await tempDir('docker-config')
  const docker = (args: readonly string[], options: RunOptions = {}) =>
    run(DOCKER, args, {...options, env: {DOCKER_CONFIG: configDir, DOCKER_BUILDKIT: '1', ...options.env}})
  return {
    configDir,
    run: docker,
    async login({host, username, password}) {
      if (username === undefined) return
      await docker(['login', '--username', username, '--password-stdin', host], {input: password})
    },
    dispose: () => rm(configDir, {recursive: true, force: true})
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

async function onPath(program: string): Promise<boolean> {
  if (program.includes('/')) return isExecutable(program)
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)
  for (const dir of dirs) {
    if (await isExecutable(path.join(dir, program))) return true
  }
  return false
}

async function dockerDaemonAnswers(host?: string): Promise<boolean> {
  const result = await run(DOCKER, ['version', '--format', '{{.Server.Version}}'], {
    allowFailure: true,
    timeoutMs: 15_000,
    ...(host ? {env: {DOCKER_HOST: host}} : {})
  })
  return result.code === 0
}

/** The containerd-store daemon: answers, and really uses the containerd snapshotter. */
async function containerdStoreAnswers(): Promise<boolean> {
  const result = await run(DOCKER, ['info', '--format', '{{json .DriverStatus}}'], {
    allowFailure: true,
    timeoutMs: 15_000,
    env: {DOCKER_HOST: CONTAINERD_STORE_HOST}
  })
  return result.code === 0 && result.stdout.includes('io.containerd.snapshotter')
}

/**
 * The arm64 entry is registered and enabled, with the F flag: the interpreter was opened when the entry was
 * registered, so it also runs inside a build container, whose root has no qemu. An arm64 machine needs none.
 */
async function binfmtArm64Problem(): Promise<string | undefined> {
  if (process.arch === 'arm64') return undefined
  const entry = await readFile(BINFMT_ARM64_ENTRY, 'utf8').catch(() => undefined)
  const missing = `qemu-user-static's binfmt entry for arm64 (${BINFMT_ARM64_ENTRY}`
  if (entry === undefined) return `${missing} does not exist)`
  if (entry.split('\n')[0] !== 'enabled') return `${missing} is disabled)`
  const flags = /^flags: (\S*)$/m.exec(entry)?.[1] ?? ''
  return flags.includes('F') ? undefined : `${missing} lacks the F flag)`
}

async function buildxAnswers(): Promise<boolean> {
  const result = await run(DOCKER, ['buildx', 'version'], {allowFailure: true, timeoutMs: 15_000})
  return result.code === 0
}

/** How a missing tool is named in messages. */
async function problem(tool: Tool): Promise<string | undefined> {
  switch (tool) {
    case 'docker-daemon':
      return (await dockerDaemonAnswers()) ? undefined : `docker daemon (not answering ${DOCKER})`
    case 'containerd-store-daemon':
      return (await containerdStoreAnswers())
        ? undefined
        : `docker daemon with the containerd image store (not answering on ${CONTAINERD_STORE_HOST})`
    case 'docker-buildx':
      return (await buildxAnswers()) ? undefined : `the buildx plugin (${DOCKER} buildx version fails)`
    case 'root':
      return process.getuid?.() === 0 ? undefined : 'root privileges'
    case 'binfmt-arm64':
      return binfmtArm64Problem()
    default:
      return (await onPath(tool)) ? undefined : tool
  }
}

/** Checked once per process: nested suites ask again and again while vitest collects them. */
const checked = new Map<Tool, Promise<string | undefined>>()

function checkOnce(tool: Tool): Promise<string | undefined> {
  let result = checked.get(tool)
  if (!result) checked.set(tool, (result = problem(tool)))
  return result
}

/** What of `tools` is not usable here, as readable names; empty when everything is present. */
export async function missingTools(tools: readonly Tool[]): Promise<string[]> {
  const problems = await Promise.all(tools.map(checkOnce))
  return problems.filter((p): p is string => p !== undefined)
}

export function missingMessage(missing: readonly string[]): string {
  return `missing ${missing.join(', ')}: run \`sudo bash ${SETUP_SCRIPT}\` to install and start them`
}

export type Describe = (title: string, fn: () => void) => void

/**
 * Registers the suite body `fn` in the current describe when nothing is missing. Otherwise `fn` never runs
 * (its hooks would try to start what is missing): under CI=true one test fails naming what is missing,
 * locally one test with that name is skipped.
 */
function registerBody(missing: readonly string[], fn: () => void): void {
  if (missing.length === 0) return fn()
  const message = missingMessage(missing)
  if (process.env.CI === 'true') {
    test(message, () => {
      throw new Error(message)
    })
  } else {
    test.skip(message, () => undefined)
  }
}

/**
 * For the top of a test file, with top-level await:
 * `const describeDocker = await requireTools('docker-daemon', 'skopeo')`, then `describeDocker(...)`.
 */
export async function requireTools(...tools: Tool[]): Promise<Describe> {
  const missing = await missingTools(tools)
  return (title, fn) => describe(title, () => registerBody(missing, fn))
}

/** The same without top-level await: vitest awaits an async describe body while collecting. */
export function describeWithTools(tools: readonly Tool[], title: string, fn: () => void): void {
  describe(title, async () => registerBody(await missingTools(tools), fn))
}
