/**
 * The build options' argv against the real engines: what buildOptionArgs hands buildx, docker's built-in
 * BuildKit and buildah is accepted and does what it says, and what it refuses really fails there. A
 * `FROM scratch` build with a second stage and a named context needs no network and no base image.
 */
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {buildOptionArgs} from '../../src/build/build-options.js'
import {NO_BUILD_OPTIONS} from '../../src/build/build-option-types.js'
import type {BuildOptionContext, BuildOptions} from '../../src/build/build-option-types.js'
import type {BuilderFacts} from '../../src/build/builder-facts.js'
import {
  CONTAINERD_STORE_HOST,
  DOCKER,
  OLD_DOCKER,
  requireTools,
  run,
  tempDir
} from '../helpers/require-tool.js'

const DOCKERFILE = [
  'FROM scratch AS files',
  'COPY a.txt /a.txt',
  'FROM scratch',
  'COPY --from=files /a.txt /a.txt',
  'COPY --from=extra b.txt /b.txt',
  ''
].join('\n')

let dir = ''
beforeAll(async () => {
  dir = await tempDir('build-options')
  await mkdir(path.join(dir, 'app'))
  await mkdir(path.join(dir, 'extra'))
  await writeFile(path.join(dir, 'app', 'Dockerfile'), DOCKERFILE)
  await writeFile(path.join(dir, 'app', 'a.txt'), 'a\n')
  await writeFile(path.join(dir, 'extra', 'b.txt'), 'b\n')
})
afterAll(() => rm(dir, {recursive: true, force: true}))

const ctx: BuildOptionContext = {
  repoPrivate: true,
  load: false,
  outputs: [],
  runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1',
  push: false
}

/** Everything an engine without buildx can take too, with the extra context. */
function options(): BuildOptions {
  return {
    ...NO_BUILD_OPTIONS,
    addHosts: ['db.local:10.0.0.5'],
    buildContexts: [`extra=${path.join(dir, 'extra')}`],
    network: 'none',
    shmSize: '128m',
    ulimits: ['nofile=1024:2048']
  }
}

async function buildxVersion(host?: string): Promise<string> {
  const out = await run(DOCKER, ['buildx', 'version'], host ? {env: {DOCKER_HOST: host}} : {})
  return /v?(\d+\.\d+\.\d+)/.exec(out.stdout)?.[1] ?? ''
}

/** The docker driver's builder as the probe would describe it: attestations only on the containerd store. */
function dockerDriver(version: string, containerdStore: boolean): BuilderFacts {
  return {
    name: 'default',
    driver: 'docker',
    buildxVersion: version,
    buildkitVersion: '0.13.0',
    cacheExport: containerdStore,
    multiPlatform: containerdStore,
    attestations: containerdStore,
    platforms: [],
    created: false
  }
}

/** The manifests of the image index in an OCI layout tarball (none when the image is a lone manifest). */
async function ociManifests(tarball: string): Promise<{annotations?: Record<string, string>}[]> {
  const out = path.join(path.dirname(tarball), 'oci')
  await mkdir(out, {recursive: true})
  await run('tar', ['-xf', tarball, '-C', out])
  const top = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as {
    manifests: {mediaType: string; digest: string}[]
  }
  const image = top.manifests[0]
  if (image?.mediaType !== 'application/vnd.oci.image.index.v1+json') return []
  const index = JSON.parse(await readFile(path.join(out, 'blobs', ...image.digest.split(':')), 'utf8')) as {
    manifests: {annotations?: Record<string, string>}[]
  }
  return index.manifests
}

const describeContainerdStore = await requireTools('containerd-store-daemon', 'docker-buildx', 'tar')

describeContainerdStore('buildx on the containerd image store', () => {
  const env = {DOCKER_HOST: CONTAINERD_STORE_HOST}

  test('every option is accepted; the default provenance of a public repository is written', async () => {
    const builder = dockerDriver(await buildxVersion(CONTAINERD_STORE_HOST), true)
    const tarball = path.join(dir, 'buildx', 'image.tar')
    await mkdir(path.dirname(tarball), {recursive: true})
    const outputs = [`type=oci,dest=${tarball}`]
    const {args, warnings} = buildOptionArgs(
      {...options(), noCacheFilters: ['files'], allow: ['network.host'], sbom: {disabled: true, attrs: []}},
      {kind: 'buildx', builder},
      // A private repository's default is inline only: written by a push, not into an OCI layout.
      {...ctx, repoPrivate: false, outputs}
    )
    expect(warnings).toEqual([])
    expect(args).toContain(
      'type=provenance,mode=max,builder-id=https://github.com/o/r/actions/runs/1/attempts/1'
    )
    const app = path.join(dir, 'app')
    await run(DOCKER, ['buildx', 'build', '--progress=plain', ...args, '--output', outputs[0] ?? '', app], {
      env
    })
    const kinds = (await ociManifests(tarball)).map(m => m.annotations?.['vnd.docker.reference.type'])
    expect(kinds).toContain('attestation-manifest')
  })

  test.each([
    ["a private repository's default (inline only) goes into the image", undefined, 'index'],
    ["provenance: false turns buildx's own default off", {disabled: true, attrs: []}, 'manifest']
  ] as const)('%s', async (_title, provenance, kind) => {
    const builder = dockerDriver(await buildxVersion(CONTAINERD_STORE_HOST), true)
    const {args} = buildOptionArgs(
      {...options(), ...(provenance ? {provenance} : {})},
      {kind: 'buildx', builder},
      ctx
    )
    const tag = `local/image-action-build-options:${kind}`
    const metadata = path.join(dir, `metadata-${kind}.json`)
    const app = path.join(dir, 'app')
    await run(
      DOCKER,
      ['buildx', 'build', '--progress=plain', ...args, '--tag', tag, '--metadata-file', metadata, app],
      {env}
    )
    await run(DOCKER, ['image', 'rm', tag], {env, allowFailure: true})
    const descriptor = (JSON.parse(await readFile(metadata, 'utf8')) as Record<string, {mediaType: string}>)[
      'containerimage.descriptor'
    ]
    // An attestation makes the image an index of the image manifest and the attestation manifest.
    expect(descriptor?.mediaType).toMatch(kind === 'index' ? /image\.index/ : /manifest\.v\d\+json/)
  })
})

