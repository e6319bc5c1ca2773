/**
 * Push under faults (issue 11, item 1): the bundled action (dist/, through the runner emulator) builds a
 * copy-only image and pushes two tags through a proxy that faults 20 % of all requests at random (429 with
 * Retry-After, 500, resets), 20 runs per engine: docker on the classic daemon, buildx on the containerd-store
 * daemon, buildah. Target: ≥ 19/20 runs succeed per engine, and after every run (success or not) the tags that
 * exist name one digest (skopeo, straight to the registry).
 * `BENCH_PUSH_RUNS` (default 20), `BENCH_PUSH_RATE` (default 0.2), `BENCH_PUSH_ENGINES` (default all three).
 */
import {
  describeRun,
  ENGINE_TOOLS,
  FAULT_ENGINES,
  runWithFaults,
  startFaultBench,
  type FaultEngine,
  type RunVerdict
} from '../__tests__/build/push-faults-support.js'
import {missingTools} from '../__tests__/helpers/require-tool.js'
import {median} from './median.mjs'

const RUNS = Number(process.env.BENCH_PUSH_RUNS ?? 20)
const RATE = Number(process.env.BENCH_PUSH_RATE ?? 0.2)

export async function benchPush(): Promise<void> {
  const wanted = (process.env.BENCH_PUSH_ENGINES ?? FAULT_ENGINES.join(','))
    .split(',')
    .filter((e): e is FaultEngine => (FAULT_ENGINES as readonly string[]).includes(e))
  const base = await missingTools(['docker-registry', 'skopeo'])
  if (base.length > 0) {
    console.log(`push benchmark skipped: missing ${base.join(', ')}`)
    return
  }
  const bench = await startFaultBench()
  const summary: string[] = []
  try {
    for (const engine of wanted) {
      const missing = await missingTools(ENGINE_TOOLS[engine])
      if (missing.length > 0) {
        summary.push(`${engine}: skipped (missing ${missing.join(', ')})`)
        continue
      }
      const verdicts: RunVerdict[] = []
      for (let run = 1; run <= RUNS; run++) {
        const verdict = await runWithFaults(bench, engine, run, RATE)
        verdicts.push(verdict)
        console.log(describeRun(verdict))
      }
      const ok = verdicts.filter(v => v.ok).length
      const inconsistent = verdicts.filter(v => !v.consistent).length
      const faults = verdicts.reduce((n, v) => n + v.faults, 0)
      const requests = verdicts.reduce((n, v) => n + v.requests, 0)
      const wall = median(verdicts.filter(v => v.ok).map(v => v.seconds))
      summary.push(
        `${engine}: ${ok}/${RUNS} succeeded (target ≥ ${Math.ceil(RUNS * 0.95)}), ` +
          `${inconsistent} left tags at different digests (target 0); ` +
          `${faults}/${requests} requests faulted (${((100 * faults) / Math.max(1, requests)).toFixed(1)} %), ` +
          `median wall of a success ${Number.isFinite(wall) ? wall.toFixed(1) : '-'} s`
      )
    }
  } finally {
    await bench.stop()
  }
  console.log(
    `push with ${Math.round(RATE * 100)} % injected faults, ${RUNS} runs per engine, two tags each:`
  )
  for (const line of summary) console.log(`  ${line}`)
}
