/** Shared by the cache integration tests and the cache benchmark: fixture workspaces, engine wipes, summaries. */
import {cp, mkdir, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {ACTION_DIR} from '../helpers/action-runner.js'
import type {EventSpec} from '../helpers/action-runner.js'
import type {DockerClient} from '../helpers/require-tool.js'
import {run, tempDir} from '../helpers/require-tool.js'

export const STAGE_LABEL = 'io.github.image-action.cache-stage'

/** Copies a fixture app into `workspace/app`, then overwrites the given files (name → content). */
export function fixtureWorkspace(fixture: string, files: Readonly<Record<string, string>> = {}) {
  return async (workspace: string): Promise<void> => {
    const app = path.join(workspace, 'app')
    await cp(path.join(ACTION_DIR, '__tests__/fixtures', fixture), app, {recursive: true})
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(app, name), content)
  }
}

const REPOSITORY = {
  name: 'octo-repo',
  full_name: 'octo-org/octo-repo',
  html_url: 'https://github.com/octo-org/octo-repo',
  default_branch: 'main'
}

export const PUSH_MAIN: EventSpec = {name: 'push', ref: 'refs/heads/main', payload: {repository: REPOSITORY}}

export function pullRequest(number: number, headRepo = REPOSITORY.full_name): EventSpec {
  return {
    name: 'pull_request',
    ref: `refs/pull/${number}/merge`,
    payload: {
      number,
      repository: REPOSITORY,
      pull_request: {
        number,
        head: {ref: 'feature', sha: 'f'.repeat(40), repo: {full_name: headRepo}},
        base: {ref: 'main', repo: {full_name: REPOSITORY.full_name}}
      }
    }
  }
}

export interface StageRow {
  readonly stage: string
  readonly steps: number
  readonly cached: number
  readonly ran: number
}

/** The job summary's per-stage cache table, keyed by stage. */
export function stageRows(summary: string): Record<string, StageRow> {
  const rows: Record<string, StageRow> = {}
  for (const match of summary.matchAll(/^\| `([^`]+)` \| (\d+) \| (\d+) \| (\d+) \| [^|]+ \|$/gm)) {
    const [, stage = '', steps, cached, ran] = match
    rows[stage] = {stage, steps: Number(steps), cached: Number(cached), ran: Number(ran)}
  }
  return rows
}

/** Cache refs the summary says were written (and succeeded). */
export function writtenRefs(summary: string): string[] {
  return [...summary.matchAll(/^\| `([^`]+)` \| yes \| [^|]* \| [\d.]+ s \|$/gm)].map(m => m[1] ?? '')
}

/**
 * Empties the docker engine of everything a test built: images under `host` (tags, cache tags, and the
 * stage images this action labels with their cache ref), the given image IDs, and BuildKit's cache.
 */
export async function wipeDocker(
  docker: DockerClient,
  host: string,
  imageIds: readonly string[]
): Promise<void> {
  const listed = await docker.run(['image', 'ls', '--format', '{{.ID}} {{.Repository}}'])
  const tagged = listed.stdout
    .split('\n')
    .filter(line => line.split(' ')[1]?.startsWith(`${host}/`))
    .map(line => line.split(' ')[0] as string)
  const labelled = (
    await docker.run(['image', 'ls', '-q', '--no-trunc', '--filter', `label=${STAGE_LABEL}`])
  ).stdout
    .split('\n')
    .filter(Boolean)
  const ours: string[] = []
  for (const id of labelled) {
    const label = await docker.run(
      ['image', 'inspect', '--format', `{{index .Config.Labels "${STAGE_LABEL}"}}`, id],
      {
        allowFailure: true
      }
    )
    if (label.stdout.trim().startsWith(`${host}/`)) ours.push(id)
  }
  const ids = [...new Set([...tagged, ...ours, ...imageIds.filter(Boolean)])]
  if (ids.length > 0) await docker.run(['image', 'rm', '--force', ...ids], {allowFailure: true})
  await docker.run(['builder', 'prune', '--all', '--force'])
}

/** A buildah storage of its own, which a test can wipe by deleting it. */
export interface BuildahStorage {
  readonly env: Record<string, string>
  wipe(): Promise<void>
  dispose(): Promise<void>
}

/** vfs by default: slow for big layers, but needs no kernel support; `driver` overlay is what CI runners use. */
export async function privateBuildahStorage(driver = 'vfs'): Promise<BuildahStorage> {
  const dir = await tempDir('buildah-storage')
  const graphroot = path.join(dir, 'root')
  const runroot = path.join(dir, 'run')
  const conf = path.join(dir, 'storage.conf')
  await writeFile(
    conf,
    `[storage]\ndriver = "${driver}"\ngraphroot = "${graphroot}"\nrunroot = "${runroot}"\n`
  )
  const wipe = async () => {
    // overlay leaves mounts behind in the storage; buildah itself takes them down.
    if (driver !== 'vfs')
      await run('buildah', ['rm', '--all'], {env: {CONTAINERS_STORAGE_CONF: conf}, allowFailure: true})
    if (driver !== 'vfs')
      await run('buildah', ['rmi', '--all', '--force'], {
        env: {CONTAINERS_STORAGE_CONF: conf},
        allowFailure: true
      })
    await rm(graphroot, {recursive: true, force: true})
    await rm(runroot, {recursive: true, force: true})
    await mkdir(graphroot, {recursive: true})
  }
  return {
    env: {CONTAINERS_STORAGE_CONF: conf, BUILDAH_ISOLATION: 'chroot'},
    wipe,
    dispose: () => rm(dir, {recursive: true, force: true})
  }
}

/** `step images pulled N, pushed M` from the summary (buildah). */
export function stepImages(summary: string): {pulled: number; pushed: number} | undefined {
  const match = /step images pulled (\d+), pushed (\d+)/.exec(summary)
  return match ? {pulled: Number(match[1]), pushed: Number(match[2])} : undefined
}
