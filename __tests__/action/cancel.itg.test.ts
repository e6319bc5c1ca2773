/**
 * A cancelled job, as the runner cancels it (SIGINT to node only, SIGTERM 7.5 s later, the tree killed at 10 s):
 * the step stops the engine itself, exits before the runner has to escalate, leaves no program running, says
 * what was pushed and what was not, and post removes the credentials only after that.
 */
import {existsSync} from 'node:fs'
import {readdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {runAction, type ActionRun} from '../helpers/action-runner.js'
import {startFaultBench, type FaultBench} from '../build/push-faults-support.js'
import {pushBaseImage} from '../helpers/base-image.js'
import {requireTools, run} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'

const describeEngines = await requireTools('docker-daemon', 'docker-buildx', 'skopeo', 'docker-registry')

/** The `::error::` lines of the step, unescaped. */
function stepError(result: ActionRun): string {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('::error::'))
    .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'))
    .join('\n')
}

/** Programs this run could have left: builds and pushes of its own repository. */
async function leftovers(marker: string): Promise<string[]> {
  const ps = await run('ps', ['-eo', 'pid,args'])
  return ps.stdout.split('\n').filter(line => line.includes(marker) && !line.includes('ps -eo'))
}

function expectCleanStop(result: ActionRun): void {
  expect(result.cancel, result.stdout).toBeDefined()
  const cancel = result.cancel as NonNullable<ActionRun['cancel']>
  // Out before the runner's SIGTERM (7.5 s): the step stopped its work itself.
  expect(cancel.sent).toEqual(['SIGINT'])
  expect(cancel.exitedAfterMs).toBeLessThan(7_500)
  expect(result.exitCode).toBe(1)
  expect(result.leftInGroup).toEqual([])
  expect(result.stdout).toContain('::warning::Cancelled (SIGINT): stopping the engine and registry work')
  // Post ran and removed the private temp dir with the credentials.
  expect(result.post?.exitCode).toBe(0)
}

describeEngines('a cancelled job', () => {
  let bench: FaultBench
  let base = ''
  beforeAll(async () => {
    bench = await startFaultBench()
    base = await pushBaseImage(bench.registry)
  })
  afterAll(async () => {
    await bench.stop()
  })

  test('during the build: buildx is stopped, nothing is pushed, nothing is left running', async () => {
    const repo = `cancel/build-${Date.now().toString(36)}`
    const result = await runAction({
      prepare: async workspace => {
        await writeFile(
          path.join(workspace, 'Dockerfile'),
          `ARG BASE\nFROM \${BASE}\nRUN sleep 60 # ${repo}\n`
        )
      },
      inputs: {
        images: `${bench.registry.host}/${repo}`,
        'build-args': `BASE=${base}`,
        tags: 'type=raw,value=1\ntype=raw,value=2',
        push: 'true',
        cache: 'none',
        reuse: 'false'
      },
      // Cancelled while the step runs.
      cancelWhen: log => /^#\d+ \[2\/2\] RUN sleep 60/m.test(log),
      timeoutMs: 120_000
    })
    expectCleanStop(result)
    expect(stepError(result).split('\n')[0]).toBe('cancelled (SIGINT)')
    expect(await skopeoListTags(bench.registry, repo).catch(() => [] as string[])).toEqual([])
    expect(await leftovers(repo)).toEqual([])
    expect(await readdir(result.runnerTemp)).toEqual([])
  })

  test('during the push: the push stops, the error says which tags made it, post waits, nothing half-tagged', async () => {
    const repo = `cancel/push-${Date.now().toString(36)}`
    // Every blob upload is held back: the push is in flight when the job is cancelled.
    bench.proxy.reset()
    bench.proxy.inject({
      method: 'PUT',
      path: /\/blobs\/uploads\//,
      times: Infinity,
      fault: {kind: 'slow', delayMs: 60_000}
    })
    const result = await runAction({
      prepare: async workspace => {
        await writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY message.txt /m\n')
        await writeFile(path.join(workspace, 'message.txt'), `cancel push ${Date.now()}\n`)
      },
      inputs: {
        images: `${bench.proxy.host}/${repo}`,
        tags: 'type=raw,value=1\ntype=raw,value=2',
        push: 'true',
        cache: 'none',
        reuse: 'false'
      },
      cancelWhen: () =>
        bench.proxy.requests.some(r => r.method === 'PUT' && r.path.includes('/blobs/uploads/')),
      timeoutMs: 120_000
    })
    bench.proxy.reset()
    expectCleanStop(result)
    const error = stepError(result)
    expect(error.split('\n')[0]).toMatch(
      /^push of 127\.0\.0\.1:\d+\/cancel\/push-\w+:1 failed after 1 attempt: cancelled \(SIGINT\)$/
    )
    expect(error).toMatch(/pushed: none; not pushed: \S+:1 \(failed\), \S+:2 \(not tried\)/)
    expect(await skopeoListTags(bench.registry, repo).catch(() => [] as string[])).toEqual([])
    expect(await leftovers(repo)).toEqual([])
    expect(existsSync(result.runnerTemp) ? await readdir(result.runnerTemp) : []).toEqual([])
  })
})
