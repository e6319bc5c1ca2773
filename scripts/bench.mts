/**
 * Benchmarks, printed side by side from one run. Not tests: figures to compare with the issues' targets.
 *   dry-run: node start to exit of the bundled action planning a semver tag push with four rules.
 *   cache: per builder (containerd store, classic-store fallback, docker 20.10, buildah), warm-cache rebuilds
 *     on a wiped engine as ratios to the cold build + push, against issue 10's targets (scripts/bench-cache.mts).
 *   reuse: identical inputs retagged through the registry with no engine (scripts/bench-reuse.mts).
 *   prune: 1,000 of 1,200 tags deleted on a local registry, against a skopeo delete loop (scripts/bench-prune.mts).
 *   push: 20 runs per engine pushing two tags through 20 % injected faults, against issue 11's ≥ 19/20 and
 *     "one digest per build" (scripts/bench-push.mts).
 *   cli: the CLI (dist/cli) planning the same dry run in a simulated GitLab pipeline, over a bare node start.
 */
import {spawnSync} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {ACTION_DIR, runAction} from '../__tests__/helpers/action-runner.js'
import {median} from './median.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 15)

async function benchDryRun(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-'))
  const rssFile = path.join(dir, 'rss')
  const probe = pathToFileURL(path.join(ACTION_DIR, 'scripts/rss-probe.mjs')).href
  const walls: number[] = []
  const peaks: number[] = []
  for (let i = 0; i < RUNS + 1; i++) {
    const run = await runAction({
      post: false,
      // The checkout the planned build reads (planning checks the Dockerfile, dry run or not).
      prepare: workspace => writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\n'),
      nodeArgs: [`--import=${probe}`],
      env: {BENCH_RSS_FILE: rssFile},
      event: {
        name: 'push',
        ref: 'refs/tags/v1.2.3',
        sha: '860c1904a1ce19322e91ac35af1ab07466440c37',
        payload: {
          repository: {
            name: 'app',
            html_url: 'https://github.com/o/app',
            default_branch: 'main',
            description: null,
            license: null
          }
        }
      },
      inputs: {
        images: 'ghcr.io/o/app',
        tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}\ntype=sha',
        'dry-run': 'true'
      }
    })
    if (run.exitCode !== 0) throw new Error(`dry run failed:\n${run.stdout}${run.stderr}`)
    if (i === 0) continue // warm the file cache; not counted
    walls.push(run.wallMs)
    peaks.push(Number(await readFile(rssFile, 'utf8')) / 1024)
  }
  // The floor: an empty node process started the same way, measured in the same run.
  const floorWalls: number[] = []
  const floorPeaks: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, [`--import=${probe}`, '-e', ''], {env: {BENCH_RSS_FILE: rssFile}})
    floorWalls.push(performance.now() - started)
    floorPeaks.push(Number(await readFile(rssFile, 'utf8')) / 1024)
  }
  await rm(dir, {recursive: true, force: true})
  const wall = median(walls) / 1000
  const peak = median(peaks)
  const floorWall = median(floorWalls) / 1000
  console.log(`empty node process: wall ${floorWall.toFixed(3)} s, peak ${median(floorPeaks).toFixed(1)} MiB`)
  console.log(`dry-run (semver tag push, 4 rules), median of ${RUNS}:`)
  console.log(
    `  wall ${wall.toFixed(3)} s (target ≤ 0.15 s; docker/metadata-action ≈ 0.5 s here) → ${(wall / 0.5).toFixed(2)}× metadata-action`
  )
  console.log(
    `  action's own share: ${(wall - floorWall).toFixed(3)} s over an empty node process (${(wall / floorWall).toFixed(2)}×)`
  )
  console.log(
    `  peak ${peak.toFixed(1)} MiB (target ≤ 70 MiB; docker/metadata-action ≈ 125 MiB) → ${(peak / 125).toFixed(2)}× metadata-action`
  )
}

/** The CLI's dry run (a GitLab tag pipeline, the same four rules) against a bare `node -e ''`, both in this run. */
async function benchCli(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-cli-'))
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    TMPDIR: dir,
    GITLAB_CI: 'true',
    CI_COMMIT_TAG: 'v1.2.3',
    CI_COMMIT_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
    CI_DEFAULT_BRANCH: 'main'
  }
  const args = [
    path.join(ACTION_DIR, 'dist/cli/index.js'),
    ...['--images', 'registry.gitlab.example/o/app', '--dry-run', '--json'],
    ...['--tags', 'type=semver,pattern={{version}}', '--tags', 'type=semver,pattern={{major}}.{{minor}}'],
    ...['--tags', 'type=semver,pattern={{major}}', '--tags', 'type=sha']
  ]
  const time = (argv: string[]): number => {
    const started = performance.now()
    const run = spawnSync(process.execPath, argv, {cwd: dir, env})
    if (run.status !== 0) throw new Error(`cli bench: exit ${run.status}: ${run.stderr.toString()}`)
    return performance.now() - started
  }
  time(args) // warm the file cache; not counted
  const cli: number[] = []
  const bare: number[] = []
  for (let i = 0; i < RUNS; i++) {
    cli.push(time(args))
    bare.push(time(['-e', '']))
  }
  await rm(dir, {recursive: true, force: true})
  const over = (median(cli) - median(bare)) / 1000
  console.log(
    `cli dry run (GitLab tag pipeline, 4 rules), median of ${RUNS}, alternating with a bare node start:`
  )
  console.log(
    `  cli ${(median(cli) / 1000).toFixed(3)} s, bare node ${(median(bare) / 1000).toFixed(3)} s → ` +
      `${over.toFixed(3)} s over a bare start (target ≤ 0.10 s: ${over <= 0.1 ? 'met' : 'MISSED'})`
  )
}

// `npm run bench -- dry-run` or `-- cache` runs one; no argument runs all (cache: scripts/bench-cache.mts).
const only = process.argv.slice(2)
if (only.length === 0 || only.includes('dry-run')) await benchDryRun()
if (only.length === 0 || only.includes('cache')) await (await import('./bench-cache.mjs')).benchCache()
if (only.length === 0 || only.includes('reuse')) await (await import('./bench-reuse.mjs')).benchReuse()
if (only.length === 0 || only.includes('prune')) await (await import('./bench-prune.mjs')).benchPrune()
if (only.length === 0 || only.includes('push')) await (await import('./bench-push.mjs')).benchPush()
if (only.length === 0 || only.includes('cli')) await benchCli()
