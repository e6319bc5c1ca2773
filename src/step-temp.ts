import {mkdtemp} from 'node:fs/promises'
import path from 'node:path'
import * as core from '@actions/core'
import {StateKey} from './state.js'

/** The step's private dir under RUNNER_TEMP (credentials, secrets, bake files); post removes it. */
export async function createStepTemp(runnerTemp: string): Promise<string> {
  const temp = await mkdtemp(path.join(runnerTemp, 'image-action-'))
  core.saveState(StateKey.tempDir, temp)
  return temp
}
