import {describe, expect, test} from 'vitest'
import {checkBareBuildArgs, engineEnv} from '../../src/build/engine-env.js'
import {maskValues} from '../../src/run/mask.js'

const PROCESS = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  INPUT_PASSWORD: 's3cr3t-pass',
  INPUT_IMAGES: 'ghcr.io/o/app',
  STATE_temp: '/tmp/x',
  ACTIONS_RUNTIME_TOKEN: 'runtime-jwt',
  ACTIONS_RESULTS_URL: 'https://results',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  GITHUB_SHA: 'abc',
  MY_TOKEN_COPY: 'prefix-s3cr3t-pass',
  DOCKER_HOST: 'unix:///run/docker.sock',
  UNSET: undefined
}

describe('engineEnv', () => {
  test('inputs, step state, runner tokens and anything holding a secret stay out; the rest and the extra go in', () => {
    expect(engineEnv(PROCESS, {DOCKER_CONFIG: '/tmp/cfg'}, {secrets: ['s3cr3t-pass']})).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_SHA: 'abc',
      DOCKER_HOST: 'unix:///run/docker.sock',
      DOCKER_CONFIG: '/tmp/cfg'
    })
  })

  test("GitHub's cache variables pass when cache: gha asks for them", () => {
    const env = engineEnv(PROCESS, {}, {secrets: [], keep: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL']})
    expect(env).toMatchObject({ACTIONS_RUNTIME_TOKEN: 'runtime-jwt', ACTIONS_RESULTS_URL: 'https://results'})
    expect(env).not.toHaveProperty('ACTIONS_ID_TOKEN_REQUEST_TOKEN')
  })

  test('secrets too short to search for do not empty the environment', () => {
    expect(engineEnv({A: 'abc', B: 'x'}, {}, {secrets: ['b', 'ab']})).toEqual({A: 'abc', B: 'x'})
  })
})

describe('checkBareBuildArgs', () => {
  const message = (name: string) =>
    `input 'build-args': '${name}' would put a credential into the image (a bare name takes its value from the ` +
    `environment, and build arguments stay in the image's history); pass it with secrets: ` +
    `id=${name.toLowerCase()},env=${name} and RUN --mount=type=secret,id=${name.toLowerCase()}`
  // prettier-ignore
  const refused: [string, string][] = [
    ['an input', 'INPUT_PASSWORD'],
    ['the runtime token', 'ACTIONS_RUNTIME_TOKEN'],
    ['a variable holding the password', 'MY_TOKEN_COPY'],
  ]
  test.each(refused)('refuses %s', (_title, name) => {
    expect(() => checkBareBuildArgs([name], PROCESS, ['s3cr3t-pass'])).toThrow(message(name))
  })

  test('plain names, NAME=value and unset names pass', () => {
    expect(() =>
      checkBareBuildArgs(['GITHUB_SHA', 'X=INPUT_PASSWORD', 'UNSET'], PROCESS, ['s3cr3t-pass'])
    ).not.toThrow()
  })
})

describe('maskValues', () => {
  // prettier-ignore
  const cases: [string, string, string[]][] = [
    ['one line', 'tok', ['tok']],
    ['a token with a line break masks every line', 'abc\ndef\r\n', ['abc', 'def']],
    ['indented lines are masked as written and trimmed', '  abc  \n', ['  abc  ', 'abc']],
    ['nothing to mask', '\n \n', []],
  ]
  test.each(cases)('%s', (_title, secret, expected) => expect(maskValues(secret)).toEqual(expected))
})
