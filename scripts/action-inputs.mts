// Build step: action.yml's inputs as JSON beside the bundled CLI (dist/cli/action-inputs.json), so that the CLI
// starts without a YAML parser (≈ 30 ms of its start). action.yml stays the one source: the JSON is made from
// it by the CLI's own reader on every build, and CI checks that dist/ equals a fresh build.
import {readFile, writeFile} from 'node:fs/promises'
import {parseActionInputs} from '../src/cli/action-inputs.js'

const [from, to] = process.argv.slice(2)
if (!from || !to) throw new Error('usage: tsx scripts/action-inputs.mts <action.yml> <out.json>')
await writeFile(to, `${JSON.stringify(await parseActionInputs(await readFile(from, 'utf8')), null, 1)}\n`)
