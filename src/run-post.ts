import {rm} from 'node:fs/promises'
import * as core from '@actions/core'
import {toMessage} from './errors.js'
import {StateKey} from './state.js'

/** Undoes what main set up; warns, never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const temp = core.getState(StateKey.tempDir)
    if (temp) {
      await rm(temp, {recursive: true, force: true})
      core.info(`Removed ${temp}`)
    }
  } catch (error: unknown) {
    core.warning(`cleanup: ${toMessage(error)}`)
  }
}
