import {mkdtemp, readFile, readdir} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import type {ActionRun} from '../helpers/action-runner.js'
import {pushBaseImage} from '../helpers/base-image.js'
import {startRegistry} from '../helpers/registry.js'
import type {TestRegistry} from '../helpers/registry.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoInspect} from '../helpers/skopeo.js'

const describeLogin = await requireTools('docker-daemon', 'buildah', 'skopeo', 'docker-registry', 'root')

/** Every file under `dir`, recursively, with its content. */
async function filesUnder(dir: string): Promise<{file: string; text: string}[]> {
  const entries = await readdir(dir, {recursive: true, withFileTypes: true}).catch(() => [])
  const files = entries.filter(e => e.isFile()).map(e => path.join(e.parentPath, e.name))
  return Promise.all(files.map(async file => ({file, text: await readFile(file, 'latin1')})))
}

async function expectNowhere(secret: string, run: ActionRun, home: string): Promise<void> {
  const encoded = Buffer.from(secret).toString('base64')
  expect(run.visible).not.toContain(secret)
  const leftovers = [
    ...(await filesUnder(run.runnerTemp)),
    ...(await filesUnder(run.workspace)),
    ...(await filesUnder(home))
  ]
  for (const {file, text} of leftovers) {
    expect(text, file).not.toContain(secret)
    expect(text, file).not.toContain(encoded)
  }
}

describeLogin('login, push to several registries, and no secret left behind', () => {
  let basic: TestRegistry
  let token: TestRegistry
  let base: string

  beforeAll(async () => {
    ;[basic, token] = await Promise.all([
      startRegistry({auth: 'basic', tls: true, username: 'alice', password: 'B4sic-s3cret!pw'}),
      startRegistry({auth: 'token', username: 'bob', password: 'T0ken-s3cret!pw'})
    ])
    base = await pushBaseImage(basic)
  })
  afterAll(async () => Promise.all([basic?.stop(), token?.stop()]))

  const registryAuth = () =>
    `- registry: ${basic.host}\n  username: ${basic.username}\n  password: ${basic.password}\n` +
    `- registry: ${token.host}\n  username: ${token.username}\n  password: ${token.password}\n`

  test.each(['docker', 'buildah'] as const)(
    '%s: registry-auth logs in to an htpasswd TLS registry and a token registry; both get every tag',
    async engine => {
      const home = await mkdtemp(path.join(os.tmpdir(), 'home-'))
      const run = await runAction({
        prepare: prepareExample,
        inputs: {
          images: `${basic.host}/login/${engine}\n${token.host}/login/${engine}`,
          tags: 'v1\nlatest',
          context: 'app',
          'build-args': `BASE=${base}`,
          'registry-auth': registryAuth(),
          push: 'true',
          engine
        },
        env: {HOME: home, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}
      })
      expect(run.exitCode, run.stdout + run.stderr).toBe(0)
      expect(run.stdout).toContain(`Logged in to ${basic.host} as alice (registry-auth entry 1)`)
      expect(run.stdout).toContain(`Logged in to ${token.host} as bob (registry-auth entry 2)`)
      // Each registry may hold its own compression of a layer, so digests are per registry.
      const pushed = (JSON.parse(run.outputs.metadata ?? '{}') as {pushed: {ref: string; digest: string}[]})
        .pushed
      expect(pushed).toHaveLength(4)
      for (const registry of [basic, token]) {
        for (const tag of ['v1', 'latest']) {
          const ref = `${registry.host}/login/${engine}:${tag}`
          const digest = pushed.find(p => p.ref === ref)?.digest
          expect((await skopeoInspect(registry, `login/${engine}:${tag}`)).digest).toBe(digest)
          expect(run.summary).toContain(`| \`${ref}\` | yes | \`${digest}\` |`)
        }
      }
      expect(run.masks).toEqual(expect.arrayContaining([basic.password, token.password]))
      expect(run.post?.exitCode).toBe(0)
      await expectNowhere(basic.password ?? '', run, home)
      await expectNowhere(token.password ?? '', run, home)
      expect(await readdir(run.runnerTemp)).toEqual([])
    }
  )

  test.each(['basic', 'token'] as const)(
    'a wrong password for the %s registry fails naming it, without the secret',
    async kind => {
      const registry = kind === 'basic' ? basic : token
      const wrong = 'Wr0ng-pa55word-xyz'
      const home = await mkdtemp(path.join(os.tmpdir(), 'home-'))
      const run = await runAction({
        prepare: prepareExample,
        inputs: {
          images: `${registry.host}/login/wrong`,
          tags: 'x',
          context: 'app',
          registry: registry.host,
          username: registry.username ?? '',
          password: wrong,
          push: 'true',
          engine: 'docker'
        },
        env: {HOME: home}
      })
      expect(run.exitCode).toBe(1)
      const error = /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? ''
      expect(error).toContain(registry.host)
      expect(error).toMatch(/username|password|credentials/i)
      expect(run.post?.exitCode).toBe(0)
      await expectNowhere(wrong, run, home)
      expect(await readdir(run.runnerTemp)).toEqual([])
    }
  )
})
