import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'

/** The checkout a build needs: a dry run checks it as the real run would. */
const withDockerfile = (workspace: string) => writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')

test('dry-run with no engine on PATH exits 0, sets tags and touches nothing', async () => {
  const emptyPath = await mkdtemp(path.join(os.tmpdir(), 'no-engine-'))
  const run = await runAction({
    inputs: {
      images: 'ghcr.io/octo-org/app',
      tags: 'type=ref,event=branch\ntype=sha',
      push: 'true',
      'dry-run': 'true'
    },
    event: {name: 'push', ref: 'refs/heads/main', sha: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'},
    env: {PATH: emptyPath},
    prepare: withDockerfile
  })
  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
  expect(run.outputs.tags).toBe('ghcr.io/octo-org/app:main\nghcr.io/octo-org/app:sha-f00dfee')
  expect(run.outputs.version).toBe('main')
  expect(run.outputs.digest).toBe('')
  expect(run.summary).toContain('dry run')
  expect(run.stdout).toContain('dry run: nothing is built, pushed or deleted')
  expect(Object.keys(run.state)).toEqual(['temp-dir'])
  expect(run.post?.exitCode).toBe(0)
})

test('outputs are mirrored as DOCKER_METADATA_OUTPUT_* and bake definitions are files, as metadata-action does', async () => {
  const run = await runAction({
    inputs: {images: 'ghcr.io/octo-org/app', tags: 'type=semver,pattern={{version}}', 'dry-run': 'true'},
    event: {name: 'push', ref: 'refs/tags/v1.2.3'},
    post: false,
    prepare: withDockerfile
  })
  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
  expect(run.exportedEnv.DOCKER_METADATA_OUTPUT_VERSION).toBe('1.2.3')
  expect(run.exportedEnv.DOCKER_METADATA_OUTPUT_TAGS).toBe(
    'ghcr.io/octo-org/app:1.2.3\nghcr.io/octo-org/app:latest'
  )
  expect(run.exportedEnv.DOCKER_METADATA_OUTPUT_TAG_NAMES).toBe('1.2.3\nlatest')
  const bake = run.outputs['bake-file-tags'] ?? ''
  expect(bake).toMatch(/docker-metadata-action-bake-tags\.json$/)
  expect(run.exportedEnv.DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS).toBe(bake)
  expect(JSON.parse(await readFile(bake, 'utf8'))).toEqual({
    target: {
      'docker-metadata-action': {
        tags: ['ghcr.io/octo-org/app:1.2.3', 'ghcr.io/octo-org/app:latest'],
        args: {DOCKER_META_IMAGES: 'ghcr.io/octo-org/app', DOCKER_META_VERSION: '1.2.3'}
      }
    }
  })
})

test('DOCKER_METADATA_SET_OUTPUT_ENV=false keeps the environment clean', async () => {
  const run = await runAction({
    // Tags only, as metadata-action: no build, so no Dockerfile is needed.
    inputs: {images: 'ghcr.io/octo-org/app', 'dry-run': 'true', build: 'false'},
    env: {DOCKER_METADATA_SET_OUTPUT_ENV: 'false'}
  })
  expect(run.exitCode).toBe(0)
  expect(run.exportedEnv).toEqual({})
})

test('bad input fails the step with a message naming the input', async () => {
  const run = await runAction({inputs: {push: 'maybe', 'dry-run': 'true'}})
  expect(run.exitCode).toBe(1)
  expect(run.stdout).toContain("::error::input 'push': 'maybe' is not a boolean")
  expect(run.post?.exitCode).toBe(0)
})

test('a dry run refuses what the real run would: a missing Dockerfile fails naming the input', async () => {
  const run = await runAction({inputs: {images: 'ghcr.io/octo-org/app', push: 'true', 'dry-run': 'true'}})
  expect(run.exitCode).toBe(1)
  expect(run.stdout).toMatch(/^::error::input 'file': there is no Dockerfile in the context: 'Dockerfile' /m)
  expect(run.post?.exitCode).toBe(0)
  expect(await readdir(run.runnerTemp)).toEqual([])
})
