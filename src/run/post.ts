import {rm} from 'node:fs/promises'
import * as core from '../shell/actions-runner.js'
import type {CreatedBuilder} from '../build/builder.js'
import type {ProgramRecord} from '../shell/programs.js'
import {toMessage} from '../shared/errors.js'
import {StateKey} from '../shared/state.js'

/**
 * Programs a cancelled main could not see end (it exits before the runner kills the step): stopped, and waited
 * for, before the credentials they read are removed.
 */
async function stopLeftPrograms(): Promise<void> {
  const saved = core.getState(StateKey.programs)
  if (!saved) return
  const {stopPrograms} = await import('../shell/programs.js')
  const stopped = await stopPrograms(JSON.parse(saved) as ProgramRecord[])
  if (stopped.length > 0) core.info(`Stopped what the cancelled run left: ${stopped.join(', ')}`)
}

/** Builders main created, removed before the temp dir that may hold their configuration. */
async function removeCreatedBuilders(): Promise<void> {
  const saved = core.getState(StateKey.builders)
  if (!saved) return
  const builders = JSON.parse(saved) as CreatedBuilder[]
  const [{removeBuilders}, {exec}] = await Promise.all([
    import('../build/builder.js'),
    import('../shell/exec.js')
  ])
  await removeBuilders(builders, exec, process.env as Record<string, string>)
  core.info(`Removed builder${builders.length > 1 ? 's' : ''} ${builders.map(b => b.name).join(', ')}`)
}

/** Undoes what main set up; warns, never fails the job. */
export async function runPost(): Promise<void> {
  try {
    await stopLeftPrograms()
  } catch (error: unknown) {
    core.warning(`cleanup: ${toMessage(error)}`)
  }
  try {
    await removeCreatedBuilders()
  } catch (error: unknown) {
    core.warning(`cleanup: ${toMessage(error)}`)
  }
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
