/**
 * Images, indexes and referrers built directly with the registry client: small, fast, and with exactly the
 * creation times and graph shapes a prune test needs.
 */
import {createHash} from 'node:crypto'
import type {RegistryClient} from '../../src/registry/index.js'
import {MediaType, type Descriptor, type Transport} from '../../src/registry/index.js'
import {clientFor, credentialsOf, type TestRegistry} from '../helpers/registry.js'
import {parsePruneRules} from '../../src/prune/plan/rules.js'
import {runPrune, type PruneEndpoints, type PruneOptions} from '../../src/prune/run/run.js'

export const digestOf = (bytes: Uint8Array): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`
export const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

export {clientFor, credentialsOf}

const LAYER = new TextEncoder().encode('a tiny shared layer')

export interface ImageOptions {
  /** Config `created`; omitted when null. */
  readonly created?: string | null
  /** `org.opencontainers.image.created` on the manifest itself. */
  readonly annotationCreated?: string
  readonly subject?: Descriptor
  readonly artifactType?: string
}

/** A one-layer image with a unique config; tagged when `tag` is given, else pushed by digest. */
export async function pushImage(
  client: RegistryClient,
  repo: string,
  tag: string | undefined,
  unique: string,
  options: ImageOptions = {}
): Promise<Descriptor> {
  const created = options.created === undefined ? new Date().toISOString() : options.created
  const config = json({
    architecture: 'amd64',
    os: 'linux',
    ...(created === null ? {} : {created}),
    config: {Labels: {unique}},
    rootfs: {type: 'layers', diff_ids: [digestOf(LAYER)]}
  })
  await client.uploadBlob(repo, config)
  await client.uploadBlob(repo, LAYER)
  const manifest = json({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    ...(options.artifactType ? {artifactType: options.artifactType} : {}),
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digestOf(config),
      size: config.length
    },
    layers: [
      {mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(LAYER), size: LAYER.length}
    ],
    ...(options.subject ? {subject: options.subject} : {}),
    ...(options.annotationCreated
      ? {annotations: {'org.opencontainers.image.created': options.annotationCreated}}
      : {})
  })
  const digest = digestOf(manifest)
  await client.putManifest(repo, tag ?? digest, manifest, MediaType.ociManifest)
  return {mediaType: MediaType.ociManifest, digest, size: manifest.length}
}

/** An index over `children` (platform images, attestations, nested indexes). */
export async function pushIndex(
  client: RegistryClient,
  repo: string,
  tag: string | undefined,
  children: readonly (Descriptor & {platform?: {architecture: string; os: string}})[],
  annotationCreated?: string
): Promise<Descriptor> {
  const index = json({
    schemaVersion: 2,
    mediaType: MediaType.ociIndex,
    manifests: children,
    ...(annotationCreated ? {annotations: {'org.opencontainers.image.created': annotationCreated}} : {})
  })
  const digest = digestOf(index)
  await client.putManifest(repo, tag ?? digest, index, MediaType.ociIndex)
  return {mediaType: MediaType.ociIndex, digest, size: index.length}
}

/** A multi-arch image as buildx pushes it: amd64, arm64 and an `unknown/unknown` attestation, all untagged. */
export async function pushMultiArch(client: RegistryClient, repo: string, tag: string, unique: string) {
  const amd64 = await pushImage(client, repo, undefined, `${unique}-amd64`)
  const arm64 = await pushImage(client, repo, undefined, `${unique}-arm64`)
  const attestation = await pushImage(client, repo, undefined, `${unique}-att`, {created: null})
  const index = await pushIndex(client, repo, tag, [
    {...amd64, platform: {architecture: 'amd64', os: 'linux'}},
    {...arm64, platform: {architecture: 'arm64', os: 'linux'}},
    {
      ...attestation,
      platform: {architecture: 'unknown', os: 'unknown'},
      annotations: {
        'vnd.docker.reference.digest': amd64.digest,
        'vnd.docker.reference.type': 'attestation-manifest'
      }
    }
  ])
  return {index, children: [amd64, arm64, attestation]}
}

/** Whether a manifest is still in the registry. */
export async function exists(client: RegistryClient, repo: string, ref: string): Promise<boolean> {
  return (await client.headManifest(repo, ref)) !== undefined
}

/**
 * A transport that records every request (method and path) and may answer some itself; `forward` sends the
 * request on as it was, for interceptors that act around it.
 */
export function recordingTransport(
  base: Transport,
  intercept?: (
    method: string,
    url: URL,
    forward: () => Promise<Response>
  ) => Response | undefined | Promise<Response | undefined>
): Transport & {log: {method: string; path: string}[]} {
  const log: {method: string; path: string}[] = []
  const transport = async (url: string, request: Parameters<Transport>[1]) => {
    const parsed = new URL(url)
    log.push({method: request.method, path: parsed.pathname + parsed.search})
    const answer = await intercept?.(request.method, parsed, () => base(url, request))
    return answer ?? base(url, request)
  }
  return Object.assign(transport, {log})
}

export const mutations = (log: readonly {method: string; path: string}[]) =>
  log.filter(
    entry =>
      entry.method === 'PUT' ||
      entry.method === 'DELETE' ||
      entry.method === 'POST' ||
      entry.method === 'PATCH'
  )

/** What a prune test asks for, whichever registry it runs against. */
export interface PruneCall {
  readonly rules: string
  readonly dryRun?: boolean
  readonly protectedRefs?: readonly string[]
  readonly closedPr?: number
  readonly now?: number
  readonly repositories?: readonly string[]
}

/** What the registry under test adds: where the repository is, how to log in, how to reach it. */
export interface PruneTarget {
  readonly repository: string
  readonly credentials: PruneOptions['credentials']
  readonly endpoints: PruneEndpoints
}

/** Runs the prune stage, collecting what it logs. */
export async function collectPrune(call: PruneCall, target: PruneTarget) {
  const lines = {info: [] as string[], warning: [] as string[], error: [] as string[]}
  const parsed = parsePruneRules(call.rules)
  if (!parsed) throw new Error('no rules')
  const run = await runPrune({
    rules: parsed,
    repositories: call.repositories ?? [target.repository],
    context: {
      now: call.now ?? Date.now(),
      cachePrefix: 'buildcache',
      ...(call.closedPr === undefined ? {} : {closedPr: call.closedPr})
    },
    protectedRefs: call.protectedRefs ?? [],
    credentials: target.credentials,
    dryRun: call.dryRun ?? false,
    log: {
      info: line => lines.info.push(line),
      warning: line => lines.warning.push(line),
      error: line => lines.error.push(line)
    },
    endpoints: {sleep: async () => undefined, ...target.endpoints}
  })
  return {run, lines, plan: run.repositories[0]?.plan, results: run.repositories[0]?.results ?? []}
}

export interface RegistryPruneCall extends PruneCall {
  readonly transport?: Transport
  readonly guardMaxAgeMs?: number
}

/** Runs the prune stage on `repo` of a test registry. */
export function pruneRegistry(registry: TestRegistry, repo: string, call: RegistryPruneCall) {
  return collectPrune(call, {
    repository: `${registry.host}/${repo}`,
    credentials: credentialsOf(registry),
    endpoints: {
      ...(call.transport ? {transport: call.transport} : {}),
      ...(call.guardMaxAgeMs === undefined ? {} : {guardMaxAgeMs: call.guardMaxAgeMs})
    }
  })
}
