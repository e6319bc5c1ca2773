import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'

/** metadata-action's outputs: mirrored as DOCKER_METADATA_OUTPUT_* for later steps, as it does. */
const META_OUTPUTS = new Set([
  'version',
  'tags',
  'tag-names',
  'labels',
  'annotations',
  'json',
  'bake-file',
  'bake-file-tags',
  'bake-file-labels',
  'bake-file-annotations'
])

/** metadata-action's file names, so bake `files:` lists keep working unchanged. */
function bakeFileName(output: string): string {
  return `docker-metadata-action-${output.replace(/^bake-file-?/, 'bake-').replace(/-$/, '')}.json`
}

/** `name` → DOCKER_METADATA_OUTPUT_NAME, metadata-action's spelling. */
export function outputEnvName(name: string): string {
  return `DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`
}

/**
 * The one place outputs leave the action. Bake definitions are written as files and their paths are the
 * outputs, as metadata-action's are.
 */
export async function publishOutputs(
  outputs: Readonly<Record<string, string>>,
  options: {readonly dir: string; readonly exportEnv: boolean}
): Promise<void> {
  for (const [name, content] of Object.entries(outputs)) {
    let value = content
    if (name.startsWith('bake-file')) {
      value = path.join(options.dir, bakeFileName(name))
      await writeFile(value, content)
    }
    core.setOutput(name, value)
    if (options.exportEnv && META_OUTPUTS.has(name)) core.exportVariable(outputEnvName(name), value)
  }
}
