import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'

import {afterAll, beforeAll, beforeEach, describe, expect, test} from 'vitest'

import {fetchCommitDate, fetchRepoInfo} from '../../../src/registry/apis/github.js'
import type {Transport} from '../../../src/registry/transport.js'
import {closeServer, listenLoopback} from '../../helpers/loopback-server.js'

// A local simulation of the GitHub REST API on 127.0.0.1: each test sets how it answers.
type Handler = (req: IncomingMessage, res: ServerResponse) => void

let server: Server
let apiUrl: string
let handler: Handler
let seen: IncomingMessage[]

function json(status: number, body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(status, {'Content-Type': 'application/json'})
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
}

const REPO_JSON = {
  name: 'Hello-World',
  full_name: 'octocat/Hello-World',
  description: 'This your first repo!',
  html_url: 'https://github.com/octocat/Hello-World',
  clone_url: 'https://github.com/octocat/Hello-World.git',
  default_branch: 'master',
  license: {key: 'mit', name: 'MIT License', spdx_id: 'MIT'}
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req)
    handler(req, res)
  })
  apiUrl = `http://${await listenLoopback(server)}`
})

afterAll(() => closeServer(server))

beforeEach(() => {
  seen = []
  handler = json(200, REPO_JSON)
})

describe('fetchRepoInfo against a simulated GitHub REST API', () => {
  test('maps the repository fields and sends the token', async () => {
    const result = await fetchRepoInfo({apiUrl, repository: 'octocat/Hello-World', token: 's3cret'})
    expect(result).toEqual({
      repo: {
        name: 'Hello-World',
        description: 'This your first repo!',
        htmlUrl: 'https://github.com/octocat/Hello-World',
        license: 'MIT',
        defaultBranch: 'master'
      }
    })
    expect(seen).toHaveLength(1)
    expect(seen[0]?.method).toBe('GET')
    expect(seen[0]?.url).toBe('/repos/octocat/Hello-World')
    expect(seen[0]?.headers['authorization']).toBe('Bearer s3cret')
    expect(seen[0]?.headers['accept']).toBe('application/vnd.github+json')
  })

  test('no Authorization header without a token; a trailing slash in the API URL is fine', async () => {
    await fetchRepoInfo({apiUrl: `${apiUrl}/`, repository: 'octocat/Hello-World'})
    expect(seen[0]?.url).toBe('/repos/octocat/Hello-World')
    expect(seen[0]?.headers['authorization']).toBeUndefined()
  })

  test('null description and no license', async () => {
    handler = json(200, {...REPO_JSON, description: null, license: null})
    const {repo} = await fetchRepoInfo({apiUrl, repository: 'octocat/Hello-World'})
    expect(repo).toEqual({
      name: 'Hello-World',
      description: undefined,
      htmlUrl: 'https://github.com/octocat/Hello-World',
      license: undefined,
      defaultBranch: 'master'
    })
  })

  test.each([
    ['404', json(404, {message: 'Not Found'}), /HTTP 404 Not Found: \{"message":"Not Found"\}/],
    [
      '403 rate limit',
      json(403, {message: 'API rate limit exceeded'}),
      /HTTP 403 Forbidden: .*API rate limit exceeded/
    ],
    ['500', json(500, 'boom'), /HTTP 500 Internal Server Error: boom/],
    [
      'not JSON',
      json(200, '<html>'),
      /Cannot read repository metadata from http:\/\/127\.0\.0\.1:\d+\/repos\/octocat\/Hello-World: /
    ],
    ['JSON but not an object', json(200, 'null'), /the answer is not a JSON object/]
  ])('%s becomes a warning', async (_name, h, message) => {
    handler = h
    const result = await fetchRepoInfo({apiUrl, repository: 'octocat/Hello-World'})
    expect(result.repo).toBeUndefined()
    expect(result.warning).toMatch(message)
  })

  test('a server that never answers times out into a warning', async () => {
    handler = () => {
      /* never answer */
    }
    const started = Date.now()
    const result = await fetchRepoInfo({apiUrl, repository: 'octocat/Hello-World', timeoutMs: 200})
    expect(Date.now() - started).toBeLessThan(3000)
    expect(result).toEqual({warning: expect.stringMatching(/no answer within 200 ms/) as unknown})
  })

  test('connection refused becomes a warning', async () => {
    const closed = createServer()
    const port = (await listenLoopback(closed)).split(':')[1]
    await closeServer(closed)
    const result = await fetchRepoInfo({
      apiUrl: `http://127.0.0.1:${port}`,
      repository: 'octocat/Hello-World'
    })
    expect(result.repo).toBeUndefined()
    expect(result.warning).toMatch(/Cannot read repository metadata/)
  })

  test('a repository that is not owner/name is not requested', async () => {
    const result = await fetchRepoInfo({apiUrl, repository: 'just-a-name'})
    expect(result).toEqual({warning: "Cannot read repository metadata: 'just-a-name' is not owner/name"})
    expect(seen).toHaveLength(0)
  })

  test('an injected transport is used', async () => {
    const calls: string[] = []
    const fake: Transport = async url => {
      calls.push(url)
      return new Response(JSON.stringify(REPO_JSON), {status: 200})
    }
    const {repo} = await fetchRepoInfo({apiUrl: 'https://api.example', repository: 'o/r', transport: fake})
    expect(calls).toEqual(['https://api.example/repos/o/r'])
    expect(repo?.defaultBranch).toBe('master')
  })

  test('a throwing transport becomes a warning', async () => {
    const fake: Transport = async () => {
      throw new TypeError('fetch failed')
    }
    expect(await fetchRepoInfo({apiUrl, repository: 'o/r', transport: fake})).toEqual({
      warning: expect.stringMatching(/fetch failed/) as unknown
    })
  })
})

describe('fetchCommitDate against a simulated GitHub REST API', () => {
  test('reads commit.committer.date', async () => {
    handler = json(200, {sha: 'abc', commit: {committer: {date: '2024-11-13T13:42:28Z'}}})
    const result = await fetchCommitDate({apiUrl, repository: 'octocat/Hello-World', sha: 'abc', token: 't'})
    expect(result.date?.toISOString()).toBe('2024-11-13T13:42:28.000Z')
    expect(seen[0]?.url).toBe('/repos/octocat/Hello-World/commits/abc')
    expect(seen[0]?.headers['authorization']).toBe('Bearer t')
  })

  test.each([
    ['no committer date', json(200, {commit: {}}), /no committer date in the answer/],
    [
      'an unparsable date',
      json(200, {commit: {committer: {date: 'yesterday'}}}),
      /no committer date in the answer/
    ],
    ['422', json(422, {message: 'No commit found'}), /HTTP 422/]
  ])('%s becomes a warning', async (_name, h, message) => {
    handler = h
    const result = await fetchCommitDate({apiUrl, repository: 'octocat/Hello-World', sha: 'abc'})
    expect(result.date).toBeUndefined()
    expect(result.warning).toMatch(message)
  })
})
