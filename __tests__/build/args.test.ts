import {describe, expect, test} from 'vitest'
import {
  buildahBuildArgs,
  buildahPushArgs,
  buildxBuildArgs,
  digestFromDockerPush,
  dockerBuildArgs,
  dockerStageBuildArgs
} from '../../src/build/args.js'
import {planCache} from '../../src/cache/policy.js'
import type {CacheMode} from '../../src/cache/policy.js'
import type {BuildRequest} from '../../src/build/args.js'

const req: BuildRequest = {
  context: '/w/app',
  file: '/w/app/Dockerfile',
  target: 'runtime',
  buildArgs: ['A=1', 'B'],
  labels: ['org.opencontainers.image.version=1.2.3'],
  tags: ['r.io/app:1.2.3', 'r.io/app:1.2'],
  push: true,
  load: false,
  iidFile: '/t/iid',
  metadataFile: '/t/meta.json'
}
const minimal: BuildRequest = {...req, target: undefined, buildArgs: [], labels: [], tags: [], push: false}

// prettier-ignore
const cases: [string, (r: BuildRequest) => string[], BuildRequest, string[]][] = [
  ['buildx, everything', buildxBuildArgs, req, ['buildx', 'build', '--progress=plain', '--file', '/w/app/Dockerfile', '--target', 'runtime', '--build-arg', 'A=1', '--build-arg', 'B', '--label', 'org.opencontainers.image.version=1.2.3', '--tag', 'r.io/app:1.2.3', '--tag', 'r.io/app:1.2', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '--push', '/w/app']],
  ['buildx, load only', buildxBuildArgs, {...minimal, load: true}, ['buildx', 'build', '--progress=plain', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '--load', '/w/app']],
  ['docker never pushes while building', dockerBuildArgs, req, ['build', '--progress=plain', '--file', '/w/app/Dockerfile', '--target', 'runtime', '--build-arg', 'A=1', '--build-arg', 'B', '--label', 'org.opencontainers.image.version=1.2.3', '--tag', 'r.io/app:1.2.3', '--tag', 'r.io/app:1.2', '--iidfile', '/t/iid', '/w/app']],
  ['docker, minimal', dockerBuildArgs, minimal, ['build', '--progress=plain', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '/w/app']],
  ['buildah keeps layers', buildahBuildArgs, minimal, ['bud', '--layers', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '/w/app']],
  ['buildx writes annotations', buildxBuildArgs, {...minimal, annotations: ['manifest:a=1', 'index:b=2']}, ['buildx', 'build', '--progress=plain', '--file', '/w/app/Dockerfile', '--annotation', 'manifest:a=1', '--annotation', 'index:b=2', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '/w/app']],
  ['buildah writes annotations', buildahBuildArgs, {...minimal, annotations: ['a=1']}, ['bud', '--layers', '--file', '/w/app/Dockerfile', '--annotation', 'a=1', '--iidfile', '/t/iid', '/w/app']],
  ['buildx takes the build options\' flags', buildxBuildArgs, {...minimal, optionArgs: ['--network', 'host', '--attest', 'type=sbom']}, ['buildx', 'build', '--progress=plain', '--file', '/w/app/Dockerfile', '--network', 'host', '--attest', 'type=sbom', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '/w/app']],
  ['docker takes them', dockerBuildArgs, {...minimal, optionArgs: ['--shm-size', '1g']}, ['build', '--progress=plain', '--file', '/w/app/Dockerfile', '--shm-size', '1g', '--iidfile', '/t/iid', '/w/app']],
  ['buildah takes them', buildahBuildArgs, {...minimal, optionArgs: ['--ulimit', 'nofile=1024:2048']}, ['bud', '--layers', '--file', '/w/app/Dockerfile', '--ulimit', 'nofile=1024:2048', '--iidfile', '/t/iid', '/w/app']],
]

describe('engine argument builders', () => {
  test.each(cases)('%s', (_title, build, request, expected) => {
    expect(build(request)).toEqual(expected)
  })

  test('buildah push writes the digest file', () => {
    expect(buildahPushArgs('r.io/app:1', '/t/d')).toEqual([
      'push',
      '--digestfile',
      '/t/d',
      'r.io/app:1',
      'docker://r.io/app:1'
    ])
  })
})

