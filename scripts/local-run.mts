/**
 * The main job, locally, through the CLI (dist/cli/index.js) as a terminal user runs it: a throwaway registry on
 * a loopback port, the example app built from this checkout (tags from its branch and commit), pushed, checked
 * with skopeo, the summary printed. Extra arguments are inputs: `npx tsx scripts/local-run.mts engine=buildah`.
 */
import {spawn} from 'node:child_process'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {ACTION_DIR} from '../__tests__/helpers/action-runner.js'
import {pushBaseImage} from '../__tests__/helpers/base-image.js'
import {startRegistry} from '../__tests__/helpers/registry.js'
import {skopeoInspect} from '../__tests__/helpers/skopeo.js'

const extra = process.argv.slice(2).map(arg => `--${arg}`)
const registry = await startRegistry({auth: 'anonymous'})
const scratch = await mkdtemp(path.join(os.tmpdir(), 'local-run-'))
let failed = false
try {
  console.log(`registry: ${registry.url}`)
  const base = await pushBaseImage(registry)
  console.log(`base image: ${base}`)
  const image = `${registry.host}/examples/hello`
  const summaryFile = path.join(scratch, 'summary.md')
  const args = [
    path.join(ACTION_DIR, 'dist/cli/index.js'),
    ...['--images', image, '--context', 'examples/hello', '--build-args', `BASE=${base}`, '--push'],
    ...['--tags', 'type=ref,event=branch', '--tags', 'type=sha', '--tags', 'type=raw,value=local'],
    ...['--json', '--summary-file', summaryFile, ...extra]
  ]
  // The log streams to the terminal (stderr); stdout is the outputs as JSON.
  const child = spawn(process.execPath, args, {
    cwd: ACTION_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      STORAGE_DRIVER: process.env.STORAGE_DRIVER ?? 'vfs',
      BUILDAH_ISOLATION: process.env.BUILDAH_ISOLATION ?? 'chroot'
    }
  })
  const out: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
  const status = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  const outputs = JSON.parse(Buffer.concat(out).toString() || '{}') as Record<string, string>
  console.log('--- job summary ---\n' + (await readFile(summaryFile, 'utf8').catch(() => '')))
  console.log('--- outputs ---\n' + JSON.stringify(outputs, null, 2))
  failed = status !== 0
  if (!failed && outputs.digest) {
    const seen = await skopeoInspect(registry, 'examples/hello:local')
    console.log(`skopeo sees ${image}:local at ${seen.digest}`)
    failed = seen.digest !== outputs.digest
  }
} finally {
  await registry.stop()
  await rm(scratch, {recursive: true, force: true})
}
console.log(failed ? 'local run: FAILED' : 'local run: ok')
process.exitCode = failed ? 1 : 0
