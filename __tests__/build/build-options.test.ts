import {describe, expect, test} from 'vitest'
import {buildahBuildArgs, buildxBuildArgs, dockerBuildArgs} from '../../src/build/args.js'
import type {BuildRequest} from '../../src/build/args.js'
import {buildahArchiveArgs, dockerSaveArgs, planOutputs} from '../../src/build/outputs.js'
import {normalizePlatform, parsePlatforms, platformArgs} from '../../src/build/platforms.js'
import {buildOptionArgs} from '../../src/build/build-options.js'
import {NO_BUILD_OPTIONS} from '../../src/build/build-option-types.js'
import type {BuildOptionContext, BuildOptions} from '../../src/build/build-option-types.js'
import type {BuilderFacts} from '../../src/build/builder-facts.js'
import type {AttestSetting} from '../../src/build/option-inputs.js'
import {InputError} from '../../src/shared/errors.js'

const req: BuildRequest = {
  context: '/w/app',
  file: '/w/app/Dockerfile',
  buildArgs: [],
  labels: [],
  tags: ['r.io/app:1'],
  push: false,
  load: false,
  iidFile: '/t/iid',
  metadataFile: '/t/meta.json',
  secrets: [{id: 'tok', src: '/t/secrets/secret-0'}],
  noCache: true,
  pull: true
}
const head = ['--file', '/w/app/Dockerfile', '--tag', 'r.io/app:1']
const tail = ['--secret', 'id=tok,src=/t/secrets/secret-0', '--no-cache']

describe('secrets, no-cache, pull, platforms per engine', () => {
  test('docker', () => {
    expect(dockerBuildArgs(req)).toEqual([
      'build',
      '--progress=plain',
      ...head,
      ...tail,
      '--pull',
      '--iidfile',
      '/t/iid',
      '/w/app'
    ])
  })
  test('buildah: pull=always is what docker --pull means', () => {
    expect(buildahBuildArgs({...req, platforms: ['linux/arm64']})).toEqual([
      'bud',
      '--layers',
      ...head,
      '--platform',
      'linux/arm64',
      ...tail,
      '--pull=always',
      '--iidfile',
      '/t/iid',
      '/w/app'
    ])
  })
  test('buildx: platforms joined, outputs passed through', () => {
    expect(
      buildxBuildArgs({...req, platforms: ['linux/amd64', 'linux/arm64'], outputs: ['type=oci,dest=/o.tar']})
    ).toEqual([
      'buildx',
      'build',
      '--progress=plain',
      ...head,
      '--platform',
      'linux/amd64,linux/arm64',
      ...tail,
      '--pull',
      '--iidfile',
      '/t/iid',
      '--metadata-file',
      '/t/meta.json',
      '--output',
      'type=oci,dest=/o.tar',
      '/w/app'
    ])
  })
})

describe('platforms', () => {
  test('parse and normalise', () => {
    expect(parsePlatforms('linux/amd64, linux/arm64\nlinux/arm/v7')).toEqual([
      'linux/amd64',
      'linux/arm64',
      'linux/arm/v7'
    ])
    expect(normalizePlatform('Linux/x86_64')).toBe('linux/amd64')
    expect(normalizePlatform('linux/amd64/v1')).toBe('linux/amd64')
  })
  test.each([
    ['docker', ['linux/amd64'], {args: []}],
    ['docker', ['linux/arm64'], {error: expect.stringContaining('only the native platform (linux/amd64)')}],
    ['docker', ['linux/amd64', 'linux/arm64'], {error: expect.stringContaining('buildx')}],
    ['buildah', ['linux/arm64'], {args: ['--platform', 'linux/arm64']}],
    ['buildah', ['linux/amd64', 'linux/arm64'], {error: expect.stringContaining('one platform')}],
    ['buildx', [], {args: []}]
  ] as const)('%s %j', (kind, platforms, expected) => {
    expect(platformArgs(kind, platforms, 'linux/amd64')).toEqual(expected)
  })
})

