import {maskSecret} from './mask.js'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import * as core from '../shell/actions-runner.js'
import {exec} from '../shell/exec.js'
import type {EngineChoice} from '../build/engine.js'
import type {BuildPlan} from '../plan/build-plan.js'
import {attestationInput, builderNeeds, planForEngine} from '../plan/engine-plan.js'
import {chooseEngine} from '../build/engine.js'
import type {Engine} from '../build/engine.js'
import {findOnPath, probeEngines} from '../build/probe.js'
import {prefetchInspect, settleBuilder} from '../build/builder.js'
import {engineEnv} from '../build/engine-env.js'
import type {BuilderInputs, CreatedBuilder} from '../build/builder.js'
import type {CachePlan} from '../cache/policy.js'
import {parseReference} from '../registry/reference.js'
import {connectRegistry} from '../registry/connect.js'
import type {CredentialStore} from '../registry/auth.js'
import {imageConfigDigest} from '../registry/image-config.js'
import {nativePlatform} from '../build/platforms.js'
import {toMessage} from '../shared/errors.js'
import {StateKey} from '../shared/state.js'
import {runBuild} from '../build/run-build.js'
import type {BuildResult} from '../build/build-shell.js'
import {parseStages} from '../dockerfile/parse.js'
import {loopbackRegistriesConf} from '../build/registries-conf.js'
import type {Auth} from '../login/auths.js'
import {login} from '../login/login.js'
import {cacheRepositories} from '../cache/args.js'
import type {Login} from '../login/login.js'
import {promote} from '../promote/promote.js'
import {materializeSecrets} from '../build/secrets.js'
import {checkReuse, recordContent} from '../reuse/run-reuse.js'
import type {ReuseReport} from '../reuse/run-reuse.js'

export interface Execution {
  /** Absent when nothing was built (a promotion). */
  readonly engine?: Engine
  readonly result: BuildResult
  /** What content-hash reuse did (absent for a promotion). */
  readonly reuse?: ReuseReport
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return ''
  }
}

/** buildah reads loopback registries over HTTP only when registries.conf says so. */
async function buildahEnv(plan: BuildPlan, temp: string): Promise<Record<string, string>> {
  const bases = parseStages(await readOptional(plan.file), plan.buildArgs).map(stage => stage.base)
  const system = process.env.CONTAINERS_REGISTRIES_CONF || '/etc/containers/registries.conf'
  const conf = loopbackRegistriesConf(
    [...plan.tags, ...bases, ...cacheRepositories(plan)],
    await readOptional(system)
  )
  if (!conf) return {}
  const file = path.join(temp, 'registries.conf')
  await writeFile(file, conf, {mode: 0o600})
  return {CONTAINERS_REGISTRIES_CONF: file}
}

export interface ExecuteOptions {
  readonly engine: EngineChoice
  /** The user's builder and how to create one (build-push-action / setup-buildx-action inputs). */
  readonly builder: BuilderInputs
  /** Every credential value of the step: none may reach the engine's environment. */
  readonly secrets: readonly string[]
  /** The registry cache plan to use when `cache: gha` cannot be (src/cache/gha.ts). */
  readonly cacheFallback?: CachePlan
  /** What the default provenance records (build-push-action's defaults). */
  readonly provenance: {readonly repoPrivate?: boolean; readonly runUrl?: string}
  readonly auths: readonly Auth[]
  /** The step's private temp dir (post removes it). */
  readonly temp: string
}

function pickEnv(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap(name => (env[name] === undefined ? [] : [[name, env[name]]])))
}

function registryOf(ref: string): string | undefined {
  try {
    return parseReference(ref).registry
  } catch {
    return undefined
  }
}

/** Registries a build talks to: its tags, its cache and its base images. */
async function registryHosts(plan: BuildPlan): Promise<string[]> {
  const bases = parseStages(await readOptional(plan.file), plan.buildArgs).map(stage => stage.base)
  const refs = [...plan.tags, ...bases, ...cacheRepositories(plan)]
  return [...new Set(refs.map(registryOf).filter((r): r is string => r !== undefined))]
}

const createdBuilders: CreatedBuilder[] = []

/** Post removes what this step created, even when the build fails halfway. */
function rememberBuilder(builder: CreatedBuilder): void {
  createdBuilders.push(builder)
  core.saveState(StateKey.builders, JSON.stringify(createdBuilders))
}

/**
 * `imageid` is the image's config digest. The docker driver on the containerd store reports the pushed index
 * digest in its place (and buildx's iidfile holds an index digest whenever it pushed one): ask the registry.
 */
async function withConfigDigest(
  result: BuildResult,
  credentials: CredentialStore | undefined
): Promise<BuildResult> {
  const pushed = result.pushed[0]
  if (!pushed || (result.imageId && result.imageId !== result.digest)) return result
  try {
    const ref = parseReference(pushed.ref)
    const client = await connectRegistry({registry: ref.registry, credentials})
    const config = await imageConfigDigest(client, ref.repository, pushed.digest, nativePlatform())
    if (!config) return result
    return {
      ...result,
      imageId: config,
      metadata: {...result.metadata, 'containerimage.config.digest': config}
    }
  } catch (error: unknown) {
    core.warning(`Could not read the image's config digest for the imageid output: ${toMessage(error)}`)
    return result
  }
}

/** The logins, into the step's private temp dir. */
async function prepare(options: ExecuteOptions): Promise<{temp: string; credentials?: Login}> {
  const {temp} = options
  if (options.auths.length === 0) return {temp}
  return {temp, credentials: await core.group('Login', () => login(options.auths, temp))}
}

