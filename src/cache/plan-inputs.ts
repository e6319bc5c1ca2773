/** From the action's inputs and runner context to the cache plan (pure; validation errors name the input). */
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import {parseCacheRef, planCache} from './policy.js'
import type {CacheEvent, CacheMode, CachePlan} from './policy.js'

export interface CacheInputFields {
  readonly cache: CacheMode
  readonly 'cache-ref': string
  readonly 'cache-from': readonly string[]
  readonly 'cache-to': readonly string[]
}

export interface CacheContext extends CacheEvent {
  /** Enabled image names; the first one's repository holds the cache. */
  readonly images: readonly string[]
  readonly runnerTemp: string
}

export function planCacheFromInputs(inputs: CacheInputFields, context: CacheContext): CachePlan {
  if (inputs['cache-ref']) {
    const parsed = parseCacheRef(inputs['cache-ref'])
    if ('error' in parsed) throw new InputError('cache-ref', parsed.error)
  }
  return planCache(
    {
      mode: inputs.cache,
      cacheRef: inputs['cache-ref'],
      cacheFrom: inputs['cache-from'],
      cacheTo: inputs['cache-to']
    },
    context,
    // RUNNER_TEMP is the runner's per-job scratch space: a local cache there lives as long as the job,
    // unless a step such as actions/cache saves and restores it.
    {image: context.images[0], localDir: path.join(context.runnerTemp, 'image-action-cache')}
  )
}
