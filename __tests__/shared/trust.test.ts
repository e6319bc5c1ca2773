import {describe, expect, test} from 'vitest'
import {writeAccess} from '../../src/shared/trust.js'
import type {RunEvent} from '../../src/shared/trust.js'

const pr = (head: string | undefined, base = 'octo-org/octo-repo') => ({
  pull_request: {
    number: 42,
    head: head === undefined ? {} : {repo: {full_name: head}},
    base: {repo: {full_name: base}}
  }
})
const event = (
  eventName: string,
  payload: Record<string, unknown>,
  ref = 'refs/pull/42/merge'
): RunEvent => ({
  eventName,
  ref,
  payload,
  repository: 'octo-org/octo-repo'
})

describe('writeAccess', () => {
  // prettier-ignore
  const cases: [string, RunEvent, boolean][] = [
    ['same-repository pull request',            event('pull_request', pr('octo-org/octo-repo')),        true],
    ['case differs only',                       event('pull_request', pr('Octo-Org/Octo-Repo')),        true],
    ['fork pull request',                       event('pull_request', pr('someone/octo-repo')),         false],
    ['deleted fork (no head repository)',       event('pull_request', pr(undefined)),                   false],
    ['review on a fork pull request',           event('pull_request_review', pr('someone/octo-repo')),  false],
    ['pull_request_target runs with write rights', event('pull_request_target', pr('someone/octo-repo')), true],
    ['push',                                    event('push', {}, 'refs/heads/main'),                   true],
    ['tag push',                                event('push', {}, 'refs/tags/v1.2.3'),                  true],
  ]
  test.each(cases)('%s', (_title, run, write) => expect(writeAccess(run).write).toBe(write))

  test('says why', () => {
    expect(writeAccess(event('pull_request', pr('someone/octo-repo')))).toEqual({
      write: false,
      why: 'pull request #42 comes from a fork: its token is read-only and it has no secrets'
    })
  })
})
