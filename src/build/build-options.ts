/**
 * docker/build-push-action's remaining build options (`add-hosts`, `allow`, `attests`, `build-contexts`,
 * `builder`, `call`, `cgroup-parent`, `network`, `no-cache-filters`, `provenance`, `sbom`, `shm-size`, `ssh`,
 * `ulimit`) turned into each engine's flags (pure). buildx takes them as build-push-action passes them, with
 * its default provenance attestation; docker's built-in BuildKit and buildah take what they have, and what
 * they lack is refused with the input named, never dropped silently. (`secret-envs` and `secret-files` are
 * secrets: secrets.ts.)
 */
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import type {BuilderFacts} from './builder-facts.js'
import {
  type BuildOptionArgs,
  type BuildOptionContext,
  type BuildOptions,
  type BuildOptionTarget,
  type OptionInputs
} from './build-option-types.js'
import {attestArgs, below, buildxBelow, requestedAttestation, turnOff} from './attestations.js'

/** A build context that is not a local directory: an image, a stage, an OCI layout, a URL or a Git remote. */
function remoteContext(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(target:|git@|github\.com\/)/.test(value)
}

/** The checked inputs as plan data; a local build context is resolved against the workspace, as `context` is. */
export function planBuildOptions(inputs: OptionInputs, workspace: string): BuildOptions {
  return {
    addHosts: inputs['add-hosts'],
    allow: inputs.allow,
    attests: inputs.attests,
    buildContexts: inputs['build-contexts'].map(line => {
      const eq = line.indexOf('=')
      const value = line.slice(eq + 1)
      return remoteContext(value) ? line : `${line.slice(0, eq)}=${path.resolve(workspace, value)}`
    }),
    builder: inputs.builder,
    call: inputs.call,
    cgroupParent: inputs['cgroup-parent'],
    network: inputs.network,
    noCacheFilters: inputs['no-cache-filters'],
    ...(inputs.provenance ? {provenance: inputs.provenance} : {}),
    ...(inputs.sbom ? {sbom: inputs.sbom} : {}),
    shmSize: inputs['shm-size'],
    ssh: inputs.ssh,
    ulimits: inputs.ulimit
  }
}

/**
 * Why an image built earlier from the same content hash cannot stand in for this build, if it cannot:
 * build contexts bring files the hash does not cover, `no-cache-filters` asks for fresh stages, `call`
 * makes no image at all.
 */
export function reuseBlocker(options: BuildOptions): string | undefined {
  if (options.buildContexts.length > 0) return 'build-contexts bring files the content hash does not cover'
  if (options.noCacheFilters.length > 0) return 'no-cache-filters asks for a fresh build of some stages'
  if (options.call !== '') return `call '${options.call}' builds no image`
  return undefined
}

const BUILDKIT_NETWORKS = ['default', 'none', 'host']

/** BuildKit's network modes; `instead` says what joins any other network. */
function buildkitNetwork(network: string, instead: string): string[] {
  if (network === '') return []
  if (!BUILDKIT_NETWORKS.includes(network)) {
    throw new InputError(
      'network',
      `BuildKit runs RUN steps only on default, none or host, not '${network}'; ${instead.replaceAll('<network>', network)}`
    )
  }
  return ['--network', network]
}

function each(flag: string, values: readonly string[]): string[] {
  return values.flatMap(value => [flag, value])
}

function one(flag: string, value: string): string[] {
  return value === '' ? [] : [flag, value]
}

/** A call other than build makes no image: nothing to push, load or write (also checked when planning). */
export function checkCall(call: string, ctx: Pick<BuildOptionContext, 'push' | 'load' | 'outputs'>): void {
  if (call === '') return
  const conflict = ctx.push
    ? {what: 'push', fix: 'push: false'}
    : ctx.load
      ? {what: 'load', fix: 'load: false'}
      : ctx.outputs.length > 0
        ? {what: 'write to outputs', fix: 'no outputs'}
        : undefined
  if (conflict) {
    throw new InputError(
      'call',
      `call '${call}' builds no image, so there is nothing to ${conflict.what}; set ${conflict.fix} or call: build`
    )
  }
}

function buildxArgs(
  options: BuildOptions,
  builder: BuilderFacts | undefined,
  ctx: BuildOptionContext
): BuildOptionArgs {
  const warnings: string[] = []
  const needs = (input: string, version: string, what: string) => {
    if (buildxBelow(builder, version)) {
      throw new InputError(
        input,
        `${what} needs buildx ${version.replace(/\.0$/, '')} or later (this runner has ${builder?.buildxVersion})`
      )
    }
  }
  if (options.buildContexts.length > 0) needs('build-contexts', '0.8.0', '--build-context')
  if (options.call !== '') {
    needs('call', '0.15.0', '--call')
    checkCall(options.call, ctx)
  }
  // `--builder` comes with the builder (builder.ts settles which one and names it in its argv prefix).
  const args = [
    ...each('--add-host', options.addHosts),
    ...each('--allow', options.allow),
    ...each('--build-context', options.buildContexts),
    ...one('--call', options.call),
    ...one('--cgroup-parent', options.cgroupParent),
    ...buildkitNetwork(
      options.network,
      'to join another network, create the builder on it with driver-opts: network=<network> (docker-container driver), or use engine: buildah'
    ),
    ...each('--no-cache-filter', options.noCacheFilters),
    ...attestArgs(options, builder, ctx, warnings),
    ...one('--shm-size', options.shmSize),
    ...each('--ssh', options.ssh),
    ...each('--ulimit', options.ulimits)
  ]
  return {args, warnings}
}

