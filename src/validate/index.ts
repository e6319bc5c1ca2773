/**
 * Everything the inputs can be checked for before anything runs, called while planning so a dry run refuses
 * what the real run would: the pure checks of the inputs as given (names, tag rules on every event,
 * labels, combinations), then the files the build reads and writes, from facts read here.
 */
import {inputLineNumbers} from '../inputs/inputs.js'
import type {Inputs} from '../inputs/inputs.js'
import {checkCombinations} from './combinations.js'
import {readFacts} from './facts.js'
import {checkFiles, fileProbes, planFileChecks} from './files.js'
import {checkKeyValues} from './key-values.js'
import {checkCacheLines, checkCacheRef, checkImages, checkPromoteFrom, checkRegistry} from './names.js'
import {checkTagInputs} from './tag-rules.js'

/**
 * The pure checks of the inputs as the workflow gives them (`read`: an input's raw text, for line numbers);
 * returns warnings, throws an InputError.
 */
export function checkInputs(inputs: Inputs, workspace: string, read: (name: string) => string): string[] {
  checkImages(inputs.images)
  const warnings = checkTagInputs(inputs)
  checkKeyValues('labels', inputs.labels)
  checkKeyValues('annotations', inputs.annotations)
  checkRegistry(inputs.registry)
  checkCacheRef(inputs['cache-ref'])
  for (const name of ['cache-from', 'cache-to'] as const) {
    checkCacheLines(name, inputs[name], inputLineNumbers(read(name)))
  }
  checkPromoteFrom(inputs['promote-from'])
  checkCombinations(inputs, workspace)
  return warnings
}

export interface RunToValidate {
  /** The inputs as the workflow gives them: what goes together is judged on these, whatever the event. */
  readonly given: Inputs
  /** What this run does with them (a read-only run drops push, promote-from…): its files are judged. */
  readonly effective: Inputs
  /** An input's raw text, for line numbers. */
  readonly read: (name: string) => string
  readonly workspace: string
  readonly warn: (message: string) => void
}

/** Refuses, with the input named, anything that would fail later; warns about tags sanitizing changed. */
export async function validateRun(run: RunToValidate): Promise<void> {
  const warnings = checkInputs(run.given, run.workspace, run.read)
  const files = planFileChecks(run.effective, run.workspace, run.read)
  if (files) checkFiles(files, await readFacts(fileProbes(files)))
  for (const warning of warnings) run.warn(warning)
}
