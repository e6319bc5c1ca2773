/**
 * The main job, locally: a throwaway registry on a loopback port, the example app built by the committed
 * dist/ through the same runner emulator the tests use, pushed, checked with skopeo, summary printed.
 * Extra arguments are step inputs: `npx tsx scripts/local-run.mts engine=buildah tags=v1.2.3`.
 */
import {cp} from 'node:fs/promises'
import path from 'node:path'
import {ACTION_DIR, runAction} from '../__tests__/helpers/action-runner.js'
import {pushBaseImage} from '../__tests__/helpers/base-image.js'
import {startRegistry} from '../__tests__/helpers/registry.js'
import {skopeoInspect} from '../__tests__/helpers/skopeo.js'

const overrides = Object.fromEntries(
  process.argv.slice(2).map(arg => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)])
)
const registry = await startRegistry({auth: 'anonymous'})
let failed = false
try {
  console.log(`registry: ${registry.url}`)
  const base = await pushBaseImage(registry)
  console.log(`base image: ${base}`)
  const image = `${registry.host}/examples/hello`
  const run = await runAction({
    prepare: workspace =>
      cp(path.join(ACTION_DIR, 'examples/hello'), path.join(workspace, 'hello'), {recursive: true}),
    event: {
      name: 'push',
      ref: 'refs/heads/main',
      payload: {
        repository: {
          name: 'hello',
          html_url: 'https://github.com/octo-org/hello',
          default_branch: 'main',
          description: 'image-action example',
          license: {spdx_id: 'MIT'}
        }
      }
    },
    inputs: {
      images: image,
      tags: 'type=ref,event=branch\ntype=sha\ntype=raw,value=local',
      context: 'hello',
      'build-args': `BASE=${base}`,
      push: 'true',
      ...overrides
    },
    env: {
      STORAGE_DRIVER: process.env.STORAGE_DRIVER ?? 'vfs',
      BUILDAH_ISOLATION: process.env.BUILDAH_ISOLATION ?? 'chroot'
    }
  })
  console.log(run.stdout.replace(/^::(add-mask|debug)::.*\n/gm, ''))
  if (run.stderr) console.error(run.stderr)
  console.log('--- job summary ---\n' + run.summary)
  console.log('--- outputs ---\n' + JSON.stringify(run.outputs, null, 2))
  failed = run.exitCode !== 0 || run.post?.exitCode !== 0
  if (!failed && run.outputs.digest) {
    const seen = await skopeoInspect(registry, 'examples/hello:local')
    console.log(`skopeo sees ${image}:local at ${seen.digest}`)
    failed = seen.digest !== run.outputs.digest
  }
} finally {
  await registry.stop()
}
console.log(failed ? 'local run: FAILED' : 'local run: ok')
process.exitCode = failed ? 1 : 0
