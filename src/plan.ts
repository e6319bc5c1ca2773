import path from 'node:path'
import {InputError} from './errors.js'
import type {Inputs} from './inputs.js'
import type {Meta} from './tags/index.js'

/** The build half of the plan: what the engine is asked to do, with paths resolved. */
export interface BuildPlan {
  readonly context: string
  readonly file: string
  readonly target?: string
  readonly buildArgs: readonly string[]
  readonly labels: readonly string[]
  readonly tags: readonly string[]
  readonly push: boolean
  readonly load: boolean
}

/** Pure: inputs and computed metadata in, the build request out; refuses what cannot work. */
export function planBuild(inputs: Inputs, meta: Meta, workspace: string): BuildPlan {
  const context = path.resolve(workspace, inputs.context)
  const file = inputs.file ? path.resolve(workspace, inputs.file) : path.join(context, 'Dockerfile')
  if (inputs.push && meta.images.length === 0) {
    throw new InputError('images', 'push is true but no image is named; add a line such as ghcr.io/owner/app')
  }
  if (inputs.push && meta.tags.length === 0) {
    throw new InputError(
      'tags',
      'push is true but no tag rule produced a tag for this event; add a rule that fires here (e.g. type=sha)'
    )
  }
  return {
    context,
    file,
    target: inputs.target || undefined,
    buildArgs: inputs['build-args'],
    labels: meta.labels,
    // Without images the tags are bare names: nothing to tag a local build with.
    tags: meta.images.length > 0 ? meta.tags : [],
    push: inputs.push,
    load: inputs.load
  }
}