describe('outputs', () => {
  test('docker and buildah write image tarballs; buildx passes lines through', () => {
    expect(planOutputs(['type=docker,dest=out/img.tar'], 'docker', '/w')).toEqual({
      raw: [],
      tarballs: [{format: 'docker', dest: '/w/out/img.tar'}]
    })
    expect(planOutputs(['type=oci,dest=/o.tar'], 'buildah', '/w').tarballs).toEqual([
      {format: 'oci', dest: '/o.tar'}
    ])
    expect(planOutputs(['type=tar,dest=x'], 'buildx', '/w')).toEqual({raw: ['type=tar,dest=x'], tarballs: []})
  })
  test.each([
    ['type=tar,dest=x', 'docker', /type=docker,dest=/],
    ['type=oci,dest=x', 'docker', /cannot be written by the docker engine/],
    ['type=registry', 'buildah', /push: true/],
    ['type=docker', 'docker', /needs dest=/]
  ] as const)('%s on %s → a clear error', (line, kind, message) => {
    expect(() => planOutputs([line], kind, '/w')).toThrow(message)
  })
  test('commands', () => {
    expect(dockerSaveArgs({format: 'docker', dest: '/o.tar'}, ['r.io/app:1', 'r.io/app:2'])).toEqual([
      'save',
      '--output',
      '/o.tar',
      'r.io/app:1',
      'r.io/app:2'
    ])
    expect(buildahArchiveArgs({format: 'oci', dest: '/o.tar'}, 'sha256:x', 'r.io/app:1')).toEqual([
      'push',
      'sha256:x',
      'oci-archive:/o.tar:r.io/app:1'
    ])
  })
})

