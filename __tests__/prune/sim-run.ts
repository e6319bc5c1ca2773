/** Running the prune stage against a simulated Hub or GHCR (sim-apis.ts). */
import {RegistryClient} from '../../src/registry/index.js'
import type {Clock} from '../../src/registry/retry.js'
import {parsePruneRules} from '../../src/prune/rules.js'
import {runPrune} from '../../src/prune/run.js'
import type {Sim} from './sim-apis.js'

export interface SimCall {
  readonly rules: string
  readonly dryRun?: boolean
  readonly protectedRefs?: readonly string[]
  readonly closedPr?: number
  readonly now?: number
  readonly clock?: Clock
  readonly mutationIntervalMs?: number
  readonly repositories?: readonly string[]
}

export function simClient(sim: Sim): RegistryClient {
  return new RegistryClient({registry: sim.host, scheme: 'http'})
}

export async function pruneSim(sim: Sim, repo: string, call: SimCall) {
  const lines = {info: [] as string[], warning: [] as string[], error: [] as string[]}
  const rules = parsePruneRules(call.rules)
  if (!rules) throw new Error('no rules')
  // Hub logs in with the user and PAT; GHCR takes the login's password as its API token.
  const password = sim.options.flavor === 'hub' ? (sim.options.password ?? '') : sim.token
  const run = await runPrune({
    rules,
    repositories: call.repositories ?? [`${sim.host}/${repo}`],
    context: {
      now: call.now ?? Date.now(),
      cachePrefix: 'buildcache',
      ...(call.closedPr ? {closedPr: call.closedPr} : {})
    },
    protectedRefs: call.protectedRefs ?? [],
    credentials: {[sim.host]: {username: sim.options.username ?? '', password}},
    dryRun: call.dryRun ?? false,
    log: {
      info: line => lines.info.push(line),
      warning: line => lines.warning.push(line),
      error: line => lines.error.push(line)
    },
    endpoints: {
      kinds: {[sim.host]: sim.options.flavor},
      hubApi: `${sim.url}/hub`,
      githubApi: `${sim.url}/gh`,
      mutationIntervalMs: call.mutationIntervalMs ?? 0,
      sleep: async () => undefined,
      ...(call.clock ? {clock: call.clock} : {})
    }
  })
  return {run, lines, plan: run.repositories[0]?.plan, results: run.repositories[0]?.results ?? []}
}
