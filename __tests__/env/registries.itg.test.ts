/**
 * The test registries behave like the real ones the action meets: each kind lets its user in, keeps
 * everyone else out, and docker can log in and pull from it.
 */
import {mkdir, rm} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {pushBaseImage} from '../helpers/base-image.js'
import {servesTls, startRegistry, type RegistryOptions, type TestRegistry} from '../helpers/registry.js'
import {describeWithTools, dockerClient, tempDir, type DockerClient} from '../helpers/require-tool.js'
import type {TokenGrant} from '../helpers/token-server.js'
import {skopeoCopy, skopeoInspect, skopeoListTags} from '../helpers/skopeo.js'

const KINDS: readonly RegistryOptions[] = [
  {auth: 'anonymous'},
  {auth: 'basic'},
  {auth: 'basic', tls: false},
  {auth: 'token'},
  {auth: 'token', tls: true}
]

const BASE = 'base/busybox:1'
/** What skopeo says when a registry or token server turns it away. */
const REFUSED = /unauthorized|authentication required|denied|invalid username\/password/i

function kindName(options: RegistryOptions): string {
  return `${options.auth} over ${servesTls(options) ? 'https' : 'http'}`
}

describeWithTools(
  ['docker-registry', 'skopeo', 'openssl', 'htpasswd', 'busybox', 'root'],
  'test registries',
  () => {
    describe.each(KINDS.map(options => ({name: kindName(options), options})))('$name', ({options}) => {
      let registry: TestRegistry
      let scratch: string

      beforeAll(async () => {
        registry = await startRegistry(options)
        scratch = await tempDir('registry-test')
        await pushBaseImage(registry, BASE)
      })
      afterAll(async () => {
        await registry?.stop()
        if (scratch) await rm(scratch, {recursive: true, force: true})
      })

      test('lets its user copy images in and out', async () => {
        await skopeoCopy({registry, repoTag: BASE}, {registry, repoTag: 'copies/busybox:2'})
        await skopeoCopy({registry, repoTag: 'copies/busybox:2'}, `oci:${scratch}/out:2`)

        expect(await skopeoListTags(registry, 'copies/busybox')).toEqual(['2'])
        const [base, copy] = await Promise.all([
          skopeoInspect(registry, BASE),
          skopeoInspect(registry, 'copies/busybox:2')
        ])
        expect(copy.digest).toBe(base.digest)
        expect(copy.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
        expect(copy.os).toBe('linux')
      })

      if (options.auth !== 'anonymous')
        test('refuses anonymous clients and wrong passwords', async () => {
          const wrong = {username: registry.username ?? '', password: 'wrong-password'}
          for (const as of ['anonymous', wrong] as const) {
            await expect(skopeoInspect(registry, BASE, {as})).rejects.toThrow(REFUSED)
            await expect(
              skopeoCopy(`oci:${scratch}/out:2`, {registry, repoTag: 'intruder/x:1', as})
            ).rejects.toThrow(REFUSED)
          }
        })

      if (options.auth === 'token')
        test('tokens grant the user what it asked for and strangers nothing', async () => {
          await expect(skopeoInspect(registry, BASE, {as: 'anonymous'})).rejects.toThrow(REFUSED)

          const grants = registry.tokenGrants ?? []
          const pushedBase = (g: TokenGrant) =>
            g.account === registry.username &&
            g.granted.some(a => a.name === 'base/busybox' && a.actions.includes('push'))
          expect(grants.some(pushedBase)).toBe(true)
          const anonymous = grants.filter(g => g.account === undefined && g.requested.length > 0)
          expect(anonymous.length).toBeGreaterThan(0)
          expect(anonymous.flatMap(g => g.granted.flatMap(a => a.actions))).toEqual([])
        })

      if (servesTls(options))
        test('is not trusted by clients without the CA', async () => {
          const emptyCertDir = path.join(scratch, 'no-certs')
          await mkdir(emptyCertDir, {recursive: true})
          await expect(skopeoInspect(registry, BASE, {certDir: emptyCertDir})).rejects.toThrow(/certificate/i)
          await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow()
        })

      describeWithTools(['docker-daemon'], 'docker', () => {
        let docker: DockerClient
        beforeAll(async () => (docker = await dockerClient()))
        afterAll(() => docker?.dispose())

        test('pulls the base image after docker login', async () => {
          const ref = `${registry.host}/${BASE}`
          await docker.login(registry)
          await docker.run(['pull', '--quiet', ref])
          await docker.run(['image', 'rm', ref])
        })
      })
    })
  }
)
