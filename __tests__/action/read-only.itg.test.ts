/**
 * A pull request from a fork, with push, prune rules and a login whose password is empty (a fork has no
 * secrets): the step builds, and writes nothing to any registry — no push, no prune, no content-hash tag.
 */
import {expect, test} from 'vitest'
import {prepareExample, runAction} from '../helpers/action-runner.js'
import {pushBaseImage, useRegistryWithBase} from '../helpers/base-image.js'
import {requireTools, run, DOCKER} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'

const describeEngines = await requireTools('docker-daemon', 'docker-buildx', 'skopeo', 'docker-registry')

const FORK_PR = {
  name: 'pull_request',
  ref: 'refs/pull/7/merge',
  payload: {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: {ref: 'feature', sha: 'f'.repeat(40), repo: {full_name: 'someone/octo-repo'}},
      base: {ref: 'main', repo: {full_name: 'octo-org/octo-repo'}}
    },
    repository: {full_name: 'octo-org/octo-repo', default_branch: 'main'}
  }
}

describeEngines('a pull request from a fork never writes', () => {
  const shared = useRegistryWithBase()

  test('builds and loads; pushes, prunes and records nothing; needs no credentials; says so', async () => {
    const repo = 'readonly/app'
    // A tag a prune rule would delete if the run were allowed to write.
    await pushBaseImage(shared.registry, `${repo}:pr-old`)
    const before = await skopeoListTags(shared.registry, repo).catch(() => [] as string[])
    const result = await runAction({
      prepare: prepareExample,
      event: FORK_PR,
      inputs: {
        images: `${shared.registry.host}/${repo}`,
        context: 'app',
        'build-args': `BASE=${shared.base}`,
        push: 'true',
        load: 'true',
        username: 'someone',
        password: '',
        prune: 'type=tags,match=pr-.*'
      }
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(result.stdout).toContain(
      '::notice::Read-only run: pull request #7 comes from a fork: its token is read-only and it has no secrets: it builds and loads but writes nothing to a registry (skipped: push, prune, the content-hash record)'
    )
    expect(result.summary).toContain('**Read-only run:** pull request #7 comes from a fork')
    expect(await skopeoListTags(shared.registry, repo).catch(() => [] as string[])).toEqual(before)
    // load: the image is in the engine for the job's tests.
    const image = await run(DOCKER, [
      'image',
      'inspect',
      '--format',
      '{{.Id}}',
      `${shared.registry.host}/${repo}:pr-7`
    ])
    expect(image.stdout.trim()).toMatch(/^sha256:/)
    await run(DOCKER, ['rmi', `${shared.registry.host}/${repo}:pr-7`]).catch(() => undefined)
  })
})
