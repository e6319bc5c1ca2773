import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {builderFacts, mobyBuildkit, parseBuildxInspect} from '../../src/build/builder-inspect.js'

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../fixtures/buildx-inspect', name), 'utf8')

describe('parseBuildxInspect + builderFacts', () => {
  // prettier-ignore
  const cases: [string, string, string | undefined, {name: string; driver: string} & Record<string, unknown>][] = [
    ['classic store (Debian 26.1: no BuildKit version, taken from the daemon)', 'docker-26.1-classic.txt', '26.1.5+dfsg1',
      {name: 'default', driver: 'docker', buildkitVersion: '0.13.0', cacheExport: false, multiPlatform: false, attestations: false}],
    ['containerd store: the snapshotter label turns everything on', 'docker-26.1-containerd.txt', '26.1.5+dfsg1',
      {name: 'default', driver: 'docker', buildkitVersion: '0.13.0', cacheExport: true, multiPlatform: true, attestations: true}],
    ['runner default builder (Docker 28.0.4, classic)', 'runner-docker-28.0-classic.composed.txt', '28.0.4',
      {name: 'default', driver: 'docker', buildkitVersion: '0.20.2', cacheExport: false, multiPlatform: false, attestations: false}],
    ['booted docker-container builder', 'docker-container-running.composed.txt', undefined,
      {name: 'builder-1', driver: 'docker-container', buildkitVersion: '0.25.1', cacheExport: true, multiPlatform: true, attestations: true}],
    ['inactive docker-container builder: capable, version unknown until booted', 'docker-container-inactive.txt', undefined,
      {name: 'ia-inactive', driver: 'docker-container', cacheExport: true, multiPlatform: true, attestations: true, platforms: []}],
  ]
  test.each(cases)('%s', (_title, file, daemonVersion, expected) => {
    const parsed = parseBuildxInspect(fixture(file))
    expect(parsed).toMatchObject({name: expected.name, driver: expected.driver})
    const facts = builderFacts(parsed!, {
      buildxVersion: '0.13.1',
      created: false,
      ...(daemonVersion ? {daemonVersion} : {})
    })
    expect(facts).toMatchObject(expected)
    if (!('buildkitVersion' in expected)) expect(facts.buildkitVersion).toBeUndefined()
  })

  test('nodes, platforms and labels are read, GC policy lines are not labels', () => {
    const parsed = parseBuildxInspect(fixture('docker-container-running.composed.txt'))
    expect(parsed?.nodes).toHaveLength(1)
    expect(parsed?.nodes[0]?.name).toBe('builder-10')
    expect(parsed?.nodes[0]?.platforms).toContain('linux/arm64')
    expect(parsed?.nodes[0]?.labels).toHaveProperty(
      'org.mobyproject.buildkit.worker.snapshotter',
      'overlayfs'
    )
    expect(parsed?.nodes[0]?.labels).not.toHaveProperty('All')
  })

  test('output that names no builder is not a builder', () => {
    expect(parseBuildxInspect('ERROR: no builder "x" found\n')).toBeUndefined()
    expect(parseBuildxInspect('')).toBeUndefined()
  })
})

describe('mobyBuildkit', () => {
  // prettier-ignore
  const cases: [string | undefined, string | undefined][] = [
    ['20.10.24+dfsg1', '0.8.0'], ['23.0.1', '0.10.0'], ['24.0.7', '0.11.0'], ['25.0.3', '0.12.0'], ['26.1.5+dfsg1', '0.13.0'],
    ['27.5.1', '0.17.0'], ['28.0.4', '0.20.0'], ['28.1.1', '0.21.0'], ['29.4.2', '0.25.0'], ['17.03.0', undefined],
    ['', undefined], [undefined, undefined], ['unknown', undefined],
  ]
  test.each(cases)('%s → %s', (daemon, expected) => expect(mobyBuildkit(daemon)).toBe(expected))
})