describe('digestFromDockerPush', () => {
  const digest = `sha256:${'ab'.repeat(32)}`
  test.each([
    [
      `The push refers to repository [127.0.0.1:5000/app]\n5f70bf18a086: Pushed\n1.2.3: digest: ${digest} size: 735\n`,
      digest
    ],
    ['no digest here', undefined]
  ])('%#', (output, expected) => {
    expect(digestFromDockerPush(output)).toBe(expected)
  })
})

describe('cache arguments inside the engine argv', () => {
  const main = {eventName: 'push', ref: 'refs/heads/main', payload: {}, defaultBranch: 'main'}
  const feature = {...main, ref: 'refs/heads/feat'}
  const plan = (mode: CacheMode, event = feature) =>
    planCache({mode, cacheRef: '', cacheFrom: [], cacheTo: []}, event, {
      image: 'r.io/app',
      localDir: '/rt/cache'
    })

  test('buildx reads every scope, writes its own after the tags', () => {
    const args = buildxBuildArgs({...minimal, cache: plan('registry')})
    expect(args.slice(args.indexOf('--metadata-file') + 2)).toEqual([
      '--cache-from',
      'type=registry,ref=r.io/app:buildcache-feat',
      '--cache-from',
      'type=registry,ref=r.io/app:buildcache-main',
      '--cache-to',
      'type=registry,ref=r.io/app:buildcache-feat,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true',
      '/w/app'
    ])
  })

  test('buildx inline: the cache ref is one more tag of the pushed image', () => {
    const args = buildxBuildArgs({...req, cache: plan('inline')})
    expect(args).toContain('type=inline')
    expect(args.filter((_, i) => args[i - 1] === '--tag')).toEqual([
      'r.io/app:1.2.3',
      'r.io/app:1.2',
      'r.io/app:buildcache-feat'
    ])
  })

  test('docker: plain progress, inline cache build-arg, every cache ref', () => {
    const args = dockerBuildArgs(minimal, {cacheFrom: ['r/a:x', 'r/a:x-partial'], inline: true})
    expect(args).toEqual([
      'build',
      '--progress=plain',
      '--file',
      '/w/app/Dockerfile',
      '--iidfile',
      '/t/iid',
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'r/a:x',
      '--cache-from',
      'r/a:x-partial',
      '/w/app'
    ])
  })

  test("docker stage build: its own target, iidfile and label; not the user's labels or tags", () => {
    const stage = {target: 'deps', iidFile: '/t/iid.stage-0', labels: ['k=r/a:x-stage-deps']}
    const args = dockerStageBuildArgs(req, stage, {cacheFrom: ['r/a:x-stage-deps'], inline: true})
    // A stage's RUN steps need the same hosts, network and limits as the final build.
    expect(
      dockerStageBuildArgs({...req, optionArgs: ['--add-host', 'db:10.0.0.5']}, stage, {
        cacheFrom: [],
        inline: false
      })
    ).toContain('--add-host')
    expect(args).toEqual([
      'build',
      '--progress=plain',
      '--file',
      '/w/app/Dockerfile',
      '--target',
      'deps',
      '--build-arg',
      'A=1',
      '--build-arg',
      'B',
      '--label',
      'k=r/a:x-stage-deps',
      '--iidfile',
      '/t/iid.stage-0',
      '--build-arg',
      'BUILDKIT_INLINE_CACHE=1',
      '--cache-from',
      'r/a:x-stage-deps',
      '/w/app'
    ])
  })

  test('buildah: reads and writes its own repository; without write permission only reads', () => {
    expect(buildahBuildArgs({...minimal, cache: plan('registry')})).toEqual([
      'bud',
      '--layers',
      '--file',
      '/w/app/Dockerfile',
      '--iidfile',
      '/t/iid',
      '--cache-from',
      'r.io/app-buildcache',
      '--cache-to',
      'r.io/app-buildcache',
      '/w/app'
    ])
    const tag = {...main, ref: 'refs/tags/v1'}
    expect(buildahBuildArgs({...minimal, cache: plan('registry', tag)})).toEqual([
      'bud',
      '--layers',
      '--file',
      '/w/app/Dockerfile',
      '--iidfile',
      '/t/iid',
      '--cache-from',
      'r.io/app-buildcache',
      '/w/app'
    ])
    expect(buildahBuildArgs({...minimal, cache: plan('registry')}, false)).not.toContain('--cache-to')
  })
})
