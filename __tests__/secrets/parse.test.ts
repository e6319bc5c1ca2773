import {mkdtemp, readFile, stat} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {
  materializeSecrets,
  parseAllSecrets,
  parseSecretEnvs,
  parseSecretFiles,
  parseSecrets,
  secretArgs,
  secretValues
} from '../../src/build/secrets.js'
import {InputError} from '../../src/shared/errors.js'

describe('parseSecrets', () => {
  test('the three forms', () => {
    expect(parseSecrets(['TOKEN=a=b c', 'id=npm,src=.npmrc', 'id=gh,env=GH_TOKEN'], '/w')).toEqual([
      {id: 'TOKEN', source: {kind: 'value', value: 'a=b c'}},
      {id: 'npm', source: {kind: 'file', path: '/w/.npmrc'}},
      {id: 'gh', source: {kind: 'env', name: 'GH_TOKEN'}}
    ])
  })

  test('errors name the input and the id, never the value', () => {
    const neither = "input 'secrets': a line is neither KEY=value nor id=<id>,src=<file> / id=<id>,env=<VAR>"
    const refusal = (lines: string[]) => {
      try {
        parseSecrets(lines, '/w')
      } catch (error: unknown) {
        return error instanceof InputError ? error.message : `not an InputError: ${String(error)}`
      }
      return 'accepted'
    }
    expect(refusal(['not a secret line s3cr3t'])).toBe(neither)
    // 'bad id' is not a valid KEY: refused, and the value after '=' is not quoted.
    expect(refusal(['bad id=s3cr3t'])).toBe(neither)
    expect(refusal(['A=1', 'A=2'])).toBe("input 'secrets': secret 'A' is given twice")
    expect(refusal(['id=x,foo=bar'])).toBe("input 'secrets': secret 'x' needs src=<file> or env=<variable>")
  })

  test('values to mask: literal values and named environment variables, line by line', () => {
    const specs = parseSecrets(['A=one', 'id=b,env=B', 'id=c,src=/f'], '/w')
    expect(secretValues(specs, {B: 'line1\nline2'})).toEqual(['one', 'line1\nline2', 'line1', 'line2'])
  })

  test('written to 0600 files; files are passed as they are', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'secrets-')), 'secrets')
    const mounts = await materializeSecrets(parseSecrets(['A=one', 'id=b,env=B', 'id=c,src=/f'], '/w'), dir, {
      B: 'two'
    })
    expect(mounts[2]).toEqual({id: 'c', src: '/f'})
    for (const [i, value] of ['one', 'two'].entries()) {
      const src = mounts[i]?.src ?? ''
      expect(await readFile(src, 'utf8')).toBe(value)
      expect((await stat(src)).mode & 0o777).toBe(0o600)
    }
    expect(secretArgs(mounts)).toEqual([
      '--secret',
      `id=A,src=${mounts[0]?.src}`,
      '--secret',
      `id=b,src=${mounts[1]?.src}`,
      '--secret',
      'id=c,src=/f'
    ])
    await expect(materializeSecrets(parseSecrets(['id=b,env=NOPE'], '/w'), dir, {})).rejects.toThrow(
      /NOPE, which is not set/
    )
  })
})

describe("build-push-action's secret-envs and secret-files", () => {
  test('id=ENV_NAME is an env secret, id=path a file secret (relative to the workspace)', () => {
    expect(parseSecretEnvs(['gh=GH_TOKEN'])).toEqual([
      {id: 'gh', source: {kind: 'env', name: 'GH_TOKEN'}, input: 'secret-envs'}
    ])
    expect(parseSecretFiles(['npm=.npmrc', 'ca=/etc/ssl/ca.pem'], '/w')).toEqual([
      {id: 'npm', source: {kind: 'file', path: '/w/.npmrc'}, input: 'secret-files'},
      {id: 'ca', source: {kind: 'file', path: '/etc/ssl/ca.pem'}, input: 'secret-files'}
    ])
  })

  test.each([
    [
      () => parseSecretEnvs(['GH_TOKEN']),
      "input 'secret-envs': 'GH_TOKEN' is not id=ENV_NAME; write e.g. npm=ENV_NAME"
    ],
    [
      () => parseSecretEnvs(['gh=']),
      "input 'secret-envs': 'gh=' is not id=ENV_NAME; write e.g. npm=ENV_NAME"
    ],
    [
      () => parseSecretFiles(['bad id=x'], '/w'),
      "input 'secret-files': 'bad id=x' is not id=path; write e.g. npm=path"
    ],
    [
      () => parseAllSecrets({secrets: ['A=1'], secretEnvs: ['A=B'], secretFiles: []}, '/w'),
      "input 'secret-envs': secret 'A' is given twice (also in secrets)"
    ],
    [
      () => parseAllSecrets({secrets: [], secretEnvs: [], secretFiles: ['f=a', 'f=b']}, '/w'),
      "input 'secret-files': secret 'f' is given twice"
    ]
  ])('%# refused, naming the input', (run, message) => {
    expect(run).toThrow(message)
  })

  test('all three together, materialized like the others; an unset variable names secret-envs', async () => {
    const specs = parseAllSecrets({secrets: ['A=one'], secretEnvs: ['b=B'], secretFiles: ['c=c.txt']}, '/w')
    expect(specs.map(s => s.id)).toEqual(['A', 'b', 'c'])
    expect(secretValues(specs, {B: 'two'})).toEqual(['one', 'two'])
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'secrets-')), 'secrets')
    const mounts = await materializeSecrets(specs, dir, {B: 'two'})
    expect(await readFile(mounts[1]?.src ?? '', 'utf8')).toBe('two')
    expect(mounts[2]).toEqual({id: 'c', src: '/w/c.txt'})
    await expect(materializeSecrets(parseSecretEnvs(['b=NOPE']), dir, {})).rejects.toThrow(
      "input 'secret-envs': secret 'b' reads the environment variable NOPE, which is not set"
    )
  })
})
