import {chmod, mkdir, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {mkdtemp} from 'node:fs/promises'
import {describe, expect, test} from 'vitest'
import {
  engineSettled,
  type DockerClientProbe,
  type EngineChoice,
  type EngineProbe
} from '../../src/build/engine.js'
import {probeEngines} from '../../src/build/probe.js'
import type {Exec} from '../../src/shell/exec.js'

const buildx: DockerClientProbe = {
  path: '/a/docker',
  clientVersion: '28.0.4',
  serverVersion: '28.0.4',
  buildxVersion: 'v0.36.0'
}
const old: DockerClientProbe = {path: '/b/docker', clientVersion: '20.10.24', serverVersion: '28.0.4'}
const noDaemon: DockerClientProbe = {path: '/c/docker', clientVersion: '28.0.4', buildxVersion: 'v0.36.0'}
const buildah = {path: '/usr/bin/buildah', version: '1.39.3'}

describe('engineSettled: probing stops once more answers cannot change the choice', () => {
  // prettier-ignore
  const cases: [string, EngineChoice, EngineProbe, boolean][] = [
    ['auto, first client has buildx and a daemon',        'auto',    {dockerClients: [buildx]},          true],
    ['auto, an old client first: a later one may have buildx', 'auto', {dockerClients: [old]},           false],
    ['auto, no daemon answers that client',               'auto',    {dockerClients: [noDaemon]},        false],
    ['docker asked, an old client with a daemon',         'docker',  {dockerClients: [old]},             true],
    ['docker asked, a buildx client with a daemon',       'docker',  {dockerClients: [buildx]},          true],
    ['buildx asked, only an old client so far',           'buildx',  {dockerClients: [old]},             false],
    ['buildah asked, buildah found',                      'buildah', {dockerClients: [], buildah},       true],
    ['buildah asked, not probed yet',                     'buildah', {dockerClients: []},                false],
  ]
  test.each(cases)('%s', (_title, requested, probe, expected) => {
    expect(engineSettled(requested, probe)).toBe(expected)
  })
})

/** A PATH of directories each holding a `docker` (and one a `buildah`), and an exec that answers per path. */
async function fakePath(dirs: readonly string[]): Promise<{pathEnv: string; calls: string[]; exec: Exec}> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'probe-'))
  for (const dir of dirs) {
    await mkdir(path.join(root, dir))
    for (const name of dir === 'tools' ? ['buildah'] : ['docker']) {
      await writeFile(path.join(root, dir, name), '#!/bin/sh\n')
      await chmod(path.join(root, dir, name), 0o755)
    }
  }
  const calls: string[] = []
  const exec: Exec = (command, args) => {
    calls.push(`${path.relative(root, command)} ${args.join(' ')}`)
    const isNew = command.includes('new')
    if (command.endsWith('buildah'))
      return Promise.resolve({exitCode: 0, stdout: 'buildah version 1.39.3\n', stderr: ''})
    if (args[0] === 'buildx')
      return Promise.resolve(
        isNew
          ? {exitCode: 0, stdout: 'github.com/docker/buildx v0.36.0 abc\n', stderr: ''}
          : {exitCode: 1, stdout: '', stderr: 'unknown'}
      )
    const version = isNew ? '28.0.4' : '20.10.24'
    return Promise.resolve({
      exitCode: 0,
      stdout: JSON.stringify({Client: {Version: version}, Server: {Version: '28.0.4'}}),
      stderr: ''
    })
  }
  return {pathEnv: dirs.map(d => path.join(root, d)).join(path.delimiter), calls, exec}
}

describe('probeEngines', () => {
  test('auto with buildx on the first client: that client only, no other client, no buildah', async () => {
    const {pathEnv, calls, exec} = await fakePath(['new', 'old', 'tools'])
    const probe = await probeEngines(exec, pathEnv, 'auto')
    expect(probe.dockerClients.map(c => c.buildxVersion)).toEqual(['v0.36.0'])
    expect(probe.buildah).toBeUndefined()
    expect(calls.sort()).toEqual(['new/docker buildx version', 'new/docker version --format {{json .}}'])
  })

  test('auto with an old client first: every client and buildah are asked, so the best one is chosen', async () => {
    const {pathEnv, calls, exec} = await fakePath(['old', 'new', 'tools'])
    const probe = await probeEngines(exec, pathEnv, 'auto')
    expect(probe.dockerClients.map(c => c.clientVersion)).toEqual(['20.10.24', '28.0.4'])
    expect(calls.filter(c => c.startsWith('new/'))).toHaveLength(2)
  })

  test('buildah asked: no docker client is started', async () => {
    const {pathEnv, calls, exec} = await fakePath(['new', 'tools'])
    const probe = await probeEngines(exec, pathEnv, 'buildah')
    expect(probe).toEqual({
      dockerClients: [],
      buildah: {path: expect.stringMatching(/tools\/buildah$/), version: '1.39.3'}
    })
    expect(calls).toEqual(['tools/buildah --version'])
  })
})
