import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import {pushBaseImage} from '../helpers/base-image.js'
import {startRegistry} from '../helpers/registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {requireTools, run} from '../helpers/require-tool.js'

const describeOutputs = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry')

describeOutputs('image tarball outputs', () => {
  let registry: TestRegistry
  let base: string

  beforeAll(async () => {
    registry = await startRegistry({auth: 'anonymous'})
    base = await pushBaseImage(registry)
  })
  afterAll(async () => registry?.stop())

  test.each(['docker', 'buildah'] as const)(
    '%s: type=docker,dest= writes a docker save tarball',
    async engine => {
      const action = await runAction({
        prepare: prepareExample,
        inputs: {
          images: `${registry.host}/it/${engine}-tarball`,
          tags: 'one',
          context: 'app',
          'build-args': `BASE=${base}`,
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
