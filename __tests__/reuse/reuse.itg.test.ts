import {cp, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {expect, test} from 'vitest'
import {ACTION_DIR, runAction} from '../helpers/action-runner.js'
import type {ActionRun} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'

const describeReuse = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry')

/** The example app, a .dockerignore, and files it ignores; `message` and `log` vary per run. */
function workspace(message: string, log: string) {
  return async (dir: string) => {
    await cp(path.join(ACTION_DIR, 'examples/hello'), path.join(dir, 'app'), {recursive: true})
    await writeFile(path.join(dir, 'app/message.txt'), message)
    await writeFile(path.join(dir, 'app/.dockerignore'), '*.log\n')
    await writeFile(path.join(dir, 'app/build.log'), log)
  }
}

const ok = (run: ActionRun) => expect(run.exitCode, run.stdout + run.stderr).toBe(0)

describeReuse('content-hash reuse', () => {
  const shared = useRegistryWithBase()

  test.each(['docker', 'buildah'] as const)(
    '%s: identical inputs are retagged with no engine; a changed file is rebuilt',
    async engine => {
      const repo = `it/${engine}-reuse`
      const inputs = (tags: string) => ({
        images: `${shared.registry.host}/${repo}`,
        tags,
        context: 'app',
        'build-args': `BASE=${shared.base}`,
        push: 'true',
        engine
      })
      const env = {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}

      const first = await runAction({prepare: workspace('hello', 'a'), inputs: inputs('one'), env})
      ok(first)
      expect(first.summary).toContain('Recorded as')
      const digest = first.outputs.digest
      const tags = await skopeoListTags(shared.registry, repo)
      const content = tags.find(t => t.startsWith('content-'))
      expect(content).toMatch(/^content-[a-f0-9]{64}$/)
      const seen = await skopeoInspect(shared.registry, `${repo}:one`)
      expect(seen.labels['io.github.image-action.content-hash']).toBe(
        `sha256:${content?.slice('content-'.length)}`
      )

      // No engine on PATH at all: only a retag through the registry client can succeed. The ignored log changed.
      const second = await runAction({
        prepare: workspace('hello', 'b'),
        inputs: inputs('two'),
        env: {...env, PATH: '/nonexistent'}
      })
      ok(second)
      expect(second.outputs.digest).toBe(digest)
      expect((await skopeoInspect(shared.registry, `${repo}:two`)).digest).toBe(digest)
      expect(second.summary).toContain('**Reused**')
      expect(second.summary).toMatch(/Engine \| not needed/)
      expect(second.stdout).not.toContain('Build and push')

      // One file of the context changed: a real build, a new digest.
      const third = await runAction({prepare: workspace('changed', 'b'), inputs: inputs('three'), env})
      ok(third)
      expect(third.summary).toContain('no image with this content hash yet')
      expect(third.outputs.digest).not.toBe(digest)
      expect(
        (await skopeoListTags(shared.registry, repo)).filter(t => t.startsWith('content-'))
      ).toHaveLength(2)
    }
  )

  test('no-cache never reuses', async () => {
    const run = await runAction({
      prepare: workspace('hello', 'a'),
      inputs: {
        images: `${shared.registry.host}/it/docker-reuse`,
        tags: 'four',
        context: 'app',
        'build-args': `BASE=${shared.base}`,
        push: 'true',
        'no-cache': 'true',
        engine: 'docker'
      }
    })
    ok(run)
    expect(run.summary).toContain('Not reused: no-cache asks for a fresh build')
  })
})
