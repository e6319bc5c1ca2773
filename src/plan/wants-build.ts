/** The `build` input: whether this step runs an engine at all (pure). */
import type {BuildChoice} from '../inputs/inputs.js'

/**
 * Whether to run the engine. `auto`: build unless prune rules are given and nothing else asks for an image
 * (no push, load, outputs or promote-from): a prune-only step then needs no engine and no Dockerfile.
 */
export function wantsBuild(
  choice: BuildChoice,
  asks: {
    readonly prune: boolean
    readonly push: boolean
    readonly load: boolean
    readonly outputs: boolean
    readonly promote: boolean
  }
): boolean {
  if (choice !== 'auto') return choice === 'true'
  return !asks.prune || asks.push || asks.load || asks.outputs || asks.promote
}
