/** Running the prune stage against a simulated Hub or GHCR (sim-apis.ts). */
import {RegistryClient} from '../../src/registry/index.js'
import type {Clock} from '../../src/registry/retry.js'
import {collectPrune, type PruneCall} from './fixtures.js'
import type {Sim} from './sim-apis.js'

export interface SimCall extends PruneCall {
  readonly clock?: Clock
  readonly mutationIntervalMs?: number
}

export function simClient(sim: Sim): RegistryClient {
  return new RegistryClient({registry: sim.host, scheme: 'http'})
}

export function pruneSim(sim: Sim, repo: string, call: SimCall) {
  // Hub logs in with the user and PAT; GHCR takes the login's password as its API token.
  const password = sim.options.flavor === 'hub' ? (sim.options.password ?? '') : sim.token
  return collectPrune(call, {
    repository: `${sim.host}/${repo}`,
    credentials: {[sim.host]: {username: sim.options.username ?? '', password}},
    endpoints: {
      kinds: {[sim.host]: sim.options.flavor},
      hubApi: `${sim.url}/hub`,
      githubApi: `${sim.url}/gh`,
      mutationIntervalMs: call.mutationIntervalMs ?? 0,
      ...(call.clock ? {clock: call.clock} : {})
    }
  })
}
