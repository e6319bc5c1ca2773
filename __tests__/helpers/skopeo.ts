/**
 * skopeo as an independent verifier: it shares no code with docker or buildah, so what it sees in a
 * registry is what is really there.
 */
import {createHash} from 'node:crypto'
import type {TestRegistry} from './registry.js'
import {run} from './require-tool.js'

export interface Credentials {
  readonly username: string
  readonly password: string
}

/** Who skopeo talks as: the registry's own user (the default), nobody, or the given credentials. */
export type Identity = 'registry' | 'anonymous' | Credentials

export interface AccessOptions {
  readonly as?: Identity
  /** Trust the CAs in this directory instead of /etc/containers/certs.d (an empty one: none). */
  readonly certDir?: string
}

/** An image in a test registry, with how to reach it. */
export interface RegistryImage extends AccessOptions {
  readonly registry: TestRegistry
  /** 'repo:tag' or 'repo@sha256:…'. */
  readonly repoTag: string
}

/** A test registry image, or any other skopeo reference such as 'oci:/dir:tag'. */
export type ImageLocation = RegistryImage | string

export interface CopyOptions {
  /** Copy every image of an index, not just the one for this platform. */
  readonly all?: boolean
  /** Convert the manifest: 'oci', 'v2s2' (Docker). */
  readonly format?: 'oci' | 'v2s2'
}

export type JsonObject = {readonly [key: string]: unknown}

export interface Inspection {
  /** sha256 of the raw manifest bytes: the digest a registry addresses the manifest by. */
  readonly digest: string
  readonly mediaType: string | undefined
  /** The raw manifest (or index), parsed. */
  readonly manifest: JsonObject
  readonly repoTags: readonly string[]
  readonly labels: Readonly<Record<string, string>>
  readonly architecture: string
  readonly os: string
  readonly env: readonly string[]
}

/** What `skopeo inspect` (not --raw) prints, as far as tests use it. */
interface InspectOutput {
  readonly RepoTags?: string[]
  readonly Labels?: Record<string, string> | null
  readonly Architecture: string
  readonly Os: string
  readonly Env?: string[] | null
}

function credentialsOf(registry: TestRegistry, identity: Identity): Credentials | undefined {
  if (identity === 'anonymous') return undefined
  if (identity !== 'registry') return identity
  const {username, password} = registry
  return username !== undefined && password !== undefined ? {username, password} : undefined
}

/**
 * Flags to reach `registry`, with `prefix` '' (inspect, list-tags), 'src-' or 'dest-' (copy). Plain-HTTP
 * registries need --tls-verify=false; --no-creds keeps skopeo away from auth files a developer may have.
 */
function accessFlags(registry: TestRegistry, options: AccessOptions, prefix = ''): string[] {
  const credentials = credentialsOf(registry, options.as ?? 'registry')
  return [
    `--${prefix}tls-verify=${registry.tls}`,
    ...(options.certDir ? [`--${prefix}cert-dir=${options.certDir}`] : []),
    credentials ? `--${prefix}creds=${credentials.username}:${credentials.password}` : `--${prefix}no-creds`
  ]
}

function dockerRef(registry: TestRegistry, repoTag: string): string {
  return `docker://${registry.host}/${repoTag}`
}

function locationArgs(location: ImageLocation, prefix: 'src-' | 'dest-'): {flags: string[]; ref: string} {
  if (typeof location === 'string') return {flags: [], ref: location}
  return {
    flags: accessFlags(location.registry, location, prefix),
    ref: dockerRef(location.registry, location.repoTag)
  }
}

export function manifestDigest(raw: string | Buffer): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`
}

export async function skopeoInspect(
  registry: TestRegistry,
  repoTag: string,
  options: AccessOptions = {}
): Promise<Inspection> {
  const args = [...accessFlags(registry, options), dockerRef(registry, repoTag)]
  // Not --raw: skopeo picks this platform's image from an index, and fails if there is none.
  const [raw, inspected] = await Promise.all([
    run('skopeo', ['inspect', '--raw', ...args]),
    run('skopeo', ['inspect', ...args])
  ])
  const manifest = JSON.parse(raw.stdout) as JsonObject
  const image = JSON.parse(inspected.stdout) as InspectOutput
  return {
    digest: manifestDigest(raw.stdout),
    mediaType: typeof manifest.mediaType === 'string' ? manifest.mediaType : undefined,
    manifest,
    repoTags: image.RepoTags ?? [],
    labels: image.Labels ?? {},
    architecture: image.Architecture,
    os: image.Os,
    env: image.Env ?? []
  }
}

/** The raw manifest alone (a cache manifest or an artifact has no image config to inspect), with its digest. */
export async function skopeoRawManifest(
  registry: TestRegistry,
  repoTag: string,
  options: AccessOptions = {}
): Promise<{readonly digest: string; readonly manifest: JsonObject}> {
  const raw = await run('skopeo', [
    'inspect',
    '--raw',
    ...accessFlags(registry, options),
    dockerRef(registry, repoTag)
  ])
  return {digest: manifestDigest(raw.stdout), manifest: JSON.parse(raw.stdout) as JsonObject}
}

/** The repository's tags, sorted. */
export async function skopeoListTags(
  registry: TestRegistry,
  repo: string,
  options: AccessOptions = {}
): Promise<string[]> {
  const {stdout} = await run('skopeo', [
    'list-tags',
    ...accessFlags(registry, options),
    dockerRef(registry, repo)
  ])
  const {Tags} = JSON.parse(stdout) as {Tags: string[] | null}
  return (Tags ?? []).sort()
}

/** Copies an image; rejects with skopeo's stderr (e.g. 'unauthorized') when it can't. */
export async function skopeoCopy(
  source: ImageLocation,
  destination: ImageLocation,
  options: CopyOptions = {}
): Promise<void> {
  const src = locationArgs(source, 'src-')
  const dest = locationArgs(destination, 'dest-')
  await run('skopeo', [
    'copy',
    '--quiet',
    ...(options.all ? ['--all'] : []),
    ...(options.format ? ['--format', options.format] : []),
    ...src.flags,
    ...dest.flags,
    src.ref,
    dest.ref
  ])
}
