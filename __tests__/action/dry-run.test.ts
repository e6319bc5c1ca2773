import {mkdtemp} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'

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
    env: {PATH: emptyPath}
  })
  expect(run.exitCode, run.stdout + run.stderr).toBe(0)
  expect(run.outputs.tags).toBe('ghcr.io/octo-org/app:main\nghcr.io/octo-org/app:sha-f00dfee')
  expect(run.outputs.version).toBe('main')
  expect(run.outputs.digest).toBe('')
  expect(run.summary).toContain('dry run')
  expect(run.stdout).toContain('dry run: nothing is built, pushed or deleted')
  expect(run.state).toEqual({})
  expect(run.post?.exitCode).toBe(0)
})

test('bad input fails the step with a message naming the input', async () => {
  const run = await runAction({inputs: {push: 'maybe', 'dry-run': 'true'}})
  expect(run.exitCode).toBe(1)
  expect(run.stdout).toContain("::error::input 'push': 'maybe' is not a boolean")
  expect(run.post?.exitCode).toBe(0)
})
