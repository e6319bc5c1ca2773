/** action.yml's inputs, in order, as the CLI's flags and `--help` show them; YAML loaded only here. */
import type {ActionInput} from './args.js'

export async function parseActionInputs(text: string): Promise<ActionInput[]> {
  const {parse} = await import('yaml')
  const yml = parse(text) as {inputs?: Record<string, {description?: string; default?: unknown}>}
  return Object.entries(yml.inputs ?? {}).map(([name, spec]) => ({
    name,
    description: spec.description ?? '',
    default: spec.default === undefined ? '' : String(spec.default)
  }))
}
