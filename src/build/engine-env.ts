/**
 * The environment an engine runs with (pure). It inherits the step's environment minus everything the
 * engine was not asked for: the runner passes every input as `INPUT_<NAME>` (the password among them), its
 * own tokens (`ACTIONS_RUNTIME_TOKEN`, the OIDC request token) and whatever holds a secret value. A bare
 * build argument (`build-args: NAME`) takes its value from this environment, so what is not here cannot
 * end up in an image layer or `docker history`.
 */
import {InputError} from '../shared/errors.js'

/** Runner variables that are credentials; GitHub's cache variables pass only when `cache: gha` uses them. */
const RUNNER_SECRETS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_URL'
]

/** Variables the step hands between main and post, and the runner's per-input copies. */
function isStepPrivate(name: string): boolean {
  return name.startsWith('INPUT_') || name.startsWith('STATE_')
}

/** Secret values shorter than this are not searched for inside other values (they would match anywhere). */
const MIN_SECRET = 4

function holdsSecret(value: string, secrets: readonly string[]): boolean {
  return secrets.some(secret => secret.length >= MIN_SECRET && value.includes(secret))
}

export interface EngineEnvOptions {
  /** Values that must not reach the engine (passwords, tokens, secret values). */
  readonly secrets: readonly string[]
  /** Runner variables to keep after all (GitHub's cache service for `cache: gha`). */
  readonly keep?: readonly string[]
}

/** The step's environment as the engine may see it, then the engine's own variables on top. */
export function engineEnv(
  processEnv: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>>,
  options: EngineEnvOptions
): Record<string, string> {
  const keep = new Set(options.keep ?? [])
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(processEnv)) {
    if (value === undefined) continue
    if (!keep.has(name) && (isStepPrivate(name) || RUNNER_SECRETS.includes(name))) continue
    if (!keep.has(name) && holdsSecret(value, options.secrets)) continue
    env[name] = value
  }
  return {...env, ...extra}
}

/**
 * A bare `build-args` name takes its value from the environment: refused when that would be a credential
 * (an input, a runner token, or a value that holds a secret), with how to pass a secret instead.
 */
export function checkBareBuildArgs(
  buildArgs: readonly string[],
  processEnv: Readonly<Record<string, string | undefined>>,
  secrets: readonly string[]
): void {
  for (const arg of buildArgs) {
    if (arg.includes('=')) continue
    const value = processEnv[arg]
    const credential =
      isStepPrivate(arg) ||
      RUNNER_SECRETS.includes(arg) ||
      (value !== undefined && holdsSecret(value, secrets))
    if (credential) {
      throw new InputError(
        'build-args',
        `'${arg}' would put a credential into the image (a bare name takes its value from the environment, and ` +
          `build arguments stay in the image's history); pass it with secrets: id=${arg.toLowerCase()},env=${arg} ` +
          `and RUN --mount=type=secret,id=${arg.toLowerCase()}`
      )
    }
  }
}
