/**
 * The README's first example on every kind of builder users have, through the runner emulator (dist/), with
 * and without a login, verified with skopeo:
 * - the docker driver on the classic image store (GitHub's ubuntu-24.04 runners without setup-buildx): no
 *   cache export there, and no docker-container builder can be started here (its image cannot be pulled), so
 *   the step falls back on per-stage inline cache, warns, and removes the builder it half created;
 * - the docker driver on the containerd image store: buildx exports the registry cache itself;
 * - docker < 23 without buildx (Debian 12's client): `DOCKER_BUILDKIT=1 docker build`;
 * - buildah is covered by build-push.itg.test.ts.
 */
import {mkdir, rm, symlink} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import type {ActionRun} from '../helpers/action-runner.js'
import {pushBaseImage} from '../helpers/base-image.js'
import {startRegistry} from '../helpers/registry.js'
import type {RegistryAuth, TestRegistry} from '../helpers/registry.js'
import {
  CONTAINERD_STORE_HOST,
  DOCKER,
  OLD_DOCKER,
  requireTools,
  run,
  tempDir
} from '../helpers/require-tool.js'
import {skopeoInspect, skopeoListTags, skopeoRawManifest} from '../helpers/skopeo.js'

const describeBuilders = await requireTools(
  'docker-daemon',
  'containerd-store-daemon',
  'docker-buildx',
  OLD_DOCKER,
  'skopeo',
  'docker-registry'
)

interface Daemon {
  readonly name: string
  /** DOCKER_HOST for this daemon; the default socket when empty. */
  readonly host: string
}

const CLASSIC: Daemon = {name: 'classic store', host: ''}
const CONTAINERD: Daemon = {name: 'containerd store', host: CONTAINERD_STORE_HOST}

