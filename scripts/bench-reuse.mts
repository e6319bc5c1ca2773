/**
 * Content-hash reuse benchmark: the bundled action (dist/, through the runner emulator) builds and pushes
 * __tests__/fixtures/cache-bench once, then runs again with identical inputs and a new tag, with no engine on
 * PATH: the retag through the registry client is all that can happen. Target: ≤ 2 s per retag, no engine call.
 * `BENCH_REUSE_ENGINE=docker|buildah` (default docker) picks the engine of the first build.
 */
import {runAction} from '../__tests__/helpers/action-runner.js'
import {pushBaseImage} from '../__tests__/helpers/base-image.js'
import {startRegistry} from '../__tests__/helpers/registry.js'
import {missingTools} from '../__tests__/helpers/require-tool.js'
import {skopeoInspect} from '../__tests__/helpers/skopeo.js'
import {fixtureWorkspace, PUSH_MAIN} from '../__tests__/cache/support.js'
import {median} from './median.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)

export async function benchReuse(): Promise<void> {
  const engine = process.env.BENCH_REUSE_ENGINE || 'docker'
  const missing = await missingTools([
    'docker-registry',
    'skopeo',
    engine === 'docker' ? 'docker-daemon' : 'buildah'
  ])
  if (missing.length > 0) {
    console.log(`reuse benchmark skipped: missing ${missing.join(', ')}`)
    return
  }
  const registry = await startRegistry({auth: 'anonymous'})
  try {
    const base = await pushBaseImage(registry)
    const repo = `bench/reuse-${Date.now()}`
    const run = (tags: string, env: Record<string, string>) =>
      runAction({
        post: false,
        prepare: fixtureWorkspace('cache-bench', {}),
        event: PUSH_MAIN,
        env: {STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot', ...env},
        inputs: {
          images: `${registry.host}/${repo}`,
          tags,
          context: 'app',
          'build-args': `BASE=${base}`,
          push: 'true',
          engine
        }
      })
    const cold = await run('cold', {})
    if (cold.exitCode !== 0) throw new Error(`first build failed:\n${cold.stdout.slice(-4000)}`)
    const walls: number[] = []
    const lookups: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const again = await run(`retag-${i}`, {PATH: '/nonexistent'})
      if (again.exitCode !== 0 || !again.summary.includes('**Reused**'))
        throw new Error(`retag ${i} did not reuse:\n${again.stdout.slice(-4000)}`)
      if ((await skopeoInspect(registry, `${repo}:retag-${i}`)).digest !== cold.outputs.digest)
        throw new Error(`retag ${i} landed another digest`)
      walls.push(again.wallMs / 1000)
      lookups.push(
        Number(
          /No engine ran; the tags were set registry to registry \(([\d.]+) s\)/.exec(again.summary)?.[1]
        )
      )
    }
    const wall = median(walls)
    console.log(
      `reuse (fixture cache-bench, first build with ${engine}; then identical inputs, no engine on PATH):`
    )
    console.log(`  cold build + push              ${(cold.wallMs / 1000).toFixed(1).padStart(6)} s`)
    console.log(
      `  content-hash retag, median of ${RUNS} ${wall.toFixed(2).padStart(6)} s (target ≤ 2 s${wall <= 2 ? ', met' : ', NOT met'}; ` +
        `${((wall / (cold.wallMs / 1000)) * 100).toFixed(1)}% of cold)`
    )
    console.log(
      `    hash + lookup + retag inside the action: median ${median(lookups).toFixed(2)} s; engine calls: 0`
    )
  } finally {
    await registry.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReuse()
