import {expect, test} from 'vitest'
import {
  buildahLayoutArgs,
  buildxBuildArgs,
  buildxPushedTags,
  dockerTagArgs,
  imagetoolsCreateArgs,
  ociLayoutOutput
} from '../../src/build/args.js'
import type {BuildRequest} from '../../src/build/args.js'

const req: BuildRequest = {
  context: '/w/app',
  file: '/w/app/Dockerfile',
  buildArgs: [],
  labels: [],
  tags: ['r.io/app:1'],
  push: true,
  load: false,
  iidFile: '/t/iid',
  metadataFile: '/t/meta.json'
}

test('buildx pushes the first tag only; the client writes the others', () => {
  expect(buildxPushedTags(['r.io/app:1', 'r.io/app:2', 'q.io/app:1'])).toEqual(['r.io/app:1'])
  expect(buildxPushedTags([])).toEqual([])
})

test('a retried buildx push writes an OCI layout directory instead of pushing, everything else alike', () => {
  const pushing = buildxBuildArgs(req)
  const layout = buildxBuildArgs(req, '/t/layout/oci')
  expect(pushing.slice(-2)).toEqual(['--push', '/w/app'])
  expect(layout.slice(-3)).toEqual(['--output', 'type=oci,dest=/t/layout/oci,tar=false', '/w/app'])
  expect(layout.slice(0, -3)).toEqual(pushing.slice(0, -2))
  expect(ociLayoutOutput('/d')).toBe('type=oci,dest=/d,tar=false')
  // Without push the layout is never asked for.
  expect(buildxBuildArgs({...req, push: false}, '/t/layout/oci')).not.toContain('--output')
})

test('buildah into a layout, docker tag, imagetools create', () => {
  expect(buildahLayoutArgs('sha256:abc', '/t/oci')).toEqual(['push', 'sha256:abc', 'oci:/t/oci'])
  expect(dockerTagArgs('r.io/app:1', 'r.io/app:2')).toEqual(['tag', 'r.io/app:1', 'r.io/app:2'])
  expect(imagetoolsCreateArgs('r.io/app:2', 'r.io/app@sha256:abc', 'b1')).toEqual([
    'buildx',
    'imagetools',
    'create',
    '--builder',
    'b1',
    '--tag',
    'r.io/app:2',
    'r.io/app@sha256:abc'
  ])
  expect(imagetoolsCreateArgs('r.io/app:2', 'r.io/app@sha256:abc')).toEqual([
    'buildx',
    'imagetools',
    'create',
    '--tag',
    'r.io/app:2',
    'r.io/app@sha256:abc'
  ])
})
