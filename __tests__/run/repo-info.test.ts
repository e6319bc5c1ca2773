import {createServer} from 'node:http'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {repoInfoFromPayload, resolveCommitDate, resolveRepoInfo} from '../../src/run/repo-info.js'
import {closeServer, listenLoopback} from '../helpers/loopback-server.js'

// A simulation of the GitHub REST API's repository and commit endpoints, on loopback.
let apiUrl = ''
const requests: string[] = []
const server = createServer((req, res) => {
  requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
  res.setHeader('content-type', 'application/json')
  if (req.url === '/repos/o/r') {
    res.end(
      JSON.stringify({
        name: 'r',
        description: 'from api',
        html_url: 'https://github.com/o/r',
        license: {spdx_id: 'Apache-2.0'},
        default_branch: 'trunk'
      })
    )
  } else if (req.url === '/repos/o/r/commits/abc') {
    res.end(JSON.stringify({commit: {committer: {date: '2024-05-06T07:08:09Z'}}}))
  } else {
    res.statusCode = 404
    res.end('{"message":"Not Found"}')
  }
})
beforeAll(async () => {
  apiUrl = `http://${await listenLoopback(server)}`
})
afterAll(() => closeServer(server))

const full = {
  name: 'r',
  description: null,
  html_url: 'https://github.com/o/r',
  license: null,
  default_branch: 'main'
}

describe('repoInfoFromPayload', () => {
  test.each([
    [{}, undefined],
    [{repository: full}, {complete: true, defaultBranch: 'main'}],
    [
      {repository: {name: 'r', html_url: 'https://github.com/o/r', default_branch: 'main'}},
      {complete: false, defaultBranch: 'main'}
    ]
  ])('%j', (payload, expected) => {
    const info = repoInfoFromPayload(payload)
    expect(info && {complete: info.complete, defaultBranch: info.repo.defaultBranch}).toEqual(expected)
  })
})

describe('resolveRepoInfo (simulated GitHub API)', () => {
  test('a complete payload needs no request', async () => {
    requests.length = 0
    const {repo} = await resolveRepoInfo(
      {repository: full},
      {GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: apiUrl},
      't'
    )
    expect(repo.defaultBranch).toBe('main')
    expect(requests).toEqual([])
  })

  test('a payload without repository asks the API with the token', async () => {
    requests.length = 0
    const {repo, warning} = await resolveRepoInfo(
      {},
      {GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: apiUrl},
      'tok'
    )
    expect(repo).toEqual({
      name: 'r',
      description: 'from api',
      htmlUrl: 'https://github.com/o/r',
      license: 'Apache-2.0',
      defaultBranch: 'trunk'
    })
    expect(warning).toBeUndefined()
    expect(requests).toEqual(['GET /repos/o/r Bearer tok'])
  })

  test('an unreachable API warns and falls back to what the payload and environment say', async () => {
    const partial = {repository: {name: 'x', html_url: 'https://github.com/o/x', default_branch: 'dev'}}
    const {repo, warning} = await resolveRepoInfo(
      partial,
      {GITHUB_REPOSITORY: 'o/x', GITHUB_API_URL: apiUrl},
      ''
    )
    expect(repo.defaultBranch).toBe('dev')
    expect(warning).toContain('Cannot read repository metadata')
  })
})

describe('resolveCommitDate (simulated GitHub API)', () => {
  const env = {GITHUB_REPOSITORY: 'o/r', GITHUB_API_URL: apiUrl}
  const ctx = {eventName: 'push', ref: 'refs/heads/main', sha: 'abc', payload: {}}

  test('asked only when an input uses {{commit_date}}', async () => {
    requests.length = 0
    expect(
      (await resolveCommitDate(ctx, ['type=sha'], {...env, GITHUB_API_URL: apiUrl}, '')).ctx.commitDate
    ).toBeUndefined()
    expect(requests).toEqual([])
    const {ctx: withDate} = await resolveCommitDate(
      ctx,
      ["type=raw,value={{commit_date 'YYYY'}}"],
      {...env, GITHUB_API_URL: apiUrl},
      ''
    )
    expect(withDate.commitDate?.toISOString()).toBe('2024-05-06T07:08:09.000Z')
  })

  test('a date from the payload wins', async () => {
    requests.length = 0
    const date = new Date('2020-01-01T00:00:00Z')
    expect(
      (
        await resolveCommitDate(
          {...ctx, commitDate: date},
          ['{{commit_date}}'],
          {...env, GITHUB_API_URL: apiUrl},
          ''
        )
      ).ctx.commitDate
    ).toBe(date)
    expect(requests).toEqual([])
  })
})
