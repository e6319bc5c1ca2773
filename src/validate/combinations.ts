/**
 * Inputs that cannot go together, refused while planning (pure): build settings beside `promote-from`
 * (which copies an image as it is), `build: false` beside what only a build or promotion does, and what
 * an engine named by `engine: docker` or `engine: buildah` cannot do (the same checks the build runs
 * once it has its engine; `auto` and `buildx` are judged there, when the builder is known).
 */
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import type {Inputs} from '../inputs/inputs.js'
import {buildOptionArgs, planBuildOptions} from '../build/build-options.js'
import {planOutputs} from '../build/outputs.js'
import {platformArgs} from '../build/platforms.js'
import {wantsBuild} from '../plan/wants-build.js'
import {parsePruneRules} from '../prune/plan/rules.js'

/** Inputs that only a build reads, in the order they are reported. */
const BUILD_SETTINGS = [
  'context',
  'file',
  'target',
  'build-args',
  'platforms',
  'secrets',
  'secret-envs',
  'secret-files',
  'outputs',
  'load',
  'no-cache',
  'pull',
  'cache-from',
  'cache-to',
  'build-contexts',
  'add-hosts',
  'allow',
  'attests',
  'call',
  'cgroup-parent',
  'network',
  'no-cache-filters',
  'provenance',
  'sbom',
  'shm-size',
  'ssh',
  'ulimit',
  'builder',
  'driver-opts',
  'buildkitd-config',
  'buildkitd-config-inline',
  'buildkitd-flags'
] as const satisfies readonly (keyof Inputs)[]

/** Whether the workflow set an input away from its default. */
function isSet(inputs: Inputs, name: (typeof BUILD_SETTINGS)[number]): boolean {
  if (name === 'context') return path.resolve('/w', inputs.context) !== '/w'
  const value: unknown = inputs[name]
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'string') return value !== ''
  if (typeof value === 'boolean') return value
  return value !== undefined
}

/** Whether the run builds an image (not a promotion, not prune alone, not `build: false`); dry runs too. */
export function buildsImage(inputs: Inputs): boolean {
  if (inputs['promote-from'] !== '') return false
  return wantsBuild(inputs.build, {
    prune: parsePruneRules(inputs.prune) !== undefined,
    push: inputs.push,
    load: inputs.load,
    outputs: inputs.outputs.length > 0,
    promote: false
  })
}

function checkPromotion(inputs: Inputs): void {
  if (inputs['promote-from'] === '') return
  const setting = BUILD_SETTINGS.find(name => isSet(inputs, name))
  if (setting) {
    throw new InputError(
      setting,
      `promote-from copies an existing image as it is, so ${setting} (a build setting) cannot apply; ` +
        `remove ${setting}, or remove promote-from to build`
    )
  }
}

function checkBuildFalse(inputs: Inputs): void {
  if (inputs.build !== 'false') return
  const asked = inputs['promote-from']
    ? 'promote-from'
    : inputs.push
      ? 'push: true'
      : inputs.load
        ? 'load: true'
        : inputs.outputs.length > 0
          ? 'outputs'
          : undefined
  if (asked) {
    throw new InputError(
      'build',
      `build: false runs no build and no promotion, so ${asked} would do nothing; remove build: false or ${asked}`
    )
  }
}

/** What `engine: docker` or `engine: buildah` cannot build, found before any engine runs. */
function checkNamedEngine(inputs: Inputs, workspace: string): void {
  const kind = inputs.engine
  if (kind !== 'docker' && kind !== 'buildah') return
  if (!buildsImage(inputs)) return
  const platforms = platformArgs(kind, inputs.platforms)
  if ('error' in platforms) throw new InputError('platforms', `${platforms.error} (engine: ${kind})`)
  planOutputs(inputs.outputs, kind, workspace)
  buildOptionArgs(
    planBuildOptions(inputs, workspace),
    {kind},
    {load: inputs.load, outputs: [], push: inputs.push}
  )
}

/** Refuses inputs that cannot go together, naming one of them and saying what to change. */
export function checkCombinations(inputs: Inputs, workspace: string): void {
  checkBuildFalse(inputs)
  checkPromotion(inputs)
  checkNamedEngine(inputs, workspace)
}
