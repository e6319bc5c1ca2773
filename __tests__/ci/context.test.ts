import {describe, expect, test} from 'vitest'
import {ciContext, detectCi, type GitFacts} from '../../src/ci/context.js'
import {writeAccess} from '../../src/shared/trust.js'
import {computeMeta, metaOptionsFromEnv, parseMetaInputs} from '../../src/tags/index.js'
import {inputs, NOW, REPO} from '../tags/helpers.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
/** metadata-action's usual rule set: each kind of pipeline must give exactly the tags GitHub's event would. */
const RULES = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=raw,value=edge,enable={{is_default_branch}}'
].join('\n')

function tagsFor(env: Record<string, string>, git?: GitFacts, rules = RULES): string[] {
  const found = ciContext(env, git)
  if (!found) throw new Error('a GitHub environment: read by tags/context.ts')
  const meta = computeMeta(
    parseMetaInputs(inputs({images: 'r.io/app', tags: rules})),
    found.ctx,
    REPO,
    metaOptionsFromEnv({}, NOW)
  )
  return meta.tagNames
}

const GITLAB = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: SHA,
  CI_DEFAULT_BRANCH: 'main',
  CI_PROJECT_PATH: 'group/app'
}
const BUILDKITE = {BUILDKITE: 'true', BUILDKITE_COMMIT: SHA, BUILDKITE_PIPELINE_DEFAULT_BRANCH: 'main'}
const JENKINS = {JENKINS_URL: 'http://127.0.0.1:8080/', GIT_COMMIT: SHA}

describe('which CI a run is in', () => {
  // prettier-ignore
  const cases: [string, Record<string, string>, string][] = [
    ['GitHub Actions',  {GITHUB_ACTIONS: 'true', GITLAB_CI: 'true'}, 'github'],
    ['GitLab CI',       {GITLAB_CI: 'true'},                         'gitlab'],
    ['Buildkite',       {BUILDKITE: 'true'},                         'buildkite'],
    ['Jenkins',         {JENKINS_URL: 'http://127.0.0.1:8080/'},     'jenkins'],
    ['a terminal',      {},                                          'git'],
  ]
  test.each(cases)('%s', (_title, env, expected) => expect(detectCi(env)).toBe(expected))
})

