/**
 * The engine-free busybox base image is a usable FROM: docker (BuildKit) and buildah both pull it from
 * every kind of test registry, as the registry's user, run RUN steps on it and push the result back.
 */
import {rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {baseImageLayout, pushBaseImage} from '../helpers/base-image.js'
import {startRegistry, type RegistryOptions, type TestRegistry} from '../helpers/registry.js'
import {describeWithTools, dockerClient, run, tempDir, type DockerClient} from '../helpers/require-tool.js'
import {skopeoInspect} from '../helpers/skopeo.js'

const KINDS: readonly RegistryOptions[] = [{auth: 'anonymous'}, {auth: 'basic'}, {auth: 'token'}]
const APPLETS_USED_BY_TESTS = ['sh', 'sha256sum', 'seq', 'tar', 'gzip', 'find', 'whoami', '[']
/** Lets several runs share one engine without their tags colliding. */
const RUN_ID = `${process.pid}-${Date.now()}`

async function writeContext(from: string): Promise<string> {
  const context = await tempDir('context')
  await writeFile(path.join(context, 'Dockerfile'), `FROM ${from}\nRUN echo ok > /ok\n`)
  return context
}

async function layerCount(registry: TestRegistry, repoTag: string): Promise<number> {
  const {manifest} = await skopeoInspect(registry, repoTag)
  return Array.isArray(manifest.layers) ? manifest.layers.length : 0
}

/** buildah with the flags this machine needs: vfs storage works everywhere, chroot needs no runtime. */
function buildah(args: readonly string[], allowFailure = false) {
  return run('buildah', ['--storage-driver', 'vfs', ...args], {allowFailure})
}

function buildahAccess(registry: TestRegistry): string[] {
  const {username, password} = registry
  return [`--tls-verify=${registry.tls}`, ...(username ? ['--creds', `${username}:${password}`] : [])]
}

describeWithTools(
  ['docker-registry', 'skopeo', 'openssl', 'htpasswd', 'busybox', 'root'],
  'base image',
  () => {
    test('is a linux image for this machine with PATH set', async () => {
      const layout = await baseImageLayout()
      expect(await baseImageLayout()).toBe(layout)
      const {stdout} = await run('skopeo', ['inspect', layout])
      const image = JSON.parse(stdout) as {Architecture: string; Os: string; Env: string[]; Layers: string[]}
      expect(image.Os).toBe('linux')
      expect(image.Architecture).toBe(process.arch === 'x64' ? 'amd64' : process.arch)
      expect(image.Env).toContain('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
      expect(image.Layers).toHaveLength(1)
    })

    describe.each(KINDS)('from a $auth registry', options => {
      let registry: TestRegistry
      let from: string
      let context: string

      beforeAll(async () => {
        registry = await startRegistry(options)
        from = await pushBaseImage(registry)
        context = await writeContext(from)
      })
      afterAll(async () => {
        await registry?.stop()
        if (context) await rm(context, {recursive: true, force: true})
      })

      test('pushes the same manifest every time', async () => {
        const again = await pushBaseImage(registry, 'base/again:1')
        const [first, second] = await Promise.all([
          skopeoInspect(registry, 'base/busybox:1'),
          skopeoInspect(registry, 'base/again:1')
        ])
        expect(again).toBe(`${registry.host}/base/again:1`)
        expect(second.digest).toBe(first.digest)
      })

      describeWithTools(['docker-daemon'], 'docker', () => {
        let docker: DockerClient
        beforeAll(async () => {
          docker = await dockerClient()
          await docker.login(registry)
        })
        afterAll(() => docker?.dispose())

        test('runs the applets tests rely on', async () => {
          const script = APPLETS_USED_BY_TESTS.map(applet => `command -v ${applet}`).join(' && ')
          try {
            const {stdout} = await docker.run([
              'run',
              '--rm',
              '--pull=always',
              '--network=none',
              from,
              'sh',
              '-c',
              script
            ])
            expect(stdout.trim().split('\n')).toHaveLength(APPLETS_USED_BY_TESTS.length)
          } finally {
            await docker.run(['image', 'rm', from])
          }
        })

        test('builds FROM it with BuildKit and pushes the result', async () => {
          const tag = `${registry.host}/built/docker:${RUN_ID}`
          // --pull: resolve FROM in the registry (with its auth) even if the engine has the image already.
          await docker.run(['build', '--pull', '--quiet', '--tag', tag, context])
          try {
            const {stdout} = await docker.run(['run', '--rm', '--network=none', tag, 'cat', '/ok'])
            expect(stdout.trim()).toBe('ok')
            await docker.run(['push', '--quiet', tag])
          } finally {
            await docker.run(['image', 'rm', tag])
          }
          expect(await layerCount(registry, `built/docker:${RUN_ID}`)).toBe(2)
        })
      })

      describeWithTools(['buildah'], 'buildah', () => {
        test('builds FROM it and pushes the result', async () => {
          const tag = `${registry.host}/built/buildah:${RUN_ID}`
          const access = buildahAccess(registry)
          await buildah(['bud', '--isolation', 'chroot', ...access, '--quiet', '--tag', tag, context])
          try {
            await buildah(['push', ...access, '--quiet', tag])
          } finally {
            await buildah(['rmi', tag, from], true)
          }
          expect(await layerCount(registry, `built/buildah:${RUN_ID}`)).toBe(2)
        })
      })
    })
  }
)
