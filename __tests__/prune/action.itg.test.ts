/** The bundled action (dist/) pruning a real registry, run as the Actions runner runs it. */
import {mkdtemp} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'
import {startRegistry, type TestRegistry} from '../helpers/registry.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'
import {clientFor, pushImage, pushMultiArch} from './fixtures.js'

const describeAction = await requireTools('docker-registry', 'skopeo')

const closedPr = (number: number) => ({
  name: 'pull_request',
  ref: `refs/pull/${number}/merge`,
  sha: '0123456789abcdef0123456789abcdef01234567',
  payload: {
    action: 'closed',
    number,
    pull_request: {
      number,
      head: {ref: 'feature', repo: {full_name: 'octo-org/octo-repo'}},
      base: {ref: 'main', repo: {full_name: 'octo-org/octo-repo'}}
    }
  }
})

describeAction('the action prunes', () => {
  let registry: TestRegistry
  let noEngine: string
  beforeAll(async () => {
    registry = await startRegistry({auth: 'anonymous'})
    noEngine = await mkdtemp(path.join(os.tmpdir(), 'no-engine-'))
  })
  afterAll(async () => registry?.stop())

  test('on a closed pull request: only prune, no engine; its tags and cache go, the rest stays', async () => {
    const client = clientFor(registry)
    await pushMultiArch(client, 'app', 'pr-5', 'pr5')
    await pushImage(client, 'app', 'pr-5-debug', 'pr5-debug')
    await pushImage(client, 'app', 'buildcache-pr-5', 'pr5-cache')
    await pushImage(client, 'app', 'pr-50', 'pr50')
    await pushImage(client, 'app', '1.0.0', 'release')
    const run = await runAction({
      event: closedPr(5),
      inputs: {images: `${registry.host}/app`, prune: 'type=pr-closed'},
      env: {PATH: noEngine}
    })
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain('Build: skipped')
    expect(await skopeoListTags(registry, 'app')).toEqual(['1.0.0', 'pr-50'])
    const pruned = JSON.parse(run.outputs.pruned ?? '') as {
      repositories: {deleted: {tags: string[]; status: string}[]; kept: number}[]
    }
    const deleted = pruned.repositories[0]?.deleted ?? []
    expect(deleted.flatMap(d => d.tags).sort()).toEqual(['buildcache-pr-5', 'pr-5', 'pr-5-debug'])
    expect(deleted.every(d => d.status === 'done')).toBe(true)
    expect(deleted).toHaveLength(6) // the index, its three children, two images
    expect(run.summary).toContain('### Prune')
    expect(run.summary).toMatch(
      /\| `pr-5` \| `sha256:[0-9a-f]{12}…` \| deleted \| pull request #5 was closed/
    )
    expect(run.summary).toMatch(/\| `1\.0\.0` \| .* \| kept \| semver release/)
  })

  test('a dry run prints the whole plan and deletes nothing', async () => {
    const client = clientFor(registry)
    await pushImage(client, 'dry', 'sha-1', 'one', {
      created: new Date(Date.now() - 90 * 86_400_000).toISOString()
    })
    await pushImage(client, 'dry', 'sha-2', 'two')
    const run = await runAction({
      event: {name: 'push', ref: 'refs/heads/main'},
      inputs: {
        images: `${registry.host}/dry`,
        prune: 'type=tags,match=sha-.*,older-than=30d',
        'dry-run': 'true'
      },
      env: {PATH: noEngine}
    })
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      /delete sha-1 \(sha256:[0-9a-f]{64}\): older than 30d \(.* per config created\)/
    )
    expect(run.stdout).toMatch(/keep {3}sha-2 .*younger than 30d/)
    expect(run.summary).toContain('would be deleted')
    expect(JSON.parse(run.outputs.pruned ?? '')).toMatchObject({'dry-run': true})
    expect(await skopeoListTags(registry, 'dry')).toEqual(['sha-1', 'sha-2'])
  })

  test('after pushing in the same step, the tags just pushed are protected', async () => {
    const client = clientFor(registry)
    await pushImage(client, 'same', 'src', 'source')
    await pushImage(client, 'same', 'main-old', 'old')
    const run = await runAction({
      event: {name: 'push', ref: 'refs/heads/main', sha: 'fedcba9876543210fedcba9876543210fedcba98'},
      inputs: {
        images: `${registry.host}/same`,
        tags: 'type=raw,value=main-new',
        'promote-from': `${registry.host}/same:src`,
        // Would take main-new too, were it not just pushed.
        prune: 'type=tags,match=main-.*'
      },
      env: {PATH: noEngine}
    })
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(/keep {3}main-new .*pushed by this run/)
    expect(await skopeoListTags(registry, 'same')).toEqual(['main-new', 'src'])
  })

  test("type=cache prunes old cache, buildah's layer cache repository too, and keeps the default branch's", async () => {
    const client = clientFor(registry)
    const old = {created: new Date(Date.now() - 30 * 86_400_000).toISOString()}
    // buildah --cache-to pushes one image per step, tagged with the step's cache key.
    await pushImage(client, 'lc-buildcache', 'a'.repeat(64), 'step-old-1', old)
    await pushImage(client, 'lc-buildcache', 'b'.repeat(64), 'step-old-2', old)
    await pushImage(client, 'lc-buildcache', 'c'.repeat(64), 'step-fresh')
    await pushImage(client, 'lc', 'buildcache-main', 'cache-main', old)
    await pushImage(client, 'lc', 'buildcache-topic', 'cache-topic', old)
    await pushImage(client, 'lc', 'sha-1', 'image', old)
    const repository = {
      name: 'lc',
      full_name: 'o/lc',
      html_url: 'https://github.com/o/lc',
      default_branch: 'main',
      license: null,
      description: null
    }
    const run = await runAction({
      event: {
        name: 'push',
        ref: 'refs/heads/topic',
        sha: 'fedcba9876543210fedcba9876543210fedcba98',
        payload: {repository}
      },
      inputs: {images: `${registry.host}/lc`, prune: 'type=cache'},
      env: {PATH: noEngine}
    })
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    expect(await skopeoListTags(registry, 'lc-buildcache')).toEqual(['c'.repeat(64)])
    // The default branch's cache is what every pull request and new branch reads: kept, however old.
    expect(await skopeoListTags(registry, 'lc')).toEqual(['buildcache-main', 'sha-1'])
    expect(run.stdout).toMatch(/keep +buildcache-main .*the default branch's cache/)
  })

  test('a bad rule fails before anything is read, naming input, line and attribute', async () => {
    const run = await runAction({
      event: {name: 'push', ref: 'refs/heads/main'},
      inputs: {images: `${registry.host}/app`, prune: 'type=pr-closed\ntype=tags,older=3d'},
      env: {PATH: noEngine}
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `::error::input 'prune': line 2 "type=tags,older=3d": attribute 'older' is not known for type=tags`
    )
  })
})