/** The inputs an engine without buildx refuses, with what to do instead. */
function refuseUnsupported(options: BuildOptions, engine: string, alternative: string): void {
  const refuse = (input: string, what: string, fix: string) => {
    throw new InputError(input, `${engine} ${what}; ${fix}`)
  }
  if (options.builder !== '') refuse('builder', 'has no buildx builders', `remove builder or ${alternative}`)
  if (options.allow.length > 0)
    refuse('allow', 'has no entitlements (--allow)', `remove allow or ${alternative}`)
  if (options.noCacheFilters.length > 0) {
    refuse(
      'no-cache-filters',
      'has no --no-cache-filter',
      `use no-cache: true to rebuild every stage, or ${alternative}`
    )
  }
  if (options.call !== '') refuse('call', 'has no --call', `remove call or ${alternative} (0.15 or later)`)
  const requested = requestedAttestation(options)
  if (requested) {
    refuse(
      requested,
      'cannot write attestations',
      `${turnOff(requested)}, or ${alternative} with a docker-container builder or the containerd image store`
    )
  }
}

const DOCKER = "docker build without buildx (docker's built-in BuildKit)"
const USE_BUILDX = 'use engine: buildx'

function dockerArgs(options: BuildOptions): BuildOptionArgs {
  refuseUnsupported(options, DOCKER, USE_BUILDX)
  if (options.buildContexts.length > 0) {
    throw new InputError(
      'build-contexts',
      `${DOCKER} has no --build-context; ${USE_BUILDX} (0.8 or later) or buildah`
    )
  }
  const warnings: string[] = []
  // The daemon's BuildKit takes the flag but never applies it (moby builder-next forwards no cgroup parent).
  if (options.cgroupParent !== '') {
    warnings.push(
      `cgroup-parent is not applied: ${DOCKER} ignores it (the daemon's own --cgroup-parent applies); use engine: buildx or buildah`
    )
  }
  const args = [
    ...each('--add-host', options.addHosts),
    ...buildkitNetwork(
      options.network,
      'to join another network, use engine: buildah, or buildx with driver-opts: network=<network>'
    ),
    ...one('--shm-size', options.shmSize),
    ...each('--ssh', options.ssh),
    ...each('--ulimit', options.ulimits)
  ]
  return {args, warnings}
}

/** buildah takes a directory, an http(s) URL or an image (`docker-image://`, `container-image://`, `docker://`). */
function buildahContext(line: string): void {
  const value = line.slice(line.indexOf('=') + 1)
  if (/^(target:|oci-layout:\/\/)/.test(value)) {
    throw new InputError(
      'build-contexts',
      `'${line}': buildah takes a directory, an http(s) URL or an image (docker-image://, container-image://) ` +
        `as a build context, not ${value.startsWith('target:') ? 'a stage (target:)' : 'an OCI layout'}; use engine: buildx`
    )
  }
}

function buildahArgs(options: BuildOptions, version: string | undefined): BuildOptionArgs {
  const engine = `buildah${version ? ` ${version}` : ''}`
  refuseUnsupported(options, engine, USE_BUILDX)
  if (options.buildContexts.length > 0) {
    if (below(version, '1.28.0')) {
      throw new InputError(
        'build-contexts',
        `--build-context needs buildah 1.28 or later (this runner has ${version})`
      )
    }
    options.buildContexts.forEach(buildahContext)
  }
  // buildah's default network is `private`; it has no mode called `default`.
  const network = options.network === 'default' ? '' : options.network
  const args = [
    ...each('--add-host', options.addHosts),
    ...each('--build-context', options.buildContexts),
    ...one('--cgroup-parent', options.cgroupParent),
    ...one('--network', network),
    ...one('--shm-size', options.shmSize),
    ...each('--ssh', options.ssh),
    ...each('--ulimit', options.ulimits)
  ]
  return {args, warnings: []}
}

/**
 * The engine's flags for the build options, and what to warn about; an option the engine cannot honour is an
 * InputError naming the input and what would work. The result goes into BuildRequest.optionArgs (args.ts).
 */
export function buildOptionArgs(
  options: BuildOptions,
  target: BuildOptionTarget,
  ctx: BuildOptionContext
): BuildOptionArgs {
  switch (target.kind) {
    case 'buildx':
      return buildxArgs(options, target.builder, ctx)
    case 'docker':
      return dockerArgs(options)
    case 'buildah':
      return buildahArgs(options, target.buildahVersion)
  }
}
