import {describe, expect, test} from 'vitest'
import {chooseEngine, withEngineBuild} from '../../src/build/engine.js'
import type {DockerClientProbe, EngineProbe} from '../../src/build/engine.js'
import type {EngineChoice} from '../../src/build/engine.js'

const newClientNoBuildx: DockerClientProbe = {
  path: '/usr/local/bin/docker',
  clientVersion: '28.2.2',
  serverVersion: '20.10.24'
}
const oldClient: DockerClientProbe = {
  path: '/usr/bin/docker',
  clientVersion: '20.10.24+dfsg1',
  serverVersion: '20.10.24+dfsg1'
}
const oldClientNoDaemon: DockerClientProbe = {path: '/usr/bin/docker', clientVersion: '20.10.24+dfsg1'}
const withBuildx: DockerClientProbe = {
  path: '/usr/bin/docker',
  clientVersion: '28.0.1',
  serverVersion: '28.0.1',
  buildxVersion: 'v0.21.1'
}
const buildxNoDaemon: DockerClientProbe = {
  path: '/usr/bin/docker',
  clientVersion: '28.0.1',
  buildxVersion: 'v0.21.1'
}
const buildah = {path: '/usr/bin/buildah', version: '1.28.2'}

const installBuildx =
  'install the buildx plugin (docker/setup-buildx-action, or the docker-buildx package) and start the Docker daemon'
const installAny =
  `Install one: buildx: ${installBuildx}; docker: start a Docker daemon (18.09 or later) and install the buildx ` +
  'plugin (or put a docker client older than 23.0 on PATH); buildah: install buildah (apt-get install buildah).'
const noneUsable = (...found: string[]) =>
  `No build engine is usable. Found:\n${found.map(line => `  - ${line}\n`).join('')}${installAny}`

// The expected engine as `<kind> <command>`, or the exact refusal.
// prettier-ignore
const cases: [string, EngineChoice, EngineProbe, string | {error: string}][] = [
  ['hosted runner: buildx',                       'auto',    {dockerClients: [withBuildx], buildah},                        'buildx /usr/bin/docker'],
  ['this machine: new client shadows old one',    'auto',    {dockerClients: [newClientNoBuildx, oldClient], buildah},      'docker /usr/bin/docker'],
  ['no daemon: buildah',                          'auto',    {dockerClients: [oldClientNoDaemon], buildah},                 'buildah /usr/bin/buildah'],
  ['buildx without daemon is not usable',         'auto',    {dockerClients: [buildxNoDaemon], buildah},                    'buildah /usr/bin/buildah'],
  ['new client alone cannot use BuildKit',        'auto',    {dockerClients: [newClientNoBuildx]},                          {error: noneUsable('docker 28.2.2 at /usr/local/bin/docker, no buildx plugin, daemon 20.10.24 answering', 'buildah not found')}],
  ['nothing at all',                              'auto',    {dockerClients: []},                                           {error: noneUsable('docker not found', 'buildah not found')}],
  ['docker requested, buildx present: driver',   'docker',  {dockerClients: [withBuildx]},                                 'docker /usr/bin/docker'],
  ['buildah requested over docker',               'buildah', {dockerClients: [oldClient], buildah},                         'buildah /usr/bin/buildah'],
  ['buildx requested but missing',                'buildx',  {dockerClients: [oldClient], buildah},                         {error:
    "engine 'buildx' was requested but is not usable. Found:\n" +
    '  - docker 20.10.24+dfsg1 at /usr/bin/docker, no buildx plugin, daemon 20.10.24+dfsg1 answering\n' +
    '  - buildah 1.28.2 at /usr/bin/buildah\n' +
    `To use it, ${installBuildx}; or set engine: auto.`}],
  ['docker requested and present',                'docker',  {dockerClients: [newClientNoBuildx, oldClient]},               'docker /usr/bin/docker'],
]

describe('chooseEngine', () => {
  test.each(cases)('%s', (_title, requested, probe, expected) => {
    const choice = chooseEngine(requested, probe)
    if (typeof expected === 'string') {
      expect('engine' in choice && `${choice.engine.kind} ${choice.engine.command}`).toBe(expected)
    } else {
      expect(choice).toEqual(expected)
    }
  })

  test('docker on built-in BuildKit is switched on through DOCKER_BUILDKIT', () => {
    const choice = chooseEngine('auto', {dockerClients: [oldClient]})
    expect('engine' in choice && choice.engine.env).toEqual({DOCKER_BUILDKIT: '1'})
    expect('engine' in choice && choice.engine.build).toEqual(['build'])
  })

  test('docker through a buildx client builds with buildx (its docker driver is named once settled)', () => {
    const choice = chooseEngine('docker', {dockerClients: [withBuildx]})
    expect('engine' in choice && choice.engine).toMatchObject({
      kind: 'docker',
      env: {},
      build: ['buildx', 'build'],
      daemonVersion: '28.0.1'
    })
  })

  test('the first usable client on PATH wins, as a shell would pick it', () => {
    const choice = chooseEngine('docker', {
      dockerClients: [oldClient, {...withBuildx, path: '/usr/local/bin/docker'}]
    })
    expect('engine' in choice && choice.engine.command).toBe('/usr/bin/docker')
  })

  test('a missing requested engine says what was found and what to install', () => {
    const choice = chooseEngine('buildx', {dockerClients: [newClientNoBuildx], buildah})
    expect('error' in choice && choice.error).toMatchInlineSnapshot(`
      "engine 'buildx' was requested but is not usable. Found:
        - docker 28.2.2 at /usr/local/bin/docker, no buildx plugin, daemon 20.10.24 answering
        - buildah 1.28.2 at /usr/bin/buildah
      To use it, install the buildx plugin (docker/setup-buildx-action, or the docker-buildx package) and start the Docker daemon; or set engine: auto."
    `)
  })

  test('auto with nothing usable lists every engine to install', () => {
    const choice = chooseEngine('auto', {dockerClients: []})
    expect('error' in choice && choice.error).toContain('docker not found')
    expect('error' in choice && choice.error).toContain('buildah not found')
    expect('error' in choice && choice.error).toMatch(/buildx: .*docker: .*buildah: /)
  })
})

describe('withEngineBuild', () => {
  const engine = (build: string[]) => ({
    kind: 'buildx' as const,
    command: 'docker',
    version: '',
    env: {},
    build
  })
  // prettier-ignore
  const cases: [string, string[], string[], string[]][] = [
    ['buildx args on a settled builder', ['buildx', 'build', '--builder', 'b'], ['buildx', 'build', '--tag', 't', '.'], ['buildx', 'build', '--builder', 'b', '--tag', 't', '.']],
    ['docker args through buildx',       ['buildx', 'build', '--builder', 'default'], ['build', '--tag', 't', '.'], ['buildx', 'build', '--builder', 'default', '--tag', 't', '.']],
    ['docker args on an old client',     ['build'], ['build', '--tag', 't', '.'], ['build', '--tag', 't', '.']],
    ['buildah',                          ['bud'], ['bud', '--layers', '.'], ['bud', '--layers', '.']],
  ]
  test.each(cases)('%s', (_title, build, args, expected) => {
    expect(withEngineBuild(engine(build), args)).toEqual(expected)
  })
})
