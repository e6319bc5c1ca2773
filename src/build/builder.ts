/**
 * Settles the buildx builder inside the one step (the shell around builder-policy.ts): inspect the builder
 * buildx would use, use it when it can do what the plan needs, else create a docker-container builder as
 * docker/setup-buildx-action does (removed in post), else fall back on the docker driver's inline cache.
 */
import {randomBytes} from 'node:crypto'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import {SLOW_TIMEOUT_MS} from '../shell/exec.js'
import type {Exec, ExecResult} from '../shell/exec.js'
import {DOCKER_CERTS_DIR} from '../registry/certs-dir.js'
import {
  bootstrapBuilderArgs,
  buildkitdConfig,
  createBuilderArgs,
  inspectBuilderArgs,
  removeBuilderArgs
} from './builder-args.js'
import type {RegistryTrust} from './builder-args.js'
import type {BuilderFacts} from './builder-facts.js'
import {builderFacts, parseBuildxInspect} from './builder-inspect.js'
import {afterCreateFailed, decideBuilder} from './builder-policy.js'
import type {BuilderChoice, BuilderDecision, BuilderNeeds, BuilderOrigin} from './builder-policy.js'
import type {Engine} from './engine.js'

/** What the user said about builders (build-push-action's `builder`, setup-buildx-action's inputs). */
export interface BuilderInputs {
  readonly builder: string
  readonly driverOpts: readonly string[]
  readonly buildkitdFlags: string
  /** A buildkitd.toml path, or its text (`buildkitd-config-inline`). */
  readonly buildkitdConfig: string
  readonly buildkitdConfigInline: string
  /** The input that asked for attestations (`provenance`, `sbom`, `attests`), for refusals. */
  readonly attestationInput?: string
}

/** A builder this step created: what post needs to remove it. */
export interface CreatedBuilder {
  readonly command: string
  readonly name: string
  /** The environment it was created in (its buildx state directory, docker host or context). */
  readonly env: Readonly<Record<string, string>>
}

export interface BuilderDeps {
  readonly exec: Exec
  /** The engine's environment (the step's DOCKER_CONFIG with buildx state kept visible). */
  readonly env: Record<string, string>
  /** The step's private temp dir (post removes it). */
  readonly temp: string
  readonly info: (message: string) => void
  readonly warn: (message: string) => void
  /** Remembers a created builder for post before it is bootstrapped, so a half-created one goes too. */
  readonly created: (builder: CreatedBuilder) => void
  /** Registry hosts the build talks to (tags, cache, base images). */
  readonly registries: readonly string[]
  /** Where docker keeps private CAs (tests point elsewhere). */
  readonly certsDir?: string
  /** An inspect started while the engines were probed (prefetchInspect); used once if it asked the same. */
  readonly prefetched?: PrefetchedInspect
}

/** A `docker buildx inspect` started early; `take` hands its result over once, for the same question only. */
export interface PrefetchedInspect {
  take(
    command: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>
  ): Promise<ExecResult> | undefined
  /** Waits for it whether or not it was taken: no program of the step outlives it. */
  settle(): Promise<void>
}

const sameEnv = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)

/**
 * Starts the inspect settleBuilder will run first — of the builder the inputs or BUILDX_BUILDER name, else the
 * current one — while the engines are still being probed: buildx answers both in ≈ 0.25 s each, in a row.
 */
export function prefetchInspect(
  exec: Exec,
  command: string,
  inputs: Pick<BuilderInputs, 'builder'>,
  env: Record<string, string>
): PrefetchedInspect {
  const args = inspectBuilderArgs(originOf(inputs, env).name)
  const result = exec(command, args, {env, allowFailure: true})
  let taken = false
  return {
    take(askedCommand, askedArgs, askedEnv) {
      const same =
        !taken &&
        askedCommand === command &&
        askedArgs.join('\0') === args.join('\0') &&
        sameEnv(askedEnv, env)
      if (!same) return undefined
      taken = true
      return result
    },
    settle: () =>
      result.then(
        () => undefined,
        () => undefined
      )
  }
}