describe('buildOptionArgs: build-push-action options per engine', () => {
  const runUrl = 'https://github.com/o/r/actions/runs/7/attempts/1'
  const container: BuilderFacts = {
    name: 'builder-1',
    driver: 'docker-container',
    buildxVersion: '0.16.2',
    buildkitVersion: '0.15.2',
    cacheExport: true,
    multiPlatform: true,
    attestations: true,
    platforms: ['linux/amd64'],
    created: true
  }
  const classic: BuilderFacts = {
    ...container,
    name: 'default',
    driver: 'docker',
    buildxVersion: '0.13.1',
    buildkitVersion: '0.13.2',
    cacheExport: false,
    multiPlatform: false,
    attestations: false,
    created: false
  }
  const ctx: BuildOptionContext = {repoPrivate: false, load: false, outputs: [], runUrl, push: true}
  const all: BuildOptions = {
    ...NO_BUILD_OPTIONS,
    addHosts: ['db.local:10.0.0.5'],
    buildContexts: ['lib=/w/lib'],
    cgroupParent: 'ci.slice',
    network: 'host',
    shmSize: '1g',
    ssh: ['default'],
    ulimits: ['nofile=1024:2048']
  }
  const buildx = (options: Partial<BuildOptions>, builder: BuilderFacts | undefined, c: BuildOptionContext) =>
    buildOptionArgs({...NO_BUILD_OPTIONS, ...options}, {kind: 'buildx', ...(builder ? {builder} : {})}, c)
  const defaultMax = ['--attest', `type=provenance,mode=max,builder-id=${runUrl}`]
  const defaultMin = ['--attest', `type=provenance,mode=min,inline-only=true,builder-id=${runUrl}`]

  test('buildx: every flag as build-push-action passes it, with the default provenance', () => {
    expect(
      buildx({...all, allow: ['network.host'], noCacheFilters: ['deps'], call: ''}, container, ctx)
    ).toEqual({
      args: [
        '--add-host',
        'db.local:10.0.0.5',
        '--allow',
        'network.host',
        '--build-context',
        'lib=/w/lib',
        '--cgroup-parent',
        'ci.slice',
        '--network',
        'host',
        '--no-cache-filter',
        'deps',
        ...defaultMax,
        '--shm-size',
        '1g',
        '--ssh',
        'default',
        '--ulimit',
        'nofile=1024:2048'
      ],
      warnings: []
    })
  })

  // prettier-ignore
  test.each([
    ['public repository: mode=max', {}, container, ctx, defaultMax],
    ['private repository: mode=min, inline only', {}, container, {...ctx, repoPrivate: true}, defaultMin],
    ['unknown visibility counts as private', {}, container, {...ctx, repoPrivate: undefined}, defaultMin],
    ['no run URL: no builder-id', {}, container, {...ctx, runUrl: undefined}, ['--attest', 'type=provenance,mode=max']],
    ['load: none', {}, container, {...ctx, load: true}, []],
    ['an output of type=docker: none', {}, container, {...ctx, outputs: ['type=docker,dest=/o.tar']}, []],
    ['an OCI output: default', {}, container, {...ctx, outputs: ['type=oci,dest=/o.tar']}, defaultMax],
    ['BUILDX_NO_DEFAULT_ATTESTATIONS=1: none', {}, container, {...ctx, noDefaultAttestations: '1'}, []],
    ['BUILDX_NO_DEFAULT_ATTESTATIONS=false: default', {}, container, {...ctx, noDefaultAttestations: 'false'}, defaultMax],
    ['a builder that cannot write attestations: none', {}, classic, ctx, []],
    ['BuildKit before 0.11: none', {}, {...container, buildkitVersion: '0.10.6'}, ctx, []],
    ['builder unknown: none (buildx adds its own where it can)', {}, undefined, ctx, []],
    ['provenance: true', {provenance: {disabled: false, attrs: []}}, container, ctx, ['--attest', `type=provenance,builder-id=${runUrl}`]],
    ['provenance: mode=max keeps its builder-id', {provenance: {disabled: false, attrs: ['mode=max', 'builder-id=me']}}, container, ctx, ['--attest', 'type=provenance,mode=max,builder-id=me']],
    ['provenance: false turns buildx\'s own default off', {provenance: {disabled: true, attrs: []}}, container, ctx, ['--attest', 'type=provenance,disabled=true']],
    ['provenance: false works on any builder', {provenance: {disabled: true, attrs: []}}, classic, ctx, ['--attest', 'type=provenance,disabled=true']],
    ['sbom: false on a classic builder', {sbom: {disabled: true, attrs: []}}, classic, ctx, ['--attest', 'type=sbom,disabled=true']],
    ['an attests provenance line keeps its own builder-id', {attests: ['type=provenance,builder-id=me,mode=max']}, container, ctx, ['--attest', 'type=provenance,builder-id=me,mode=max']],
    ['an attests provenance line replaces the default', {attests: ['type=provenance,mode=max']}, container, ctx, ['--attest', `type=provenance,mode=max,builder-id=${runUrl}`]],
    ['sbom and provenance win over attests lines of their type',
      {provenance: {disabled: false, attrs: ['mode=min']}, sbom: {disabled: false, attrs: []}, attests: ['type=provenance,mode=max', 'type=sbom,generator=x', 'type=custom,a=b']},
      container, ctx,
      ['--attest', `type=provenance,mode=min,builder-id=${runUrl}`, '--attest', 'type=sbom', '--attest', 'type=custom,a=b']],
    ['sbom with a generator, plus the default provenance', {sbom: {disabled: false, attrs: ['generator=img']}}, container, ctx, [...defaultMax, '--attest', 'type=sbom,generator=img']]
  ] as [string, Partial<BuildOptions>, BuilderFacts | undefined, BuildOptionContext, string[]][])(
    'buildx attestations: %s',
    (_title, options, builder, c, expected) => {
      expect(buildx(options, builder, c).args).toEqual(expected)
    }
  )

  test('buildx: an unreadable BUILDX_NO_DEFAULT_ATTESTATIONS is said and ignored', () => {
    expect(buildx({}, container, {...ctx, noDefaultAttestations: 'sometimes'})).toEqual({
      args: defaultMax,
      warnings: ["BUILDX_NO_DEFAULT_ATTESTATIONS='sometimes' is not a boolean; default provenance stays on"]
    })
  })

  test('buildx: call where buildx has it, not with a push', () => {
    expect(buildx({call: 'check'}, container, {...ctx, push: false}).args).toEqual([
      '--call',
      'check',
      ...defaultMax
    ])
  })

  const classicSays =
    "builder 'default' (docker driver) cannot write attestations: the docker driver on the classic image store cannot, a docker-container builder or the containerd image store can; set one up, or"
  // prettier-ignore
  test.each([
    ['sbom on the classic store', {sbom: {disabled: false, attrs: []}}, classic, ctx, `input 'sbom': ${classicSays} set sbom: false`],
    ['provenance on the classic store', {provenance: {disabled: false, attrs: ['mode=max']}}, classic, ctx, `input 'provenance': ${classicSays} set provenance: false`],
    ['attests on the classic store', {attests: ['type=sbom']}, classic, ctx, `input 'attests': ${classicSays} remove the attests lines`],
    ['attestations before buildx 0.10', {sbom: {disabled: false, attrs: []}}, {...container, buildxVersion: '0.9.1'}, ctx, "input 'sbom': attestations need buildx 0.10 or later (this runner has 0.9.1); update buildx or set sbom: false"],
    ['call before buildx 0.15', {call: 'check'}, classic, {...ctx, push: false}, "input 'call': --call needs buildx 0.15 or later (this runner has 0.13.1)"],
    ['build-contexts before buildx 0.8', {buildContexts: ['a=/x']}, {...container, buildxVersion: '0.7.1'}, ctx, "input 'build-contexts': --build-context needs buildx 0.8 or later (this runner has 0.7.1)"],
    ['call with push', {call: 'check'}, container, ctx, "input 'call': call 'check' builds no image, so there is nothing to push; set push: false or call: build"],
    ['call with load', {call: 'outline'}, container, {...ctx, push: false, load: true}, "input 'call': call 'outline' builds no image, so there is nothing to load; set load: false or call: build"],
    ['call with outputs', {call: 'targets'}, container, {...ctx, push: false, outputs: ['type=local,dest=o']}, "input 'call': call 'targets' builds no image, so there is nothing to write to outputs; set no outputs or call: build"],
    ['a named network', {network: 'ci-net'}, container, ctx, "input 'network': BuildKit runs RUN steps only on default, none or host, not 'ci-net'; to join another network, create the builder on it with driver-opts: network=ci-net (docker-container driver), or use engine: buildah"]
  ] as [string, Partial<BuildOptions>, BuilderFacts, BuildOptionContext, string][])(
    'buildx refuses %s',
    (_title, options, builder, c, message) => {
      expect(() => buildx(options, builder, c)).toThrow(InputError)
      expect(() => buildx(options, builder, c)).toThrow(message)
    }
  )

  const withoutContexts: BuildOptions = {...all, buildContexts: []}

  test('docker: what docker build has; cgroup-parent is said to be ignored; default provenance silently none', () => {
    expect(
      buildOptionArgs({...withoutContexts, provenance: {disabled: true, attrs: []}}, {kind: 'docker'}, ctx)
    ).toEqual({
      // prettier-ignore
      args: ['--add-host', 'db.local:10.0.0.5', '--network', 'host', '--shm-size', '1g', '--ssh', 'default', '--ulimit', 'nofile=1024:2048'],
      warnings: [
        "cgroup-parent is not applied: docker build without buildx (docker's built-in BuildKit) ignores it (the daemon's own --cgroup-parent applies); use engine: buildx or buildah"
      ]
    })
    expect(buildOptionArgs(NO_BUILD_OPTIONS, {kind: 'docker'}, ctx)).toEqual({args: [], warnings: []})
  })

  test('buildah: what buildah has; network default is its own default; named networks pass', () => {
    expect(
      buildOptionArgs({...all, network: 'default'}, {kind: 'buildah', buildahVersion: '1.28.2'}, ctx)
    ).toEqual({
      // prettier-ignore
      args: ['--add-host', 'db.local:10.0.0.5', '--build-context', 'lib=/w/lib', '--cgroup-parent', 'ci.slice', '--shm-size', '1g', '--ssh', 'default', '--ulimit', 'nofile=1024:2048'],
      warnings: []
    })
    const named = buildOptionArgs({...NO_BUILD_OPTIONS, network: 'ci-net'}, {kind: 'buildah'}, ctx)
    expect(named.args).toEqual(['--network', 'ci-net'])
    const image = {...NO_BUILD_OPTIONS, buildContexts: ['alpine=docker-image://alpine:3.20']}
    expect(buildOptionArgs(image, {kind: 'buildah', buildahVersion: '1.28.2'}, ctx).args).toEqual([
      '--build-context',
      'alpine=docker-image://alpine:3.20'
    ])
  })

  const docker = "docker build without buildx (docker's built-in BuildKit)"
  const on = (sbom: boolean): AttestSetting => ({disabled: !sbom, attrs: []})
  // prettier-ignore
  test.each([
    ['docker', {buildContexts: ['a=/x']}, `input 'build-contexts': ${docker} has no --build-context; use engine: buildx (0.8 or later) or buildah`],
    ['docker', {allow: ['network.host']}, `input 'allow': ${docker} has no entitlements (--allow); remove allow or use engine: buildx`],
    ['docker', {noCacheFilters: ['deps']}, `input 'no-cache-filters': ${docker} has no --no-cache-filter; use no-cache: true to rebuild every stage, or use engine: buildx`],
    ['docker', {call: 'check'}, `input 'call': ${docker} has no --call; remove call or use engine: buildx (0.15 or later)`],
    ['docker', {builder: 'mine'}, `input 'builder': ${docker} has no buildx builders; remove builder or use engine: buildx`],
    ['docker', {provenance: on(true)}, `input 'provenance': ${docker} cannot write attestations; set provenance: false, or use engine: buildx with a docker-container builder or the containerd image store`],
    ['docker', {sbom: on(true)}, `input 'sbom': ${docker} cannot write attestations; set sbom: false, or use engine: buildx with a docker-container builder or the containerd image store`],
    ['docker', {attests: ['type=sbom']}, `input 'attests': ${docker} cannot write attestations; remove the attests lines, or use engine: buildx with a docker-container builder or the containerd image store`],
    ['docker', {network: 'ci-net'}, "input 'network': BuildKit runs RUN steps only on default, none or host, not 'ci-net'; to join another network, use engine: buildah, or buildx with driver-opts: network=ci-net"],
    ['buildah', {allow: ['security.insecure']}, "input 'allow': buildah 1.28.2 has no entitlements (--allow); remove allow or use engine: buildx"],
    ['buildah', {noCacheFilters: ['deps']}, "input 'no-cache-filters': buildah 1.28.2 has no --no-cache-filter; use no-cache: true to rebuild every stage, or use engine: buildx"],
    ['buildah', {call: 'outline'}, "input 'call': buildah 1.28.2 has no --call; remove call or use engine: buildx (0.15 or later)"],
    ['buildah', {sbom: on(true)}, "input 'sbom': buildah 1.28.2 cannot write attestations; set sbom: false, or use engine: buildx with a docker-container builder or the containerd image store"],
    ['buildah', {buildContexts: ['base=target:deps']}, "input 'build-contexts': 'base=target:deps': buildah takes a directory, an http(s) URL or an image (docker-image://, container-image://) as a build context, not a stage (target:); use engine: buildx"],
    ['buildah', {buildContexts: ['base=oci-layout:///l']}, "input 'build-contexts': 'base=oci-layout:///l': buildah takes a directory, an http(s) URL or an image (docker-image://, container-image://) as a build context, not an OCI layout; use engine: buildx"]
  ] as ['docker' | 'buildah', Partial<BuildOptions>, string][])('%s refuses %j', (kind, options, message) => {
    const run = () => buildOptionArgs({...NO_BUILD_OPTIONS, ...options}, {kind, buildahVersion: '1.28.2'}, ctx)
    expect(run).toThrow(InputError)
    expect(run).toThrow(message)
  })

  test('buildah before 1.28 has no --build-context; off attestations are fine anywhere', () => {
    const contexts = {...NO_BUILD_OPTIONS, buildContexts: ['a=/x']}
    expect(() => buildOptionArgs(contexts, {kind: 'buildah', buildahVersion: '1.27.3'}, ctx)).toThrow(
      "input 'build-contexts': --build-context needs buildah 1.28 or later (this runner has 1.27.3)"
    )
    const off = {
      ...NO_BUILD_OPTIONS,
      provenance: on(false),
      sbom: on(false),
      attests: ['type=sbom,disabled=true']
    }
    expect(buildOptionArgs(off, {kind: 'buildah'}, ctx)).toEqual({args: [], warnings: []})
    expect(buildOptionArgs(off, {kind: 'docker'}, ctx)).toEqual({args: [], warnings: []})
  })
})
