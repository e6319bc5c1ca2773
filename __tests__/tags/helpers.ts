import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {
  computeMeta,
  metaOptionsFromEnv,
  metaOutputs,
  parseMetaInputs,
  refContextFromEnv,
  type Meta,
  type MetaInputs,
  type RefContext,
  type RepoInfo
} from '../../src/tags/index.js'

const EVENTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'events')

/** The instant every test runs at (metadata-action's tests freeze the clock at the same one). */
export const NOW = new Date('2020-01-10T00:30:00.000Z')

/** What GET /repos/{owner}/{repo} returned in metadata-action's fixtures (octocat/Hello-World). */
export const REPO: RepoInfo = {
  name: 'Hello-World',
  description: 'This your first repo!',
  htmlUrl: 'https://github.com/octocat/Hello-World',
  license: 'MIT',
  defaultBranch: 'master'
}

export const SHA_DEV = '860c1904a1ce19322e91ac35af1ab07466440c37'
export const SHA_MASTER = '266574110acf203503badf966df2ea24b5d732d7'
export const SHA_PR = 'a9c8c5828b91be19d9728548b24759e352367ef1'
export const SHA_PR_HEAD = '3370e228f2209994d57af4427fe64e71bb79ac96'

/** A runner environment from __tests__/fixtures/events/<name>.env (KEY=VALUE lines). */
export function fixtureEnv(name: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of readFileSync(join(EVENTS, `${name}.env`), 'utf8').split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1)
  }
  return env
}

/** The event payload from __tests__/fixtures/events/<name>.json ({} when the event has none). */
export function fixturePayload(name: string): Record<string, unknown> {
  const file = join(EVENTS, `${name}.json`)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {}
}

export function fixtureContext(name: string, extraEnv: Record<string, string> = {}): RefContext {
  return refContextFromEnv({...fixtureEnv(name), ...extraEnv}, fixturePayload(name))
}

export interface Case {
  images?: string
  tags?: string
  flavor?: string
  labels?: string
  annotations?: string
  'sep-tags'?: string
  'sep-labels'?: string
  'sep-annotations'?: string
  'bake-target'?: string
}

export function inputs(c: Case): MetaInputs {
  return {
    images: c.images ?? '',
    tags: c.tags ?? '',
    flavor: c.flavor ?? '',
    labels: c.labels ?? '',
    annotations: c.annotations ?? '',
    'sep-tags': c['sep-tags'] ?? '',
    'sep-labels': c['sep-labels'] ?? '',
    'sep-annotations': c['sep-annotations'] ?? '',
    ...(c['bake-target'] === undefined ? {} : {'bake-target': c['bake-target']})
  }
}

/** Run the whole pipeline on an event fixture, as the action does. */
export function run(
  event: string,
  c: Case,
  extraEnv: Record<string, string> = {},
  repo: RepoInfo = REPO
): Meta {
  const env = {...fixtureEnv(event), ...extraEnv}
  const ctx = refContextFromEnv(env, fixturePayload(event))
  return computeMeta(parseMetaInputs(inputs(c)), ctx, repo, metaOptionsFromEnv(env, NOW))
}

export function outputs(
  event: string,
  c: Case,
  extraEnv: Record<string, string> = {}
): Record<string, string> {
  return metaOutputs(run(event, c, extraEnv), inputs(c))
}

/** The default OCI labels for a version and revision, in metadata-action's (sorted) order. */
export function defaultLabels(version: string, revision: string): string[] {
  return [
    'org.opencontainers.image.created=2020-01-10T00:30:00.000Z',
    'org.opencontainers.image.description=This your first repo!',
    'org.opencontainers.image.licenses=MIT',
    `org.opencontainers.image.revision=${revision}`,
    'org.opencontainers.image.source=https://github.com/octocat/Hello-World',
    'org.opencontainers.image.title=Hello-World',
    'org.opencontainers.image.url=https://github.com/octocat/Hello-World',
    `org.opencontainers.image.version=${version}`
  ]
}

/** [main, partials…, latest] as a compact expectation. */
export interface Expected {
  main?: string
  partial?: string[]
  latest?: boolean
  tags: string[]
}

export function versionOf(meta: Meta): Expected {
  return {
    main: meta.version.main,
    partial: meta.version.partial,
    latest: meta.version.latest,
    tags: meta.tags
  }
}

export function expected(e: Expected): Expected {
  return {main: e.main, partial: e.partial ?? [], latest: e.latest ?? false, tags: e.tags}
}

/** Run with a hand-made context (for refs no fixture has). */
export function runCtx(
  ctx: Partial<RefContext>,
  c: Case,
  opts: {env?: Record<string, string>; repo?: RepoInfo} = {}
): Meta {
  const full: RefContext = {eventName: 'push', ref: 'refs/heads/main', sha: SHA_DEV, payload: {}, ...ctx}
  return computeMeta(
    parseMetaInputs(inputs(c)),
    full,
    opts.repo ?? REPO,
    metaOptionsFromEnv(opts.env ?? {}, NOW)
  )
}
