/**
 * Issue 11, item 1: the bundled action (dist/: run `npm run build` after changing src/) pushing two tags through
 * a proxy that faults 20 % of all requests at random (429 with Retry-After, 500, resets before and after the
 * registry saw the request), per engine: docker on the classic daemon, buildx on the containerd-store daemon,
 * buildah. The target is ≥ 19 of 20 runs succeeding, and after every run, success or not, the tags that exist
 * naming one digest (skopeo, straight to the registry). Twenty runs per engine take too long for the test pass:
 * this runs PUSH_FAULT_RUNS (5) per engine with the same bound (at most one failure), and `npm run bench -- push`
 * runs the twenty.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {describeWithTools} from '../helpers/require-tool.js'
import {
  describeRun,
  ENGINE_TOOLS,
  FAULT_ENGINES,
  runWithFaults,
  startFaultBench,
  type FaultBench,
  type RunVerdict
} from './push-faults-support.js'

const RUNS = Number(process.env.PUSH_FAULT_RUNS ?? 5)
const RATE = 0.2

describeWithTools(['docker-registry', 'skopeo'], 'pushing two tags at 20 % injected faults', () => {
  let bench: FaultBench
  beforeAll(async () => {
    bench = await startFaultBench()
  })
  afterAll(() => bench?.stop())

  describeWithTools(ENGINE_TOOLS.docker, 'a tag that cannot be pushed', () => {
    test('the step fails saying why first, then which tag made it; the registry holds just that one', async () => {
      const denied = JSON.stringify({errors: [{code: 'DENIED', message: 'no pushing 2 here'}]})
      const verdict = await runWithFaults(bench, 'docker', 0, 0, [
        {
          method: 'PUT',
          path: /\/manifests\/2$/,
          times: Infinity,
          fault: {kind: 'status', status: 403, body: denied}
        }
      ])
      expect(verdict.ok).toBe(false)
      expect(Object.keys(verdict.tags)).toEqual(['1'])
      const [first, second] = verdict.refs
      const lines = (verdict.error ?? '').split('\n')
      // The registry client was refused, then docker itself: a 403 is not worth another attempt.
      expect(lines.slice(0, 3)).toEqual([
        `push of ${second} failed after 1 attempt: denied: no pushing 2 here`,
        `pushed: ${first}@${verdict.tags['1']}; not pushed: ${second} (failed)`,
        expect.stringMatching(
          new RegExp(`^command: \\S*docker push ${second?.replace(/\./g, '\\.')} \\(exit code 1\\)$`)
        )
      ])
      expect(lines[3]).toMatch(
        /^registry client: .* denied push manifest 2 in .* \(403 DENIED: no pushing 2 here\)/
      )
    })
  })

  for (const engine of FAULT_ENGINES) {
    describe(engine, () => {
      describeWithTools(ENGINE_TOOLS[engine], `${engine} engine`, () => {
        test(
          `${RUNS} runs: at most one fails, and no run leaves the tags at different digests`,
          async () => {
            const verdicts: RunVerdict[] = []
            for (let run = 1; run <= RUNS; run++) {
              const verdict = await runWithFaults(bench, engine, run, RATE)
              verdicts.push(verdict)
              console.log(describeRun(verdict))
              // After every run, success or not: the tags that exist name one digest; after a success, both
              // tags exist and name the digest the action output.
              expect(verdict.consistent, describeRun(verdict)).toBe(true)
              if (verdict.ok) {
                expect(Object.keys(verdict.tags).sort()).toEqual(['1', '2'])
                expect(JSON.parse(verdict.action.outputs.metadata ?? '{}')).toMatchObject({
                  'containerimage.digest': verdict.action.outputs.digest
                })
              } else {
                // A step that fails says why first, then which tags made it.
                expect(verdict.error, describeRun(verdict)).toMatch(/^push of \S+ failed[^\n]*\npushed: /)
              }
            }
            const succeeded = verdicts.filter(v => v.ok).length
            expect(succeeded, verdicts.map(describeRun).join('\n')).toBeGreaterThanOrEqual(RUNS - 1)
            // The faults were there: about one request in five.
            const faults = verdicts.reduce((n, v) => n + v.faults, 0)
            const requests = verdicts.reduce((n, v) => n + v.requests, 0)
            expect(faults / requests).toBeGreaterThan(0.1)
            expect(faults / requests).toBeLessThan(0.3)
          },
          RUNS * 240_000
        )
      })
    })
  }
})
