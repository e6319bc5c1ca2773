import type {BuildResult} from '../build/build-shell.js'
import type {Engine} from '../build/engine.js'

/** Every output of action.yml, in one place: metadata-action's plus the build's. */
export function collectOutputs(
  metaOutputs: Readonly<Record<string, string>>,
  engine: Engine | undefined,
  result: BuildResult | undefined,
  /** The prune stage's JSON (src/prune/run/report.ts); absent when nothing was to be pruned. */
  pruned?: string
): Record<string, string> {
  const outputs: Record<string, string> = {...metaOutputs}
  outputs.imageid = result?.imageId ?? ''
  outputs.digest = result?.digest ?? ''
  outputs.metadata = result
    ? JSON.stringify({
        ...result.metadata,
        engine: engine?.kind,
        size: result.size,
        pushed: result.pushed
      })
    : '{}'
  outputs.pruned = pruned ?? ''
  return outputs
}