const describeClassic = await requireTools('docker-daemon', 'docker-buildx')

describeClassic('buildx on the classic image store (docker driver)', () => {
  test('provenance: false is accepted; an explicit sbom is refused, as buildx itself would fail', async () => {
    const builder = dockerDriver(await buildxVersion(), false)
    const app = path.join(dir, 'app')
    const off = buildOptionArgs(
      {...options(), provenance: {disabled: true, attrs: []}},
      {kind: 'buildx', builder},
      ctx
    )
    expect(off.args).toContain('type=provenance,disabled=true')
    const iid = path.join(dir, 'classic.iid')
    await run(DOCKER, ['buildx', 'build', '--progress=plain', ...off.args, '--iidfile', iid, app])
    await run(DOCKER, ['image', 'rm', (await readFile(iid, 'utf8')).trim()], {allowFailure: true})
    const sbom = {...options(), sbom: {disabled: false, attrs: []}}
    expect(() => buildOptionArgs(sbom, {kind: 'buildx', builder}, ctx)).toThrow(
      /input 'sbom': builder 'default'/
    )
    const raw = await run(DOCKER, ['buildx', 'build', '--progress=plain', '--attest', 'type=sbom', app], {
      allowFailure: true
    })
    expect(raw.code).not.toBe(0)
    expect(raw.stderr).toContain('Attestation is not supported for the docker driver')
  })

  test('a named network or a --call before buildx 0.15: refused here, and buildx would fail too', async () => {
    const version = await buildxVersion()
    const builder = dockerDriver(version, false)
    const app = path.join(dir, 'app')
    expect(() =>
      buildOptionArgs({...NO_BUILD_OPTIONS, network: 'ci-net'}, {kind: 'buildx', builder}, ctx)
    ).toThrow(/input 'network'/)
    const net = await run(DOCKER, ['buildx', 'build', '--network', 'ci-net', app], {allowFailure: true})
    expect(net.stderr).toContain('not supported by buildkit')
    if (/^0\.(\d|1[0-4])\./.test(version)) {
      expect(() =>
        buildOptionArgs({...NO_BUILD_OPTIONS, call: 'check'}, {kind: 'buildx', builder}, ctx)
      ).toThrow(`input 'call': --call needs buildx 0.15 or later (this runner has ${version})`)
      const call = await run(DOCKER, ['buildx', 'build', '--call', 'check', app], {allowFailure: true})
      expect(call.stderr).toContain('unknown flag: --call')
    }
  })
})

const describeOldDocker = await requireTools('docker-daemon', OLD_DOCKER)

describeOldDocker("docker's built-in BuildKit (docker 20.10 client, no buildx)", () => {
  test('add-host, network, shm-size and ulimit are accepted', async () => {
    const {args} = buildOptionArgs({...options(), buildContexts: []}, {kind: 'docker'}, ctx)
    await writeFile(path.join(dir, 'app', 'Dockerfile.docker'), 'FROM scratch\nCOPY a.txt /a.txt\n')
    const app = path.join(dir, 'app')
    const iid = path.join(dir, 'docker.iid')
    await run(
      OLD_DOCKER,
      [
        'build',
        '--progress=plain',
        ...args,
        '--file',
        path.join(app, 'Dockerfile.docker'),
        '--iidfile',
        iid,
        app
      ],
      {
        env: {DOCKER_BUILDKIT: '1'}
      }
    )
    const id = (await readFile(iid, 'utf8')).trim()
    expect(id).toMatch(/^sha256:/)
    await run(DOCKER, ['image', 'rm', id], {allowFailure: true})
  })
})

const describeBuildah = await requireTools('buildah', 'root')

describeBuildah('buildah', () => {
  test('add-host, build-context, cgroup-parent, network, shm-size and ulimit are accepted', async () => {
    const version = (await run('buildah', ['version', '--json'])).stdout
    const buildahVersion = (JSON.parse(version) as {version: string}).version
    const {args} = buildOptionArgs(
      {...options(), cgroupParent: 'image-action-test'},
      {kind: 'buildah', buildahVersion},
      ctx
    )
    const app = path.join(dir, 'app')
    const iid = path.join(dir, 'buildah.iid')
    await run('buildah', ['bud', ...args, '--file', path.join(app, 'Dockerfile'), '--iidfile', iid, app], {
      env: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'}
    })
    const id = (await readFile(iid, 'utf8')).trim()
    expect(id).toMatch(/^(sha256:)?[a-f0-9]{64}$/)
    await run('buildah', ['rmi', id], {env: {STORAGE_DRIVER: 'vfs'}, allowFailure: true})
  })
})
