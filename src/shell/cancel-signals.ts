import * as core from './actions-runner.js'
import {cancel, isCancelled} from './cancel.js'
import {allProgramsEnded, runningPrograms} from './exec.js'
import {StateKey} from '../shared/state.js'
import {killAll, type ProgramRecord} from './programs.js'

/**
 * After the first signal the programs get SIGINT, SIGTERM 2 s later and SIGKILL 2 s after that (exec.ts); the
 * step exits by this time at the latest, before the runner's SIGTERM at 7.5 s and its kill of the tree at 10 s.
 */
const EXIT_BY_MS = 6_000

/** Hands the programs still running to post, which stops them before it removes the credentials they use. */
function handOver(programs: readonly ProgramRecord[]): void {
  if (programs.length > 0) core.saveState(StateKey.programs, JSON.stringify(programs))
}

/**
 * Turns the runner's SIGINT or SIGTERM into the run's cancellation (cancel.ts) and makes sure the step ends in
 * time without leaving a program running: `settle()` after the run waits for the programs it stopped; if the
 * run is not done by EXIT_BY_MS (or a second signal comes) they are killed and the step exits at once.
 */
export function listenForCancel(): {settle(): Promise<void>} {
  let deadline = 0
  const hardStop = (): void => {
    const left = runningPrograms()
    killAll(left)
    handOver(left)
    core.setFailed('cancelled: stopped before the run finished (see the lines above for what was done)')
    process.exit(1)
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    if (isCancelled()) {
      hardStop()
      return
    }
    core.warning(`Cancelled (${signal}): stopping the engine and registry work; nothing new starts`)
    cancel(signal)
    deadline = Date.now() + EXIT_BY_MS
    setTimeout(hardStop, EXIT_BY_MS).unref()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    async settle() {
      if (isCancelled() && !(await allProgramsEnded(Math.max(0, deadline - Date.now())))) {
        const left = runningPrograms()
        killAll(left)
        handOver(left)
      }
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
