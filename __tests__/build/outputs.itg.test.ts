import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {requireTools, run} from '../helpers/require-tool.js'

const describeOutputs = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry')

describeOutputs('image tarball outputs', () => {
  const shared = useRegistryWithBase()

  test.each(['docker', 'buildah'] as const)(
    '%s: type=docker,dest= writes a docker save tarball',
    async engine => {
      const action = await runAction({
        // The destination's directory exists, as buildx needs it (planning checks it for every engine).
        prepare: async workspace => {
          await prepareExample(workspace)
          await mkdir(path.join(workspace, 'out'))
        },
        inputs: {
          images: `${shared.registry.host}/it/${engine}-tarball`,
          tags: 'one',
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          outputs: 'type=docker,dest=out/image.tar',
          engine
        },
        env: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}
      })
      expect(action.exitCode, action.stdout + action.stderr).toBe(0)
      const listing = (await run('tar', ['-tf', path.join(action.workspace, 'out/image.tar')])).stdout
      expect(listing).toContain('manifest.json')
    }
  )
})
