import {describe, expect, test} from 'vitest'
import {buildahBuildArgs, buildxBuildArgs, dockerBuildArgs} from '../../src/build/args.js'
import type {BuildRequest} from '../../src/build/args.js'
import {buildahArchiveArgs, dockerSaveArgs, planOutputs} from '../../src/build/outputs.js'
import {normalizePlatform, parsePlatforms, platformArgs} from '../../src/build/platforms.js'

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
    expect(dockerSaveArgs({format: 'docker', dest: '/o.tar'}, 'r.io/app:1')).toEqual([
      'save',
      '--output',
      '/o.tar',
      'r.io/app:1'
    ])
    expect(buildahArchiveArgs({format: 'oci', dest: '/o.tar'}, 'sha256:x', 'r.io/app:1')).toEqual([
      'push',
      'sha256:x',
      'oci-archive:/o.tar:r.io/app:1'
    ])
  })
})
