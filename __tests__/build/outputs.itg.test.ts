import {mkdir} from 'node:fs/promises'
import path from 'node:path'
import {expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {CONTAINERD_STORE_HOST, DOCKER, requireTools, run} from '../helpers/require-tool.js'

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

const describeBuildx = await requireTools(
  'docker-daemon',
  'containerd-store-daemon',
  'docker-buildx',
  'skopeo',
  'docker-registry'
)

describeBuildx('buildx pushing several tags', () => {
  const shared = useRegistryWithBase()
  // The runners' classic store (the docker driver cannot write a tarball: docker save after the load) and the
  // containerd store (buildx writes it, named by every tag).
  const daemons = [
    ['classic store', undefined],
    ['containerd store', CONTAINERD_STORE_HOST]
  ] as const

  test.each(daemons)(
    '%s: the loaded image carries every tag, not only the one pushed; a tarball is written',
    async (_, host) => {
      const repo = `${shared.registry.host}/it/buildx-names-${Date.now().toString(36)}`
      const docker = (args: string[]) => run(DOCKER, [...(host ? ['--host', host] : []), ...args])
      const action = await runAction({
        ...(host ? {env: {DOCKER_HOST: host}} : {}),
        prepare: async workspace => {
          await prepareExample(workspace)
          await mkdir(path.join(workspace, 'out'))
        },
        inputs: {
          images: repo,
          tags: 'type=raw,value=one\ntype=raw,value=two',
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          push: 'true',
          load: 'true',
          outputs: 'type=docker,dest=out/image.tar',
          cache: 'none',
          reuse: 'false'
        }
      })
      expect(action.exitCode, action.stdout + action.stderr).toBe(0)
      const loaded = await docker(['image', 'inspect', '--format', '{{json .RepoTags}}', `${repo}:one`])
      expect((JSON.parse(loaded.stdout) as string[]).sort()).toEqual([`${repo}:one`, `${repo}:two`])
      const manifest = await run('tar', [
        '-xOf',
        path.join(action.workspace, 'out/image.tar'),
        'manifest.json'
      ])
      const repoTags = (JSON.parse(manifest.stdout) as {RepoTags?: string[]}[]).flatMap(m => m.RepoTags ?? [])
      // buildx, pushing one tag, names its tarball by that tag (README); docker save names it by every tag.
      expect(repoTags.sort()).toEqual(host ? [`${repo}:one`] : [`${repo}:one`, `${repo}:two`])
      if (host) expect(action.stdout).not.toContain('docker save')
      // The classic store's docker driver cannot write a tarball; no builder can be created here (no BuildKit image).
      else
        expect(action.stdout).toContain(
          'cannot write image tarballs and no docker-container builder could be started'
        )
      await docker(['rmi', `${repo}:one`, `${repo}:two`]).catch(() => undefined)
    }
  )
})
