import {expect, test} from 'vitest'
import {readInputs} from '../../src/inputs/inputs.js'
import {planCacheFromInputs} from '../../src/cache/plan-inputs.js'

const context = {
  eventName: 'push',
  ref: 'refs/heads/main',
  payload: {},
  defaultBranch: 'main',
  repository: 'o/r',
  images: ['ghcr.io/o/app', 'docker.io/o/app'],
  runnerTemp: '/rt'
}

function inputs(values: Record<string, string>) {
  return readInputs(name => values[name] ?? '')
}

test('defaults: registry cache next to the first image', () => {
  const read = inputs({})
  expect([read.cache, read['cache-ref'], read['cache-from'], read['cache-to']]).toEqual([
    'registry',
    '',
    [],
    []
  ])
  expect(planCacheFromInputs(read, context)).toMatchObject({
    mode: 'registry',
    writeRef: 'ghcr.io/o/app:buildcache-main'
  })
})

test('cache-from / cache-to are lists; cache is one of the modes', () => {
  const read = inputs({
    cache: 'GHA',
    'cache-from': 'type=gha\n# not this\ntype=local,src=/x',
    'cache-to': 'type=gha,mode=max'
  })
  expect(read.cache).toBe('gha')
  expect(read['cache-from']).toEqual(['type=gha', 'type=local,src=/x'])
  expect(() => inputs({cache: 'redis'})).toThrow(
    /input 'cache': 'redis' is not one of registry, gha, inline, local, none/
  )
})

test('local lives under RUNNER_TEMP', () => {
  expect(planCacheFromInputs(inputs({cache: 'local'}), context).writeRef).toBe('/rt/image-action-cache')
})

test('a bad cache-ref names the input', () => {
  expect(() => planCacheFromInputs(inputs({'cache-ref': 'Bad/Repo'}), context)).toThrow(
    /input 'cache-ref': 'Bad\/Repo' is not a valid repository/
  )
})
