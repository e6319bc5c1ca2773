import {readdir, rm, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {requireTools, tempDir} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'

const describeEngines = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry')

describeEngines('build and push through the runner emulator', () => {
  const shared = useRegistryWithBase()

  test.each(['docker', 'buildah'] as const)(
    '%s: a multi-stage Dockerfile with RUN steps lands under two tags with the digest the action output',
    async engine => {
      const repo = `it/${engine}-hello`
      const run = await runAction({
        prepare: prepareExample,
        inputs: {
          images: `${shared.registry.host}/${repo}`,
          tags: 'one\ntype=raw,value=two',
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          push: 'true',
          engine
        },
        env: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}
      })
      expect(run.exitCode, run.stdout + run.stderr).toBe(0)
      const digest = run.outputs.digest
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
      expect(run.outputs.tags).toBe(
        `${shared.registry.host}/${repo}:one\n${shared.registry.host}/${repo}:two`
      )
      expect(run.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/)
      expect(JSON.parse(run.outputs.metadata ?? '{}')).toMatchObject({
        engine,
        'containerimage.digest': digest
      })

      // The layer cache (cache: shared.registry, the default) keeps its own buildcache-* tags next to the image, and
      // content-hash reuse one content-<hash> tag.
      const tags = (await skopeoListTags(shared.registry, repo)).filter(
        tag => !tag.startsWith('buildcache-') && !tag.startsWith('content-')
      )
      expect(tags.sort()).toEqual(['one', 'two'])
      for (const tag of ['one', 'two']) {
        const seen = await skopeoInspect(shared.registry, `${repo}:${tag}`)
        expect(seen.digest).toBe(digest)
        expect(seen.labels['org.opencontainers.image.revision']).toBe(
          '0123456789abcdef0123456789abcdef01234567'
        )
      }

      // The computed annotations (metadata-action's output) land in the manifest where the engine can write
      // them: the creation time there is what lets a prune date the image with one GET.
      const seen = await skopeoInspect(shared.registry, `${repo}:one`)
      const annotations = (seen.manifest as {annotations?: Record<string, string>}).annotations ?? {}
      if (engine === 'buildah') {
        expect(annotations['org.opencontainers.image.created']).toBe(
          seen.labels['org.opencontainers.image.created']
        )
        expect(annotations['org.opencontainers.image.revision']).toBe(
          '0123456789abcdef0123456789abcdef01234567'
        )
      } else {
        expect(annotations).toEqual({})
        expect(run.stdout).toMatch(
          /Annotations not written: docker build without buildx cannot write annotations/
        )
      }

      expect(run.summary).toContain(digest)
      expect(run.summary).toContain(`${shared.registry.host}/${repo}:two`)
      expect(run.summary).toMatch(new RegExp(`Engine \\| ${engine}`))
      expect(run.post?.exitCode).toBe(0)
      // post removed the private temp dir main made under RUNNER_TEMP
      expect(await readdir(run.runnerTemp)).toEqual([])
    }
  )

  test('an engine that is requested but missing fails with what was found and what to install', async () => {
    // A PATH with buildah and no docker client: what a daemonless CI image has.
    const bin = await tempDir('path-buildah-only')
    await symlink('/usr/bin/buildah', path.join(bin, 'buildah'))
    const run = await runAction({
      inputs: {images: `${shared.registry.host}/it/none`, tags: 'x', engine: 'buildx'},
      env: {PATH: bin},
      // The checkout: planning refuses a missing Dockerfile before it looks for an engine.
      prepare: workspace => writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')
    })
    await rm(bin, {recursive: true, force: true})
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain("engine 'buildx' was requested but is not usable")
    expect(run.stdout).toContain('buildah')
    expect(run.stdout).toContain('install the buildx plugin')
    expect(run.post?.exitCode).toBe(0)
  })
})
