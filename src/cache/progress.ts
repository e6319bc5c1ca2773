/**
 * What the engines' own output says about a build (pure): BuildKit's plain progress (`--progress=plain`,
 * docker's built-in BuildKit and buildx alike), buildah's step log and `docker push`'s layer lines.
 * What it says about the cache, from the same vertices: outcome.ts.
 *
 * BuildKit's plain progress prints each vertex as `#N <name>`, then under the same `#N`: status lines
 * (sub-steps, `<what> [<time>s] done`), log lines (`#N <seconds> <text>`, a RUN step's output), and one of
 * `#N CACHED`, `#N DONE 1.2s`, `#N ERROR: …`. A vertex may be printed again later with more lines.
 * Lines that do not start with `#N` are the client's own (`WARNING: …`, `ERROR: failed to solve: …`).
 */

/** One BuildKit vertex: `#N <name>`, then `#N CACHED` / `#N DONE 1.2s` / `#N ERROR: …`. */
export interface Vertex {
  readonly id: number
  readonly name: string
  readonly cached: boolean
  readonly done: boolean
  readonly error?: string
  /** The vertex's own `DONE` time; 0 when it printed none (cached, or failed: an error carries no time). */
  readonly seconds: number
  /** Its status lines in order, without the `#N ` (log output and CACHED/DONE/ERROR left out). */
  readonly statuses: readonly string[]
  /**
   * Layers were downloaded or unpacked under it: BuildKit pulls a step's result from a remote cache when a
   * later step or the output needs its files, and prints the layer lines under the step that made them.
   */
  readonly pulled: boolean
}

interface MutableVertex {
  id: number
  name: string
  cached: boolean
  done: boolean
  error?: string
  seconds: number
  statuses: string[]
  pulled: boolean
}

/** A log line: the seconds since the vertex started, then a line of the step's output. */
const LOG_LINE = /^\d+\.\d+ /

/**
 * Layer pull lines (real output, buildx 0.13.1 on docker 26.1): the containerd image store prints
 * `sha256:<hex> 140B / 140B 0.1s done` and `extracting sha256:<hex> 0.0s done`; the classic image store
 * (moby's own puller) prints `pulling sha256:<hex> 0.1s done`. A bare `sha256:<hex>` with nothing after it is
 * no pull: docker 20.10's BuildKit 0.8 prints one under every step it runs.
 */
const LAYER_PULL = /^(?:(?:extracting|pulling) sha256:[0-9a-f]{64}(?:\s|$)|sha256:[0-9a-f]{64} \S+ \/ \S+)/

/** Sums of times printed with one decimal, without float noise (0.6 + 0.7 is 1.3, not 1.2999999999999998). */
export function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}

/** Vertices in the order they first appear; later mentions of a vertex only add its status. */
export function parseBuildkitProgress(output: string): Vertex[] {
  const vertices = new Map<number, MutableVertex>()
  for (const line of output.split(/\r?\n/)) {
    const match = /^#(\d+) (.*)$/.exec(line.trimEnd())
    if (!match) continue
    const id = Number(match[1])
    const rest = match[2] as string
    const vertex = vertices.get(id)
    if (!vertex) {
      vertices.set(id, {id, name: rest, cached: false, done: false, seconds: 0, statuses: [], pulled: false})
      continue
    }
    // A vertex printed again repeats its name; `...` marks where its lines were cut by another vertex's.
    if (rest === vertex.name || rest === '...') continue
    if (rest === 'CACHED') {
      vertex.cached = true
      continue
    }
    const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest)
    if (done) {
      vertex.done = true
      // A vertex printed twice reports its time twice; the longer is the real one.
      vertex.seconds = Math.max(vertex.seconds, Number(done[1]))
      continue
    }
    const error = /^ERROR:? ?(.*)$/.exec(rest)
    if (error) {
      vertex.error = error[1] || 'error'
      continue
    }
    if (LOG_LINE.test(rest)) continue
    vertex.statuses.push(rest)
    if (LAYER_PULL.test(rest)) vertex.pulled = true
  }
  return [...vertices.values()]
}

/** The client's own lines (`WARNING: …`, `ERROR: …`), which are not part of any vertex. */
export function buildxMessages(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map(line => line.trimEnd())
    .filter(line => /^(WARNING|ERROR):/.test(line))
}

/** '[build 2/4] COPY …' → stage 'build', step 2; single-stage Dockerfiles print '[2/4] …'. */
const STEP = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/

export interface StageStats {
  /** BuildKit's name for the stage: its name, or `stage-N` when unnamed. */
  readonly stage: string
  /** Steps of this stage (FROM excluded), how many came from a cache, how many ran. */
  readonly steps: number
  readonly cached: number
  readonly ran: number
  /**
   * Of `cached`, the steps whose layers were downloaded from a remote cache (BuildKit); absent when none
   * were, or when the engine does not tell.
   */
  readonly remote?: number
  /** Time spent running the steps that ran (BuildKit reports it; buildah does not). */
  readonly seconds?: number
}

