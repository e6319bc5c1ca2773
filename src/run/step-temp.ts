import {mkdir, mkdtemp} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import {StateKey} from '../shared/state.js'

/** The step's private dir under RUNNER_TEMP (credentials, secrets, bake files); post removes it. */
export async function createStepTemp(runnerTemp: string): Promise<string> {
  // GitHub's runner creates RUNNER_TEMP; other CI systems and a terminal may name one that is not there yet.
  await mkdir(runnerTemp, {recursive: true, mode: 0o700})
  const temp = await mkdtemp(path.join(runnerTemp, 'image-action-'))
  core.saveState(StateKey.tempDir, temp)
  return temp
}