function originOf(
  inputs: Pick<BuilderInputs, 'builder'>,
  env: Readonly<Record<string, string>>
): {name?: string; origin: BuilderOrigin} {
  if (inputs.builder) return {name: inputs.builder, origin: 'input'}
  if (env.BUILDX_BUILDER) return {name: env.BUILDX_BUILDER, origin: 'env'}
  return {origin: 'current'}
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .map(l => l.trim())
      .filter(Boolean)
      .pop() ?? 'no output'
  ).replace(/^(?:#\d+ )?ERROR:\s*/, '')
}

async function inspect(
  engine: Engine,
  deps: BuilderDeps,
  name: string | undefined,
  created: boolean
): Promise<BuilderFacts | {error: string}> {
  const args = inspectBuilderArgs(name)
  const out = await (deps.prefetched?.take(engine.command, args, deps.env) ??
    deps.exec(engine.command, args, {env: deps.env, allowFailure: true}))
  const parsed = out.exitCode === 0 ? parseBuildxInspect(out.stdout) : undefined
  if (!parsed) return {error: lastLine(out.stderr || out.stdout)}
  return builderFacts(parsed, {
    buildxVersion: engine.version.replace(/^v/, ''),
    ...(engine.daemonVersion ? {daemonVersion: engine.daemonVersion} : {}),
    created
  })
}

/** docker's `certs.d/<host>/*.crt` convention: the CA a container builder must trust for that registry. */
async function trustFor(host: string, certsDir: string): Promise<RegistryTrust> {
  const names = await readdir(path.join(certsDir, host)).catch(() => [] as string[])
  const ca = names.filter(n => n.endsWith('.crt')).sort()[0]
  return ca ? {host, caFile: path.join(certsDir, host, ca)} : {host}
}

async function configFile(inputs: BuilderInputs, deps: BuilderDeps): Promise<string | undefined> {
  const user =
    inputs.buildkitdConfigInline || (inputs.buildkitdConfig ? await readConfig(inputs.buildkitdConfig) : '')
  const certsDir = deps.certsDir ?? DOCKER_CERTS_DIR
  const trust = await Promise.all([...new Set(deps.registries)].map(host => trustFor(host, certsDir)))
  const toml = buildkitdConfig(user, trust)
  if (toml.trim() === '') return undefined
  const file = path.join(deps.temp, 'buildkitd.toml')
  await writeFile(file, toml, {mode: 0o600})
  return file
}

async function readConfig(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error: unknown) {
    throw new InputError(
      'buildkitd-config',
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give the path of a buildkitd.toml`
    )
  }
}

/** The variables that decide where buildx keeps a builder, for post to find it again. */
function builderEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const keep = [
    'BUILDX_CONFIG',
    'DOCKER_CONFIG',
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_CERT_PATH',
    'DOCKER_TLS_VERIFY'
  ]
  return Object.fromEntries(keep.filter(k => env[k] !== undefined).map(k => [k, env[k] as string]))
}

/** Creates and boots a docker-container builder; on failure removes what was half made. */
async function createBuilder(
  engine: Engine,
  inputs: BuilderInputs,
  deps: BuilderDeps
): Promise<BuilderFacts | {error: string}> {
  const name = `image-action-${randomBytes(6).toString('hex')}`
  const config = await configFile(inputs, deps)
  const args = createBuilderArgs({
    name,
    driverOpts: inputs.driverOpts,
    ...(inputs.buildkitdFlags ? {buildkitdFlags: inputs.buildkitdFlags} : {}),
    ...(config ? {configFile: config} : {}),
    registries: deps.registries
  })
  deps.created({command: engine.command, name, env: builderEnv(deps.env)})
  const started = performance.now()
  const slow = {env: deps.env, allowFailure: true, stream: true, timeoutMs: SLOW_TIMEOUT_MS}
  const create = await deps.exec(engine.command, args, slow)
  const boot =
    create.exitCode === 0 ? await deps.exec(engine.command, bootstrapBuilderArgs(name), slow) : create
  if (boot.exitCode !== 0) {
    await deps.exec(engine.command, removeBuilderArgs(name), {env: deps.env, allowFailure: true})
    return {error: lastLine(boot.stderr || boot.stdout)}
  }
  const facts = await inspect(engine, deps, name, true)
  if (!('error' in facts)) {
    deps.info(
      `Created builder ${name} (docker-container, BuildKit ${facts.buildkitVersion ?? 'unknown'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`
    )
  }
  return facts
}

/**
 * The engine that carries out the decision. The current builder is left implicit: buildx refuses
 * `--builder <context>` for a docker-driver builder unless that context is the current one, and the current
 * builder is what it would pick anyway.
 */
function engineFor(
  engine: Engine,
  decision: Extract<BuilderDecision, {builder: BuilderFacts}>,
  origin: BuilderOrigin | 'created'
): Engine {
  const build =
    origin === 'current' ? ['buildx', 'build'] : ['buildx', 'build', '--builder', decision.builder.name]
  if (decision.action === 'use') return {...engine, kind: 'buildx', build, builder: decision.builder}
  return {
    ...engine,
    kind: 'docker',
    version: engine.daemonVersion ?? engine.version,
    build,
    builder: decision.builder
  }
}

function carryOut(
  engine: Engine,
  decision: BuilderDecision,
  origin: BuilderOrigin,
  deps: BuilderDeps
): Engine {
  switch (decision.action) {
    case 'use':
      return engineFor(engine, decision, origin)
    case 'inline-fallback':
      deps.warn(decision.warning)
      return engineFor(engine, decision, origin)
    case 'refuse':
      throw new InputError(decision.input, decision.message)
    case 'create':
      throw new Error('internal: a create decision must be carried out by settleBuilder')
  }
}

/**
 * For a buildx engine: the builder that can do what the plan needs. For a docker engine reached through
 * a buildx client: the docker driver of the current context (images must land in the daemon to be pushed).
 */
export async function settleBuilder(
  engine: Engine,
  needs: BuilderNeeds,
  inputs: BuilderInputs,
  deps: BuilderDeps
): Promise<Engine> {
  if (engine.kind === 'buildah' || engine.build[0] !== 'buildx') return engine
  if (engine.kind === 'docker') return dockerDriverEngine(engine, deps)
  const {name, origin} = originOf(inputs, deps.env)
  const current = await inspect(engine, deps, name, false)
  if ('error' in current) {
    const which = name ? `builder '${name}'` : 'the current buildx builder'
    const input = origin === 'input' ? 'builder' : origin === 'env' ? 'builder' : 'engine'
    throw new InputError(
      input,
      `${which} cannot be used: ${current.error}; name an existing builder (docker buildx ls) or leave it empty`
    )
  }
  const choice: BuilderChoice = {
    builder: current,
    origin,
    inputs: {platforms: 'platforms', attestations: inputs.attestationInput ?? 'provenance'}
  }
  const decision = decideBuilder(choice, needs)
  if (decision.action !== 'create') {
    if (decision.action === 'use')
      deps.info(
        `Builder: ${current.name} (${current.driver} driver, BuildKit ${current.buildkitVersion ?? 'unknown'})`
      )
    return carryOut(engine, decision, origin, deps)
  }
  deps.info(`${decision.why}: creating a docker-container builder for this step`)
  const created = await createBuilder(engine, inputs, deps)
  if (!('error' in created)) return engineFor(engine, {action: 'use', builder: created, notes: []}, 'created')
  return carryOut(engine, afterCreateFailed(choice, needs, created.error), origin, deps)
}

/** The docker driver builder of the current docker context is named after the context. */
async function dockerDriverEngine(engine: Engine, deps: BuilderDeps): Promise<Engine> {
  const context = await deps.exec(engine.command, ['context', 'inspect', '--format', '{{.Name}}'], {
    env: deps.env,
    allowFailure: true
  })
  const name = context.exitCode === 0 ? context.stdout.trim() || 'default' : 'default'
  const facts = await inspect(engine, deps, name, false)
  return {
    ...engine,
    build: ['buildx', 'build', '--builder', name],
    ...('error' in facts ? {} : {builder: facts})
  }
}

/** post: removes the builders this step created; never one it did not. */
export async function removeBuilders(
  builders: readonly CreatedBuilder[],
  exec: Exec,
  env: Record<string, string>
) {
  for (const builder of builders) {
    await exec(builder.command, removeBuilderArgs(builder.name), {
      env: {...env, ...builder.env},
      allowFailure: true
    })
  }
}
