import * as core from '../shell/actions-runner.js'
import {toMessage} from '../shared/errors.js'
import {carryOut} from './carry-out.js'
import {planRun} from './plan-run.js'
import {readRun} from './read.js'
import {logPlan, reportRun} from './report.js'

/** read → plan → execute → report; a dry run is plan + report. */
export async function runMain(): Promise<void> {
  const started = Date.now()
  try {
    const facts = await readRun()
    const plan = await planRun(facts)
    await logPlan(plan)
    const outcome = await carryOut(facts, plan)
    await reportRun(facts, plan, outcome, (Date.now() - started) / 1000)
  } catch (error: unknown) {
    core.setFailed(toMessage(error))
  }
}
