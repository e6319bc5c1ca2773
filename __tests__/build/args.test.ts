import {describe, expect, test} from 'vitest'
import {
  buildahBuildArgs,
  buildahPushArgs,
  buildxBuildArgs,
  digestFromDockerPush,
  dockerBuildArgs
} from '../../src/build/args.js'
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
  ['buildx, everything', buildxBuildArgs, req, ['buildx', 'build', '--file', '/w/app/Dockerfile', '--target', 'runtime', '--build-arg', 'A=1', '--build-arg', 'B', '--label', 'org.opencontainers.image.version=1.2.3', '--tag', 'r.io/app:1.2.3', '--tag', 'r.io/app:1.2', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '--push', '/w/app']],
  ['buildx, load only', buildxBuildArgs, {...minimal, load: true}, ['buildx', 'build', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '--metadata-file', '/t/meta.json', '--load', '/w/app']],
  ['docker never pushes while building', dockerBuildArgs, req, ['build', '--file', '/w/app/Dockerfile', '--target', 'runtime', '--build-arg', 'A=1', '--build-arg', 'B', '--label', 'org.opencontainers.image.version=1.2.3', '--tag', 'r.io/app:1.2.3', '--tag', 'r.io/app:1.2', '--iidfile', '/t/iid', '/w/app']],
  ['docker, minimal', dockerBuildArgs, minimal, ['build', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '/w/app']],
  ['buildah keeps layers', buildahBuildArgs, minimal, ['bud', '--layers', '--file', '/w/app/Dockerfile', '--iidfile', '/t/iid', '/w/app']],
]

describe('engine argument builders', () => {
  test.each(cases)('%s', (_title, build, request, expected) => {
    expect(build(request)).toEqual(expected)
  })

  test('buildah push writes the digest file', () => {
    expect(buildahPushArgs('r.io/app:1', '/t/d')).toEqual(['push', '--digestfile', '/t/d', 'r.io/app:1', 'docker://r.io/app:1'])
  })
})

describe('digestFromDockerPush', () => {
  const digest = `sha256:${'ab'.repeat(32)}`
  test.each([
    [`The push refers to repository [127.0.0.1:5000/app]\n5f70bf18a086: Pushed\n1.2.3: digest: ${digest} size: 735\n`, digest],
    ['no digest here', undefined]
  ])('%#', (output, expected) => {
    expect(digestFromDockerPush(output)).toBe(expected)
  })
})
