/** From the action's inputs and runner context to the cache plan (pure; validation errors name the input). */
import {createHash} from 'node:crypto'
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import {actionsCacheMissing, actionsCacheReadOnly} from './gha.js'
import {planAuto} from './auto.js'
import {parseCacheRef, planCache} from './policy.js'
import type {CacheEvent, CacheInputMode, CachePlan} from './policy.js'

export interface CacheInputFields {
  readonly cache: CacheInputMode
  readonly 'cache-ref': string
  readonly 'cache-from': readonly string[]
  readonly 'cache-to': readonly string[]
}

export interface CacheContext extends CacheEvent {
  /** Enabled image names; the first one's repository holds the cache. */
  readonly images: readonly string[]
  readonly runnerTemp: string
  readonly workspace: string
  /** The Dockerfile built (absolute) and its target: each gets its own @actions/cache entries. */
  readonly dockerfile: string
  readonly target: string
  readonly push: boolean
  /** The step logs in to a registry (password, registry-auth, or github-token for ghcr.io). */
  readonly registryLogin: boolean
  /** The runner's variables: GitHub's cache token, service URL and mode, the run id and attempt. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** `df-<8 hex>` of the Dockerfile's path in the workspace and the target. */
function dockerfileKey(context: CacheContext): string {
  const id = `${path.relative(context.workspace, context.dockerfile)}\0${context.target}`
  return `df-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`
}

export function planCacheFromInputs(inputs: CacheInputFields, context: CacheContext): CachePlan {
  if (inputs['cache-ref']) {
    const parsed = parseCacheRef(inputs['cache-ref'])
    if ('error' in parsed) throw new InputError('cache-ref', parsed.error)
  }
  const fields = {
    cacheRef: inputs['cache-ref'],
    cacheFrom: inputs['cache-from'],
    cacheTo: inputs['cache-to']
  }
  // RUNNER_TEMP is the runner's per-job scratch space: a local cache there lives as long as the job, unless
  // GitHub's cache (build/actions-cache.ts) or a step such as actions/cache saves and restores it.
  const options = {
    image: context.images[0],
    localDir: path.join(context.runnerTemp, 'image-action-cache'),
    push: context.push,
    registryLogin: context.registryLogin,
    ...optional('actionsCacheMissing', actionsCacheMissing(context.env)),
    ...optional('actionsCacheReadOnly', actionsCacheReadOnly(context.env)),
    ...(context.env.GITHUB_RUN_ID
      ? {runKey: `${context.env.GITHUB_RUN_ID}-${context.env.GITHUB_RUN_ATTEMPT ?? '1'}`}
      : {}),
    dockerfileKey: dockerfileKey(context)
  }
  return inputs.cache === 'auto'
    ? planAuto(fields, context, options)
    : planCache({mode: inputs.cache, ...fields}, context, options)
}

function optional<K extends string>(name: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({[name]: value} as Record<K, string>)
}
