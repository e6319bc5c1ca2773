import {describe, expect, test} from 'vitest'
import {nativePlatform} from '../../src/build/platforms.js'
import {readInputs} from '../../src/inputs/inputs.js'
import {buildsImage, checkCombinations} from '../../src/validate/combinations.js'
import {refusal} from './helpers.js'

function inputs(values: Record<string, string>) {
  return readInputs(name => values[name] ?? '')
}

const PROMOTE = {images: 'r.io/o/app', tags: 'x', 'promote-from': 'r.io/o/app:sha-1'}
const promotion = (name: string) =>
  `input '${name}': promote-from copies an existing image as it is, so ${name} (a build setting) cannot apply; remove ${name}, or remove promote-from to build`

describe('checkCombinations: inputs that cannot go together', () => {
  test.each<[string, Record<string, string>, string]>([
    ['promote-from + target', {...PROMOTE, target: 'base'}, promotion('target')],
    ['promote-from + build-args', {...PROMOTE, 'build-args': 'A=1'}, promotion('build-args')],
    ['promote-from + file', {...PROMOTE, file: 'Dockerfile'}, promotion('file')],
    ['promote-from + context', {...PROMOTE, context: 'app'}, promotion('context')],
    ['promote-from + secrets', {...PROMOTE, secrets: 'A=1'}, promotion('secrets')],
    ['promote-from + secret-envs', {...PROMOTE, 'secret-envs': 'a=HOME'}, promotion('secret-envs')],
    ['promote-from + secret-files', {...PROMOTE, 'secret-files': 'a=x'}, promotion('secret-files')],
    ['promote-from + platforms', {...PROMOTE, platforms: 'linux/amd64'}, promotion('platforms')],
    ['promote-from + outputs', {...PROMOTE, outputs: 'type=local,dest=out'}, promotion('outputs')],
    ['promote-from + load', {...PROMOTE, load: 'true'}, promotion('load')],
    ['promote-from + no-cache', {...PROMOTE, 'no-cache': 'true'}, promotion('no-cache')],
    ['promote-from + pull', {...PROMOTE, pull: 'true'}, promotion('pull')],
    ['promote-from + cache-from', {...PROMOTE, 'cache-from': 'type=gha'}, promotion('cache-from')],
    ['promote-from + cache-to', {...PROMOTE, 'cache-to': 'type=gha'}, promotion('cache-to')],
    ['promote-from + build-contexts', {...PROMOTE, 'build-contexts': 'a=b'}, promotion('build-contexts')],
    ['promote-from + add-hosts', {...PROMOTE, 'add-hosts': 'a:1.2.3.4'}, promotion('add-hosts')],
    ['promote-from + allow', {...PROMOTE, allow: 'network.host'}, promotion('allow')],
    ['promote-from + attests', {...PROMOTE, attests: 'type=sbom'}, promotion('attests')],
    ['promote-from + call', {...PROMOTE, call: 'check'}, promotion('call')],
    ['promote-from + cgroup-parent', {...PROMOTE, 'cgroup-parent': 'x'}, promotion('cgroup-parent')],
    ['promote-from + network', {...PROMOTE, network: 'host'}, promotion('network')],
    ['promote-from + no-cache-filters', {...PROMOTE, 'no-cache-filters': 'a'}, promotion('no-cache-filters')],
    ['promote-from + provenance', {...PROMOTE, provenance: 'false'}, promotion('provenance')],
    ['promote-from + sbom', {...PROMOTE, sbom: 'true'}, promotion('sbom')],
    ['promote-from + shm-size', {...PROMOTE, 'shm-size': '2g'}, promotion('shm-size')],
    ['promote-from + ssh', {...PROMOTE, ssh: 'default'}, promotion('ssh')],
    ['promote-from + ulimit', {...PROMOTE, ulimit: 'nofile=1:2'}, promotion('ulimit')],
    ['promote-from + builder', {...PROMOTE, builder: 'b'}, promotion('builder')],
    ['promote-from + driver-opts', {...PROMOTE, 'driver-opts': 'network=host'}, promotion('driver-opts')],
    [
      'promote-from + buildkitd-config',
      {...PROMOTE, 'buildkitd-config': 'a.toml'},
      promotion('buildkitd-config')
    ],
    [
      'promote-from + buildkitd-config-inline',
      {...PROMOTE, 'buildkitd-config-inline': 'debug = true'},
      promotion('buildkitd-config-inline')
    ],
    [
      'promote-from + buildkitd-flags',
      {...PROMOTE, 'buildkitd-flags': '--debug'},
      promotion('buildkitd-flags')
    ],
    [
      'promote-from + build: false',
      {...PROMOTE, build: 'false'},
      "input 'build': build: false runs no build and no promotion, so promote-from would do nothing; remove build: false or promote-from"
    ],
    [
      'build: false + push',
      {build: 'false', push: 'true'},
      "input 'build': build: false runs no build and no promotion, so push: true would do nothing; remove build: false or push: true"
    ],
    [
      'build: false + load',
      {build: 'false', load: 'true'},
      "input 'build': build: false runs no build and no promotion, so load: true would do nothing; remove build: false or load: true"
    ],
    [
      'build: false + outputs',
      {build: 'false', outputs: 'type=local,dest=o'},
      "input 'build': build: false runs no build and no promotion, so outputs would do nothing; remove build: false or outputs"
    ],
    [
      'docker: two platforms',
      {engine: 'docker', platforms: 'linux/amd64,linux/arm64'},
      "input 'platforms': platforms linux/amd64, linux/arm64: docker without buildx builds only the native platform (NATIVE); install the buildx plugin (docker/setup-buildx-action) for other or several platforms (engine: docker)"
    ],
    [
      'buildah: two platforms and load',
      {engine: 'buildah', load: 'true', platforms: 'linux/amd64\nlinux/arm64'},
      "input 'platforms': platforms linux/amd64, linux/arm64: buildah builds one platform per run here; build one platform per job, or use the buildx engine for a multi-platform image (engine: buildah)"
    ],
    [
      'docker: a local export',
      {engine: 'docker', outputs: 'type=local,dest=out'},
      "input 'outputs': 'type=local,dest=out' cannot be written by the docker engine: type=local is BuildKit's file-system export, which only buildx does; for an image tarball write type=docker,dest=<file>"
    ],
    [
      'buildah: a builder',
      {engine: 'buildah', builder: 'mine'},
      "input 'builder': buildah has no buildx builders; remove builder or use engine: buildx"
    ],
    [
      'docker: call',
      {engine: 'docker', call: 'check'},
      "input 'call': docker build without buildx (docker's built-in BuildKit) has no --call; remove call or use engine: buildx (0.15 or later)"
    ],
    [
      'buildah: a target: build context',
      {engine: 'buildah', 'build-contexts': 'base=target:deps'},
      "input 'build-contexts': 'base=target:deps': buildah takes a directory, an http(s) URL or an image (docker-image://, container-image://) as a build context, not a stage (target:); use engine: buildx"
    ]
  ])('%s', (_what, values, message) => {
    expect(refusal(() => checkCombinations(inputs(values), '/w'))).toBe(
      message.replace('NATIVE', nativePlatform())
    )
  })

  test('what goes together passes', () => {
    for (const values of <Record<string, string>[]>[
      PROMOTE,
      {...PROMOTE, context: './'},
      {...PROMOTE, push: 'true', labels: 'a=b', engine: 'buildx', cache: 'none', 'cache-ref': 'r.io/c'},
      {build: 'false', prune: 'type=pr-closed'},
      {engine: 'docker', platforms: 'linux/amd64', outputs: 'type=docker,dest=x.tar'},
      {engine: 'buildah', platforms: 'linux/arm64', outputs: 'type=oci,dest=x.tar'},
      // An engine picked at run time is judged once it is known.
      {engine: 'auto', platforms: 'linux/amd64,linux/arm64', call: 'check'},
      // A prune-only step builds nothing: its engine's limits do not matter.
      {engine: 'docker', prune: 'type=pr-closed', platforms: 'linux/amd64,linux/arm64'}
    ]) {
      expect(() => checkCombinations(inputs(values), '/w')).not.toThrow()
    }
  })

  test.each<[string, Record<string, string>, boolean]>([
    ['a default step', {}, true],
    ['a promotion', PROMOTE, false],
    ['prune alone', {prune: 'type=pr-closed'}, false],
    ['prune and push', {prune: 'type=pr-closed', push: 'true'}, true],
    ['build: false', {build: 'false'}, false],
    ['build: true with prune', {build: 'true', prune: 'type=pr-closed'}, true]
  ])('buildsImage: %s → %s', (_what, values, builds) => {
    expect(buildsImage(inputs(values))).toBe(builds)
  })
})
