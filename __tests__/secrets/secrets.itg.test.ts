import {createHash} from 'node:crypto'
import {readdir, readFile, mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'
import {expect, test} from 'vitest'
import {runAction} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {DOCKER, requireTools, run, tempDir} from '../helpers/require-tool.js'

const describeSecrets = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry')

// Distinct, greppable values; the Dockerfile only ever sees their sha256.
const VALUE = 'v4lue-Secret-7f3a9c'
const ENV_VALUE = 'env-Secret-b81e42'
const FILE_VALUE = 'file-Secret-5d09aa'
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

/** Each RUN proves its secret was mounted with the right content, without writing the value anywhere. */
const DOCKERFILE = `ARG BASE
FROM \${BASE}
RUN --mount=type=secret,id=tok sha256sum /run/secrets/tok | grep -q ${sha(VALUE)} && echo $((6*7))-tok > /tok
RUN --mount=type=secret,id=fromenv sha256sum /run/secrets/fromenv | grep -q ${sha(ENV_VALUE)} && echo $((6*7))-env > /env
RUN --mount=type=secret,id=fromfile sha256sum /run/secrets/fromfile | grep -q ${sha(FILE_VALUE)} && echo $((6*7))-file > /file
RUN test ! -e /run/secrets/tok
`

/** Every layer of the pushed image, decompressed, and its config: what anyone pulling it could read. */
async function imageBytes(ref: string): Promise<string> {
  const dir = await tempDir('secret-image')
  await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `dir:${dir}`])
  const parts: string[] = []
  for (const name of await readdir(dir)) {
    const bytes = await readFile(path.join(dir, name))
    parts.push(
      bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('latin1') : bytes.toString('latin1')
    )
  }
  return parts.join('\n')
}

describeSecrets('build secrets', () => {
  const shared = useRegistryWithBase()

  test.each(['docker', 'buildah'] as const)(
    '%s: secrets reach RUN and nothing else: not layers, history, logs or outputs',
    async engine => {
      const image = `${shared.registry.host}/it/${engine}-secrets`
      const run1 = await runAction({
        prepare: async workspace => {
          await mkdir(path.join(workspace, 'app'))
          await writeFile(path.join(workspace, 'app/Dockerfile'), DOCKERFILE)
          await writeFile(path.join(workspace, 'secret.txt'), FILE_VALUE)
        },
        inputs: {
          images: image,
          tags: 'one',
          context: 'app',
          'build-args': `BASE=${shared.base}`,
          secrets: `tok=${VALUE}\nid=fromenv,env=MY_SECRET\nid=fromfile,src=secret.txt`,
          push: 'true',
          engine
        },
        env: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot', MY_SECRET: ENV_VALUE}
      })
      expect(run1.exitCode, run1.stdout + run1.stderr).toBe(0)
      // Masked: the runner hides these even if something printed them.
      expect(run1.masks).toEqual(expect.arrayContaining([VALUE, ENV_VALUE]))
      const everything = [run1.visible, await imageBytes(`${image}:one`)]
      if (engine === 'docker') {
        everything.push((await run(DOCKER, ['history', '--no-trunc', `${image}:one`])).stdout)
      } else {
        everything.push(
          (await run('buildah', ['inspect', `${image}:one`], {env: {STORAGE_DRIVER: 'vfs'}})).stdout
        )
      }
      const all = everything.join('\n')
      for (const value of [VALUE, ENV_VALUE, FILE_VALUE]) expect(all).not.toContain(value)
      // The steps did run with the secrets: their markers (computed, so not in any command text) are in the layers.
      for (const marker of ['42-tok', '42-env', '42-file']) expect(everything[1]).toContain(marker)
      // The temp files are gone with the private temp dir.
      expect(await readdir(run1.runnerTemp)).toEqual([])
    }
  )

  test('a secret from an unset variable fails without a value in sight', async () => {
    const run1 = await runAction({
      inputs: {
        images: `${shared.registry.host}/it/x`,
        tags: 'x',
        secrets: 'id=a,env=NOT_SET_ANYWHERE',
        push: 'true',
        engine: 'docker'
      },
      prepare: async workspace => writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')
    })
    expect(run1.exitCode).toBe(1)
    expect(run1.stdout).toContain('NOT_SET_ANYWHERE, which is not set')
  })
})
