/**
 * What the engines' own output says about the cache (pure): BuildKit's plain progress (`--progress=plain`,
 * docker's built-in BuildKit and buildx alike), buildah's step log and `docker push`'s layer lines.
 */

/** One BuildKit vertex: `#N <name>`, then `#N CACHED` / `#N DONE 1.2s` / `#N ERROR: …`. */
export interface Vertex {
  readonly id: number
  readonly name: string
  readonly cached: boolean
  readonly done: boolean
  readonly error?: string
  readonly seconds: number
}

interface MutableVertex {
  id: number
  name: string
  cached: boolean
  done: boolean
  error?: string
  seconds: number
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
      vertices.set(id, {id, name: rest, cached: false, done: false, seconds: 0})
      continue
    }
    if (rest === 'CACHED') vertex.cached = true
    const done = /^DONE (\d+(?:\.\d+)?)s$/.exec(rest)
    if (done) {
      vertex.done = true
      // A vertex printed twice reports its time twice; the longer is the real one.
      vertex.seconds = Math.max(vertex.seconds, Number(done[1]))
    }
    const error = /^ERROR:? ?(.*)$/.exec(rest)
    if (error) vertex.error = error[1] || 'error'
  }
  return [...vertices.values()]
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
  /** Time spent running the steps that ran (BuildKit reports it; buildah does not). */
  readonly seconds?: number
}

/** Own steps of every stage seen, in order of first appearance; FROM and [internal] vertices excluded. */
export function stageStats(vertices: readonly Vertex[], singleStageName = 'stage-0'): StageStats[] {
  const stats = new Map<string, {steps: number; cached: number; ran: number; seconds: number}>()
  for (const vertex of vertices) {
    const step = STEP.exec(vertex.name)
    if (!step || /^FROM\s/i.test(step[4] as string)) continue
    const stage = step[1] ?? singleStageName
    const entry = stats.get(stage) ?? {steps: 0, cached: 0, ran: 0, seconds: 0}
    entry.steps++
    if (vertex.cached) entry.cached++
    else if (vertex.done || vertex.error) {
      entry.ran++
      entry.seconds += vertex.seconds
    }
    stats.set(stage, entry)
  }
  return [...stats].map(([stage, s]) => ({stage, ...s}))
}

export interface CacheImport {
  readonly ref: string
  /** False when the import failed: usually the ref does not exist yet, which is not an error. */
  readonly found: boolean
}

/** `#N importing cache manifest from REF` vertices (docker 20.10 and buildx). */
export function cacheImports(vertices: readonly Vertex[]): CacheImport[] {
  return vertices.flatMap(vertex => {
    const match = /^importing cache manifest from (\S+)/.exec(vertex.name)
    return match ? [{ref: match[1] as string, found: vertex.error === undefined}] : []
  })
}

/** Seconds BuildKit spent exporting the cache (buildx's `exporting cache to registry`, inline's `exporting cache`). */
export function cacheExportSeconds(vertices: readonly Vertex[]): number {
  return vertices
    .filter(v => /^(exporting cache|preparing build cache)/.test(v.name))
    .reduce((s, v) => s + v.seconds, 0)
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