describeBuilders('builders users have, each with and without a login', () => {
  const registries = new Map<RegistryAuth, TestRegistry>()
  let base = ''
  let home = ''

  beforeAll(async () => {
    for (const auth of ['anonymous', 'basic', 'token'] as const)
      registries.set(auth, await startRegistry({auth}))
    base = await pushBaseImage(registries.get('anonymous') as TestRegistry)
    home = await tempDir('builders-home')
  })
  afterAll(async () => {
    // Images the builds left in both daemons (the containerd store keeps what it pushed).
    for (const daemon of [CLASSIC, CONTAINERD]) {
      const env: Record<string, string> = daemon.host ? {DOCKER_HOST: daemon.host} : {}
      const listed = await run(DOCKER, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
        env,
        allowFailure: true
      })
      const ours = listed.stdout.split('\n').filter(ref => /^127\.0\.0\.1:\d+\/builders\//.test(ref))
      if (ours.length > 0) await run(DOCKER, ['rmi', '-f', ...ours], {env, allowFailure: true})
    }
    for (const registry of registries.values()) await registry.stop()
    await rm(home, {recursive: true, force: true})
  })

  function loginInputs(registry: TestRegistry): Record<string, string> {
    return registry.username
      ? {registry: registry.host, username: registry.username, password: registry.password ?? ''}
      : {}
  }

  async function build(
    daemon: Daemon,
    registry: TestRegistry,
    repo: string,
    extra: Record<string, string> = {},
    env: Record<string, string> = {}
  ): Promise<ActionRun> {
    return runAction({
      prepare: prepareExample,
      inputs: {
        images: `${registry.host}/${repo}`,
        tags: 'type=ref,event=branch\ntype=raw,value=one',
        context: 'app',
        'build-args': `BASE=${base}`,
        push: 'true',
        ...loginInputs(registry),
        ...extra
      },
      env: {HOME: home, ...(daemon.host ? {DOCKER_HOST: daemon.host} : {}), ...env}
    })
  }

  async function leftoverBuilders(daemon: Daemon): Promise<string[]> {
    const out = await run(DOCKER, ['buildx', 'ls'], {
      env: {HOME: home, ...(daemon.host ? {DOCKER_HOST: daemon.host} : {})}
    })
    return out.stdout.split('\n').filter(line => line.includes('image-action-'))
  }

  async function expectPushed(run: ActionRun, registry: TestRegistry, repo: string): Promise<void> {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0)
    const digest = run.outputs.digest ?? ''
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    for (const tag of ['main', 'one']) {
      const seen = await skopeoInspect(registry, `${repo}:${tag}`)
      expect(seen.digest).toBe(digest)
      expect(seen.labels['org.opencontainers.image.revision']).toBe(
        '0123456789abcdef0123456789abcdef01234567'
      )
    }
    // build-push-action's imageid: the image's config digest, never the manifest's.
    expect(run.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(run.outputs.imageid, run.outputs.metadata).not.toBe(digest)
    expect(run.post?.exitCode).toBe(0)
    // A password never reaches what a user sees.
    if (registry.password) expect(run.visible).not.toContain(registry.password)
  }

  test.each(['anonymous', 'basic', 'token'] as const)(
    'classic store (the runners): falls back on per-stage inline cache, warns why, removes the half-made builder (%s)',
    async auth => {
      const registry = registries.get(auth) as TestRegistry
      const repo = `builders/classic-${auth}`
      // A fresh runner: nothing in the daemon's build cache.
      await run(DOCKER, ['builder', 'prune', '-af'])
      const first = await build(CLASSIC, registry, repo)
      await expectPushed(first, registry, repo)
      expect(first.stdout).toContain('creating a docker-container builder for this step')
      expect(first.stdout).toMatch(
        /::warning::builder 'default' \(docker driver on the classic image store\) cannot export a layer cache and no docker-container builder could be started/
      )
      expect(JSON.parse(first.outputs.metadata ?? '{}')).toMatchObject({engine: 'docker'})
      expect(await leftoverBuilders(CLASSIC)).toEqual([])
      const tags = await skopeoListTags(registry, repo)
      expect(
        tags.filter(t => t.startsWith('buildcache-main')),
        `${tags.join(' ')}\n${first.stdout}`
      ).not.toEqual([])
    }
  )

  test.each(['anonymous', 'basic', 'token'] as const)(
    'containerd store: buildx on the docker driver exports the registry cache itself (%s)',
    async auth => {
      const registry = registries.get(auth) as TestRegistry
      const repo = `builders/containerd-${auth}`
      const first = await build(CONTAINERD, registry, repo)
      await expectPushed(first, registry, repo)
      expect(first.stdout).not.toContain('creating a docker-container builder')
      expect(first.stdout).toContain('Builder: default (docker driver')
      expect(JSON.parse(first.outputs.metadata ?? '{}')).toMatchObject({engine: 'buildx'})
      // One mode=max cache manifest (image-manifest=true: an OCI image manifest, not an index).
      const cache = await skopeoRawManifest(registry, `${repo}:buildcache-main`)
      expect((cache.manifest as {mediaType?: string}).mediaType).toBe(
        'application/vnd.oci.image.manifest.v1+json'
      )
      // The computed annotations are written (buildx ≥ 0.12).
      // The docker driver on the containerd store pushes an index (image + provenance attestation): the
      // manifest-level annotations are on the image's own manifest.
      const index = await skopeoRawManifest(registry, `${repo}:one`)
      const entries =
        (index.manifest as {manifests?: {digest: string; platform?: {architecture?: string}}[]}).manifests ??
        []
      const image = entries.find(e => e.platform?.architecture !== 'unknown')
      const child = await skopeoRawManifest(registry, `${repo}@${image?.digest ?? ''}`)
      expect((child.manifest as {annotations?: Record<string, string>}).annotations).toMatchObject({
        'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567'
      })
    }
  )

  test('old client (docker 20.10, no buildx): DOCKER_BUILDKIT=1 docker build with a login', async () => {
    const registry = registries.get('basic') as TestRegistry
    const bin = await tempDir('old-docker-path')
    await symlink(OLD_DOCKER, path.join(bin, 'docker'))
    const repo = 'builders/old-client'
    const result = await build(
      CLASSIC,
      registry,
      repo,
      {engine: 'docker'},
      {PATH: `${bin}:${process.env.PATH ?? ''}`}
    )
    await rm(bin, {recursive: true, force: true})
    await expectPushed(result, registry, repo)
    expect(result.stdout).toContain(`${bin}/docker build --progress=plain`)
  })

  test('a builder the user chose (docker context use) is used as it is, through the login, and never removed', async () => {
    const registry = registries.get('token') as TestRegistry
    const config = path.join(home, '.docker')
    await mkdir(config, {recursive: true})
    const docker = (args: string[]) => run(DOCKER, args, {env: {HOME: home}})
    await docker(['context', 'create', 'ia-cs', '--docker', `host=${CONTAINERD_STORE_HOST}`]).catch(
      () => undefined
    )
    await docker(['context', 'use', 'ia-cs'])
    try {
      const repo = 'builders/user-builder'
      const result = await build(CLASSIC, registry, repo)
      await expectPushed(result, registry, repo)
      expect(result.stdout).toContain('Builder: ia-cs (docker driver')
      expect(result.stdout).not.toContain('creating a docker-container builder')
      expect((await docker(['buildx', 'ls'])).stdout).toContain('ia-cs')
    } finally {
      await docker(['context', 'use', 'default']).catch(() => undefined)
      await docker(['context', 'rm', '-f', 'ia-cs']).catch(() => undefined)
    }
  })

  test('a builder input naming no builder is refused, naming the input, before anything is pushed', async () => {
    const registry = registries.get('anonymous') as TestRegistry
    const result = await build(CLASSIC, registry, 'builders/missing', {
      builder: 'no-such-builder',
      reuse: 'false'
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error::input 'builder': builder 'no-such-builder' cannot be used: no builder "no-such-builder" found; name an existing builder \(docker buildx ls\) or leave it empty/
    )
    expect(await skopeoListTags(registry, 'builders/missing').catch(() => [])).toEqual([])
  })

  test('several platforms: one index on the containerd store; a clear refusal on the classic store', async () => {
    const registry = registries.get('anonymous') as TestRegistry
    const copyOnly = async (workspace: string) => {
      await mkdir(path.join(workspace, 'app'), {recursive: true})
      const {writeFile} = await import('node:fs/promises')
      await writeFile(path.join(workspace, 'app', 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n')
      await writeFile(path.join(workspace, 'app', 'hello.txt'), 'hello\n')
    }
    const inputs = {
      images: `${registry.host}/builders/multi`,
      tags: 'multi',
      context: 'app',
      platforms: 'linux/amd64,linux/arm64',
      push: 'true'
    }
    const ok = await runAction({
      prepare: copyOnly,
      inputs,
      env: {HOME: home, DOCKER_HOST: CONTAINERD_STORE_HOST}
    })
    expect(ok.exitCode, ok.stdout).toBe(0)
    const seen = await skopeoRawManifest(registry, 'builders/multi:multi')
    const platforms = (
      (seen.manifest as {manifests?: {platform?: {architecture?: string}}[]}).manifests ?? []
    )
      .map(m => m.platform?.architecture)
      .filter(a => a !== 'unknown')
    expect(platforms.sort()).toEqual(['amd64', 'arm64'])
    expect(ok.outputs.digest).toBe(seen.digest)

    // reuse: false, or the content hash would retag the index just pushed without any builder.
    const refused = await runAction({
      prepare: copyOnly,
      inputs: {...inputs, tags: 'refused', reuse: 'false'},
      env: {HOME: home}
    })
    expect(refused.exitCode, refused.stdout).toBe(1)
    expect(refused.stdout).toMatch(
      /::error::input 'platforms': builder 'default' \(docker driver on the classic image store\) cannot do multi-platform builds and no docker-container builder could be started/
    )
    expect(await skopeoListTags(registry, 'builders/multi')).not.toContain('refused')
    expect(await leftoverBuilders(CLASSIC)).toEqual([])
  })
})
