import path from 'node:path'
import {InputError, toMessage} from '../shared/errors.js'
import {isValidTag, parseReference} from '../registry/reference.js'
import type {Inputs} from '../inputs/inputs.js'
import type {Meta} from '../tags/index.js'
import {parseList} from '../tags/list.js'
import type {CachePlan} from '../cache/policy.js'
import {parseAllSecrets} from '../build/secrets.js'
import {checkCall, planBuildOptions, reuseBlocker} from '../build/build-options.js'
import type {BuildOptions} from '../build/build-option-types.js'
import type {SecretSpec} from '../build/secrets.js'
import {planReuse} from '../reuse/policy.js'
import type {ReusePlan} from '../reuse/policy.js'

/** The build half of the plan: what the engine is asked to do, with paths resolved. */
export interface BuildPlan {
  readonly context: string
  readonly file: string
  readonly target?: string
  readonly buildArgs: readonly string[]
  readonly labels: readonly string[]
  /** `level:key=value` lines (metadata-action's `annotations` output); each engine writes what it can. */
  readonly annotations: readonly string[]
  readonly tags: readonly string[]
  readonly push: boolean
  readonly load: boolean
  /** Copy this existing image to the tags instead of building. */
  readonly promoteFrom?: string
  /** Layer cache refs to read and write (src/cache/policy.ts); absent: none. */
  readonly cache?: CachePlan
  /** Where relative paths of inputs (secret files, output destinations) start. */
  readonly workspace: string
  /** Values included: never render these, only their ids. */
  readonly secrets: readonly SecretSpec[]
  readonly platforms: readonly string[]
  readonly outputs: readonly string[]
  readonly noCache: boolean
  readonly pull: boolean
  /** The user's own `labels` lines (part of the content hash; the computed ones are not). */
  readonly userLabels: readonly string[]
  /** The user's own `annotations` lines, likewise. */
  readonly userAnnotations: readonly string[]
  /** Whether an image built from identical inputs may be retagged instead (src/reuse/). */
  readonly reuse: ReusePlan
  /** build-push-action's other build options; build-options.ts turns them into the engine's flags. */
  readonly options: BuildOptions
}

/** Pure: inputs and computed metadata in, the build request out; refuses what cannot work. */
export function planBuild(inputs: Inputs, meta: Meta, workspace: string, promoteFrom?: string): BuildPlan {
  const context = path.resolve(workspace, inputs.context)
  const file = inputs.file ? path.resolve(workspace, inputs.file) : path.join(context, 'Dockerfile')
  if (promoteFrom !== undefined) {
    try {
      parseReference(promoteFrom)
    } catch (error: unknown) {
      throw new InputError(
        'promote-from',
        `${toMessage(error)}; write an image reference such as ghcr.io/o/app:sha-{{sha}}`
      )
    }
  }
  // A promotion writes to the registries as a push does.
  const push = inputs.push || promoteFrom !== undefined
  const why = promoteFrom !== undefined ? 'promote-from is set' : 'push is true'
  if (push && meta.images.length === 0) {
    throw new InputError('images', `${why} but no image is named; add a line such as ghcr.io/owner/app`)
  }
  if (push && meta.tags.length === 0) {
    throw new InputError(
      'tags',
      `${why} but no tag rule produced a tag for this event; add a rule that fires here (e.g. type=sha)`
    )
  }
  // An expression empty on this event (`{{branch}}` on a tag push) can leave a tag no registry takes.
  for (const name of meta.images.length > 0 ? meta.tagNames : []) {
    if (!isValidTag(name)) {
      throw new InputError(
        'tags',
        `on this event the rules give the tag '${name}', which is no tag (a tag starts with a letter, digit ` +
          `or '_'); an expression such as {{branch}} or {{tag}} is empty on some events: limit that rule ` +
          `with enable= (e.g. enable={{is_default_branch}}) or put the expression after a constant part`
      )
    }
  }
  const options = planBuildOptions(inputs, workspace)
  if (promoteFrom === undefined) checkCall(options.call, inputs)
  return {
    context,
    file,
    target: inputs.target || undefined,
    buildArgs: inputs['build-args'],
    labels: meta.labels,
    annotations: meta.annotationsWithLevels,
    // Without images the tags are bare names: nothing to tag a local build with.
    tags: meta.images.length > 0 ? meta.tags : [],
    push,
    load: inputs.load,
    ...(promoteFrom !== undefined ? {promoteFrom} : {}),
    workspace,
    secrets: parseAllSecrets(
      {secrets: inputs.secrets, secretEnvs: inputs['secret-envs'], secretFiles: inputs['secret-files']},
      workspace
    ),
    platforms: inputs.platforms,
    outputs: inputs.outputs,
    noCache: inputs['no-cache'],
    pull: inputs.pull,
    // Read as the tags/ module reads them for the image (metadata-action's list syntax): one way only.
    userLabels: parseList(inputs.labels, 'labels'),
    userAnnotations: parseList(inputs.annotations, 'annotations'),
    reuse: planReuse({
      reuse: inputs.reuse,
      push,
      noCache: inputs['no-cache'],
      load: inputs.load,
      outputs: inputs.outputs,
      tags: meta.images.length > 0 ? meta.tags : [],
      blocker: reuseBlocker(options)
    }),
    options
  }
}