/**
 * Own steps of every stage seen, in order of first appearance; FROM and [internal] vertices excluded.
 * A step is a cache hit when BuildKit says `CACHED`, or when its only work was pulling its layers: a step
 * found in a remote cache prints layer downloads and `DONE` but no `CACHED` when a later step needs its
 * files (real output: buildx 0.13.1, docker 26.1, containerd image store). A step that failed ran.
 */
export function stageStats(vertices: readonly Vertex[], singleStageName = 'stage-0'): StageStats[] {
  const stats = new Map<
    string,
    {steps: number; cached: number; ran: number; remote: number; seconds: number}
  >()
  for (const vertex of vertices) {
    const step = STEP.exec(vertex.name)
    if (!step || /^FROM\s/i.test(step[4] as string)) continue
    const stage = step[1] ?? singleStageName
    const entry = stats.get(stage) ?? {steps: 0, cached: 0, ran: 0, remote: 0, seconds: 0}
    entry.steps++
    if (vertex.error === undefined && (vertex.cached || vertex.pulled)) {
      entry.cached++
      if (vertex.pulled) entry.remote++
    } else if (vertex.done || vertex.error !== undefined) {
      entry.ran++
      entry.seconds += vertex.seconds
    }
    stats.set(stage, entry)
  }
  return [...stats].map(([stage, {remote, seconds, ...s}]) => ({
    stage,
    ...s,
    seconds: round(seconds),
    ...(remote > 0 ? {remote} : {})
  }))
}

export interface PushStats {
  readonly pushed: number
  /** Layers the registry already had, or mounted from another repository: no bytes sent. */
  readonly existing: number
}

/** `docker push` prints one line per layer: `<id>: Pushed`, `Layer already exists`, `Mounted from …`. */
export function dockerPushStats(output: string): PushStats {
  let pushed = 0
  let existing = 0
  for (const line of output.split(/\r?\n/)) {
    const match = /^[0-9a-f]{12}: (Pushed|Layer already exists|Mounted from .*)$/.exec(line.trim())
    if (!match) continue
    if (match[1] === 'Pushed') pushed++
    else existing++
  }
  return {pushed, existing}
}

const FILESYSTEM_STEP = /^(RUN|COPY|ADD|WORKDIR)\s/i

export interface BuildahStats {
  readonly stages: StageStats[]
  /** Step images buildah pushed to, and pulled from, the cache repository. */
  readonly cachePushes: number
  readonly cachePulls: number
}

/**
 * buildah's log: `[i/n] STEP k/m: INSTR` (no `[i/n]` for a single stage), then for a cache hit
 * `--> Using cache <id>` (after `--> Cache pulled from remote <ref>` when it came from the registry), and
 * `--> Pushing cache <ref>` when it writes one; the last step's push is printed after `COMMIT`.
 */
export function parseBuildahOutput(output: string): BuildahStats {
  interface Step {
    stage: string
    cached: boolean
  }
  const steps: Step[] = []
  const stageNames = new Map<number, string>()
  let current: Step | undefined
  let cachePushes = 0
  let cachePulls = 0
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim()
    const step = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/\d+: (.*)$/.exec(line)
    if (step) {
      const stageIndex = Number(step[1] ?? 1) - 1
      const instruction = step[3] as string
      if (Number(step[2]) === 1 && /^FROM\s/i.test(instruction)) {
        const name = /\sAS\s+(\S+)\s*$/i.exec(instruction)?.[1]?.toLowerCase()
        stageNames.set(stageIndex, name ?? `stage-${stageIndex}`)
        current = undefined
        continue
      }
      current = {stage: stageNames.get(stageIndex) ?? `stage-${stageIndex}`, cached: false}
      // buildah makes a step of every instruction, and of every --label; only those that change the
      // filesystem are counted, as BuildKit shows no others.
      if (FILESYSTEM_STEP.test(instruction)) steps.push(current)
    } else if (line.startsWith('--> Using cache ') && current) {
      current.cached = true
    } else if (line.startsWith('--> Cache pulled from remote ')) {
      cachePulls++
    } else if (line.startsWith('--> Pushing cache ')) {
      cachePushes++
    }
  }
  const byStage = new Map<string, {steps: number; cached: number; ran: number}>()
  for (const step of steps) {
    const entry = byStage.get(step.stage) ?? {steps: 0, cached: 0, ran: 0}
    entry.steps++
    if (step.cached) entry.cached++
    else entry.ran++
    byStage.set(step.stage, entry)
  }
  return {stages: [...byStage].map(([stage, s]) => ({stage, ...s})), cachePushes, cachePulls}
}
