// Build step: action.yml's inputs as JSON beside the bundled CLI (dist/cli/action-inputs.json), so that the CLI
// starts without a YAML parser (≈ 30 ms of its start). action.yml stays the one source: this file is made from
// it on every build, and CI checks that dist/ equals a fresh build.
import {readFileSync, writeFileSync} from 'node:fs'
import {parse} from 'yaml'

const [from, to] = process.argv.slice(2)
const yml = parse(readFileSync(from, 'utf8'))
const inputs = Object.entries(yml.inputs ?? {}).map(([name, spec]) => ({
  name,
  description: spec.description ?? '',
  default: spec.default === undefined ? '' : String(spec.default)
}))
writeFileSync(to, `${JSON.stringify(inputs, null, 1)}\n`)
