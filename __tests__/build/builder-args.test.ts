import {describe, expect, test} from 'vitest'
import {
  bootstrapBuilderArgs,
  buildkitdConfig,
  createBuilderArgs,
  inspectBuilderArgs,
  removeBuilderArgs
} from '../../src/build/builder-args.js'

const FLAGS = '--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host'

describe('createBuilderArgs', () => {
  // prettier-ignore
  const cases: [string, Parameters<typeof createBuilderArgs>[0], string[]][] = [
    ['defaults of setup-buildx-action', {name: 'b', driverOpts: [], registries: ['ghcr.io']},
      ['buildx', 'create', '--name', 'b', '--driver', 'docker-container', '--driver-opt', 'image=moby/buildkit:buildx-stable-1', '--buildkitd-flags', FLAGS]],
    ['a loopback registry needs the host network', {name: 'b', driverOpts: [], registries: ['127.0.0.1:5000', 'ghcr.io']},
      ['buildx', 'create', '--name', 'b', '--driver', 'docker-container', '--driver-opt', 'image=moby/buildkit:buildx-stable-1', '--driver-opt', 'network=host', '--buildkitd-flags', FLAGS]],
    ["the user's image, network and flags win; config passed", {name: 'b', driverOpts: ['image=mirror/buildkit:v0.25.1', 'network=bridge', 'env.X=1'], buildkitdFlags: '--debug', configFile: '/t/buildkitd.toml', registries: ['localhost:5000']},
      ['buildx', 'create', '--name', 'b', '--driver', 'docker-container', '--driver-opt', 'image=mirror/buildkit:v0.25.1', '--driver-opt', 'network=bridge', '--driver-opt', 'env.X=1', '--buildkitd-flags', '--debug', '--config', '/t/buildkitd.toml']],
  ]
  test.each(cases)('%s', (_title, options, expected) => expect(createBuilderArgs(options)).toEqual(expected))

  test('bootstrap, inspect and remove', () => {
    expect(bootstrapBuilderArgs('b')).toEqual(['buildx', 'inspect', '--bootstrap', '--builder', 'b'])
    expect(inspectBuilderArgs()).toEqual(['buildx', 'inspect'])
    expect(inspectBuilderArgs('b')).toEqual(['buildx', 'inspect', 'b'])
    expect(removeBuilderArgs('b')).toEqual(['buildx', 'rm', 'b'])
  })
})

describe('buildkitdConfig', () => {
  // prettier-ignore
  const cases: [string, string, Parameters<typeof buildkitdConfig>[1], string][] = [
    ['nothing to say', '', [{host: 'ghcr.io'}], '\n'],
    ['loopback without a CA: plain http', '', [{host: '127.0.0.1:5000'}], '[registry."127.0.0.1:5000"]\n  http = true\n  insecure = true\n'],
    ['a private CA from certs.d', '', [{host: '127.0.0.1:5443', caFile: '/etc/docker/certs.d/127.0.0.1:5443/ca.crt'}],
      '[registry."127.0.0.1:5443"]\n  ca = ["/etc/docker/certs.d/127.0.0.1:5443/ca.crt"]\n'],
    ["the user's config first; hosts it configures are left alone", 'debug = true\n[registry."127.0.0.1:5000"]\n  mirrors = ["m"]\n', [{host: '127.0.0.1:5000'}, {host: 'localhost:6000'}],
      'debug = true\n[registry."127.0.0.1:5000"]\n  mirrors = ["m"]\n\n[registry."localhost:6000"]\n  http = true\n  insecure = true\n'],
  ]
  test.each(cases)('%s', (_title, user, trust, expected) =>
    expect(buildkitdConfig(user, trust)).toBe(expected)
  )
})