describe('the same tags in every CI as for the GitHub event it corresponds to', () => {
  // prettier-ignore
  const cases: [string, Record<string, string>, string[]][] = [
    ['GitLab: default branch pipeline',   {...GITLAB, CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main'},  ['main', 'edge']],
    ['GitLab: feature branch',            {...GITLAB, CI_COMMIT_BRANCH: 'feat/x', CI_COMMIT_REF_NAME: 'feat/x'}, ['feat-x']],
    ['GitLab: tag pipeline',              {...GITLAB, CI_COMMIT_TAG: 'v1.2.3', CI_COMMIT_REF_NAME: 'v1.2.3'}, ['1.2.3', '1.2', 'latest']],
    ['GitLab: merge request pipeline',    {...GITLAB, CI_MERGE_REQUEST_IID: '42', CI_COMMIT_REF_NAME: 'feat/x',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feat/x', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main'},         ['pr-42']],
    ['GitLab: scheduled pipeline',        {...GITLAB, CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main'}, ['nightly', 'main', 'edge']],
    ['Buildkite: branch',                 {...BUILDKITE, BUILDKITE_BRANCH: 'main', BUILDKITE_PULL_REQUEST: 'false'}, ['main', 'edge']],
    ['Buildkite: tag',                    {...BUILDKITE, BUILDKITE_TAG: 'v2.0.0', BUILDKITE_BRANCH: 'v2.0.0'},   ['2.0.0', '2.0', 'latest']],
    ['Buildkite: pull request',           {...BUILDKITE, BUILDKITE_PULL_REQUEST: '7', BUILDKITE_BRANCH: 'fix',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'main'},                                                            ['pr-7']],
    ['Jenkins multibranch: branch',       {...JENKINS, BRANCH_NAME: 'main'},                                    ['main']],
    ['Jenkins Git plugin: origin/develop',{...JENKINS, GIT_BRANCH: 'origin/develop'},                           ['develop']],
    ['Jenkins multibranch: tag',          {...JENKINS, TAG_NAME: 'v3.1.0', BRANCH_NAME: 'v3.1.0'},             ['3.1.0', '3.1', 'latest']],
    ['Jenkins multibranch: change request',{...JENKINS, CHANGE_ID: '9', CHANGE_TARGET: 'main', BRANCH_NAME: 'PR-9'}, ['pr-9']],
  ]
  test.each(cases)('%s', (_title, env, expected) => {
    expect(tagsFor(env)).toEqual(expected)
  })

  // prettier-ignore
  const terminal: [string, GitFacts, string[]][] = [
    ['a branch checkout',           {sha: SHA, branch: 'main', tags: [], defaultBranch: 'main'}, ['main', 'edge']],
    ['a tagged commit',             {sha: SHA, branch: '', tags: ['v1.0.0']},                     ['1.0.0', '1.0', 'latest']],
    ['a detached HEAD without tags',{sha: SHA, branch: '', tags: []},                             []],
  ]
  test.each(terminal)('a terminal: %s', (_title, git, expected) => {
    expect(tagsFor({}, git)).toEqual(expected)
  })
})

describe('the base branch of a merge or pull request, as {{base_ref}}', () => {
  // prettier-ignore
  const cases: [string, Record<string, string>][] = [
    ['GitLab',    {...GITLAB, CI_MERGE_REQUEST_IID: '42', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'release'}],
    ['Buildkite', {...BUILDKITE, BUILDKITE_PULL_REQUEST: '7', BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'release'}],
    ['Jenkins',   {...JENKINS, CHANGE_ID: '9', CHANGE_TARGET: 'release'}],
  ]
  test.each(cases)('%s', (_title, env) => {
    expect(tagsFor(env, undefined, 'type=raw,value=into-{{base_ref}}')).toEqual(['into-release'])
  })
})

describe('what else a CI system says', () => {
  test("GitLab: the project, its address and the job's registry login", () => {
    const found = ciContext({
      ...GITLAB,
      CI_COMMIT_BRANCH: 'main',
      CI_PROJECT_URL: 'https://gitlab.example/group/app',
      CI_REGISTRY: 'registry.gitlab.example',
      CI_REGISTRY_USER: 'gitlab-ci-token',
      CI_REGISTRY_PASSWORD: 'job-token'
    })
    expect(found).toEqual({
      ci: 'gitlab',
      ctx: {
        eventName: 'push',
        ref: 'refs/heads/main',
        sha: SHA,
        payload: {repository: {default_branch: 'main'}}
      },
      defaultBranch: 'main',
      repository: 'group/app',
      projectUrl: 'https://gitlab.example/group/app',
      login: {registry: 'registry.gitlab.example', username: 'gitlab-ci-token', password: 'job-token'}
    })
  })

  test('GitLab merge request: the source branch head is the pull request head', () => {
    const found = ciContext({
      ...GITLAB,
      CI_MERGE_REQUEST_IID: '5',
      CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: 'f'.repeat(40)
    })
    expect(found?.ctx.payload).toEqual({
      number: 5,
      pull_request: {number: 5, base: {repo: {full_name: 'group/app'}}, head: {sha: 'f'.repeat(40)}},
      repository: {default_branch: 'main'}
    })
  })

  test('inside GitHub Actions there is nothing to translate', () => {
    expect(ciContext({GITHUB_ACTIONS: 'true'})).toBeUndefined()
  })
})

describe('a change from a fork may not write, in every CI (trust.ts reads the same payload)', () => {
  // prettier-ignore
  const cases: [string, Record<string, string>, boolean][] = [
    ['GitLab, same project',        {...GITLAB, CI_MERGE_REQUEST_IID: '1', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'group/app', CI_MERGE_REQUEST_PROJECT_PATH: 'group/app'}, true],
    ['GitLab, from a fork',         {...GITLAB, CI_MERGE_REQUEST_IID: '1', CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'someone/app', CI_MERGE_REQUEST_PROJECT_PATH: 'group/app'}, false],
    ['GitLab, source unknown',      {...GITLAB, CI_MERGE_REQUEST_IID: '1'},                                              false],
    ['Buildkite, same repository',  {...BUILDKITE, BUILDKITE_PULL_REQUEST: '2', BUILDKITE_REPO: 'git@x:o/app.git', BUILDKITE_PULL_REQUEST_REPO: 'git@x:o/app.git'}, true],
    ['Buildkite, from a fork',      {...BUILDKITE, BUILDKITE_PULL_REQUEST: '2', BUILDKITE_REPO: 'git@x:o/app.git', BUILDKITE_PULL_REQUEST_REPO: 'git@x:someone/app.git'}, false],
    ['Jenkins, from origin',        {...JENKINS, CHANGE_ID: '3'},                                                        true],
    ['Jenkins, from a fork',        {...JENKINS, CHANGE_ID: '3', CHANGE_FORK: 'someone'},                                false],
    ['GitLab branch pipeline',      {...GITLAB, CI_COMMIT_BRANCH: 'main'},                                               true],
  ]
  test.each(cases)('%s', (_title, env, write) => {
    const found = ciContext(env)
    if (!found) throw new Error('no context')
    expect(
      writeAccess({eventName: found.ctx.eventName, ref: found.ctx.ref, payload: found.ctx.payload}).write
    ).toBe(write)
  })
})