async function executePromotion(
  source: string,
  plan: BuildPlan,
  options: ExecuteOptions
): Promise<Execution> {
  const {credentials} = await prepare(options)
  const result = await core.group(`Promote ${source}`, async () => {
    const promoted = await promote(source, plan.tags, credentials?.credentials)
    for (const {target, stats} of promoted.stats) {
      core.info(
        `${target}: ${stats.manifests} manifests, ${stats.referrers} referrers (${stats.referrersApi} API, ` +
          `${stats.referrersTagSchema} sha256- index), cosign ${stats.cosignSig} .sig / ${stats.cosignAtt} .att / ` +
          `${stats.cosignSbom} .sbom, blobs ${stats.blobsPresent} present / ` +
          `${stats.blobsMounted} mounted / ${stats.blobsCopied} copied (${stats.bytesCopied} bytes)`
      )
    }
    return promoted
  })
  return {result}
}

/** The side-effect half: pick the engine, log in, build, push. */
export async function execute(plan: BuildPlan, options: ExecuteOptions): Promise<Execution> {
  if (plan.promoteFrom !== undefined) return executePromotion(plan.promoteFrom, plan, options)
  // Logged in first: the content hash resolves base images, and a hit needs no engine at all.
  const {temp, credentials} = await prepare(options)
  const reuseDeps = {
    credentials: credentials?.credentials,
    env: process.env,
    log: core.info,
    warn: core.warning
  }
  const reuse = await core.group('Content hash', () => checkReuse(plan, reuseDeps))
  if (reuse.hit) return {result: reuse.hit, reuse: reuse.report}
  const requested = options.engine
  // buildx's first inspect starts with the probes: it asks what a buildx engine's would (same command, env).
  const speculative = engineEnv(process.env, {...credentials?.env}, {secrets: options.secrets})
  const firstDocker =
    requested === 'buildah' || requested === 'docker'
      ? undefined
      : (await findOnPath('docker', process.env.PATH ?? ''))[0]
  const prefetched = firstDocker
    ? prefetchInspect(exec, firstDocker, options.builder, speculative)
    : undefined
  try {
    const probed = await core.group('Engine', async () => {
      const probe = await probeEngines(exec, process.env.PATH ?? '', requested)
      const choice = chooseEngine(requested, probe)
      if ('error' in choice) throw new Error(choice.error)
      core.info(`Using ${choice.engine.kind} ${choice.engine.version} (${choice.engine.command})`)
      return choice.engine
    })
    const extraEnv = probed.kind === 'buildah' ? await buildahEnv(plan, temp) : {}
    const env = engineEnv(
      process.env,
      {...probed.env, ...credentials?.env, ...extraEnv},
      {secrets: options.secrets}
    )
    const engine = await core.group('Builder', async () =>
      settleBuilder(
        probed,
        builderNeeds(plan),
        {...options.builder, ...attestationInput(plan)},
        {
          exec,
          env,
          temp,
          info: core.info,
          warn: core.warning,
          created: rememberBuilder,
          registries: await registryHosts(plan),
          ...(prefetched ? {prefetched} : {})
        }
      )
    )
    return await buildOn({engine, env, plan, reuse, reuseDeps, temp, credentials}, options)
  } finally {
    await prefetched?.settle()
  }
}

/** The build on the engine and builder found: the plan fitted to them, then carried out. */
async function buildOn(
  found: {
    readonly engine: Engine
    readonly env: Record<string, string>
    readonly plan: BuildPlan
    readonly reuse: Awaited<ReturnType<typeof checkReuse>>
    readonly reuseDeps: Parameters<typeof recordContent>[2]
  } & Awaited<ReturnType<typeof prepare>>,
  options: ExecuteOptions
): Promise<Execution> {
  const {engine, env, plan, reuse, reuseDeps, temp, credentials} = found
  const fitted = planForEngine(plan, {
    engine,
    env: process.env,
    provenance: options.provenance,
    ...(options.cacheFallback ? {cacheFallback: options.cacheFallback} : {})
  })
  fitted.warnings.forEach(warning => core.warning(warning))
  fitted.notes.forEach(note => core.info(note))
  // The cache service's token reaches the engine for type=gha: it is a secret like any other.
  if (fitted.keepEnv.includes('ACTIONS_RUNTIME_TOKEN') && process.env.ACTIONS_RUNTIME_TOKEN)
    maskSecret(process.env.ACTIONS_RUNTIME_TOKEN)
  const request = {
    ...plan,
    ...(fitted.cache ? {cache: fitted.cache} : {}),
    cacheOptions: fitted.cacheOptions,
    optionArgs: fitted.optionArgs,
    annotations: fitted.annotations,
    labels: [...plan.labels, ...reuse.labels],
    secrets: await materializeSecrets(plan.secrets, path.join(temp, 'secrets'), process.env),
    outputs: fitted.outputs,
    tarballs: fitted.tarballs,
    iidFile: path.join(temp, 'iid'),
    metadataFile: path.join(temp, 'metadata.json')
  }
  const result = await core.group(plan.push ? 'Build and push' : 'Build', () =>
    runBuild(engine, request, {
      exec,
      // GitHub's cache service variables reach buildx only when cache: gha uses them.
      env: {...env, ...pickEnv(process.env, fitted.keepEnv)},
      warn: message => core.warning(message),
      // The login's own credentials for the tags the registry client writes; the engine's file otherwise.
      ...(credentials?.credentials ? {credentials: credentials.credentials} : {})
    })
  )
  await recordContent(reuse.report, result.pushed[0]?.ref, reuseDeps)
  return {engine, result: await withConfigDigest(result, credentials?.credentials), reuse: reuse.report}
}
