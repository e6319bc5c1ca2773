/** Every output a run sets is declared in action.yml (the one source of input and output names). */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {expect, test} from 'vitest'
import {parse} from 'yaml'
import {ACTION_DIR, prepareExample, runAction} from '../helpers/action-runner.js'

test('a dry run with every kind of output sets only outputs action.yml declares', async () => {
  const yml = parse(await readFile(path.join(ACTION_DIR, 'action.yml'), 'utf8')) as {
    outputs: Record<string, unknown>
  }
  const run = await runAction({
    prepare: prepareExample,
    inputs: {images: 'ghcr.io/o/app', tags: 'type=raw,value=1', context: 'app', 'dry-run': 'true'},
    post: false
  })
  expect(run.exitCode, run.stdout).toBe(0)
  const set = Object.keys(run.outputs)
  expect(set.length).toBeGreaterThan(5)
  expect(set.filter(name => !(name in yml.outputs))).toEqual([])
})
