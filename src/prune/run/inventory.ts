/**
 * Building an inventory through the registry client (shell). The builder only ever adds knowledge; every
 * failure to read something the plan depends on becomes a `problem`, which blocks deletion in that
 * repository (fail closed). A 404 for a digest is knowledge too: the manifest is not there. A 404 for a tag
 * the listing just named is not: an eventually consistent registry, or a tag moved or deleted during the
 * listing, and the tag may still point at any digest here. Such a tag is kept as unreadable, never dropped
 * as "deleted meanwhile" (a digest delete takes every tag on the digest, one nobody could read included).
 */
import {RegistryNotFoundError, type Descriptor, type RegistryClient} from '../../registry/index.js'
import {toMessage} from '../../shared/errors.js'
import type {Inventory, ManifestNode, PlanNeeds, RegistryKind, TimeStamp} from '../plan/types.js'

const CREATED = 'org.opencontainers.image.created'
const MAX_CONFIG_BYTES = 4 * 1024 * 1024

/** What a manifest's bytes say beyond the graph: where its creation time may be found. */
interface TimeHints {
  readonly created?: string
  readonly config?: string
  /** First platform image of an index: whose config gives the index a time when it has no annotation. */
  readonly platformChild?: string
}

export class InventoryBuilder {
  readonly tags = new Map<string, string>()
  /** Listed tags that could not be read: tag → what the registry answered. */
  readonly unreadable = new Map<string, string>()
  readonly nodes = new Map<string, ManifestNode>()
  readonly problems: string[] = []
  readonly hints = new Map<string, TimeHints>()
  referrers: 'api' | 'tag-schema' = 'tag-schema'

  constructor(
    readonly repository: string,
    readonly kind: RegistryKind,
    readonly untaggedListed: boolean
  ) {}

  /** Merges facts into a node; facts already known are not overwritten by less specific ones. */
  note(digest: string, facts: Partial<Omit<ManifestNode, 'digest'>>): void {
    const current = this.nodes.get(digest) ?? {digest}
    const merged: Record<string, unknown> = {...current}
    for (const [key, value] of Object.entries(facts)) {
      if (value !== undefined && merged[key] === undefined) merged[key] = value
    }
    this.nodes.set(digest, merged as unknown as ManifestNode)
  }

  snapshot(): Inventory {
    return {
      repository: this.repository,
      kind: this.kind,
      tags: new Map(this.tags),
      unreadable: new Map(this.unreadable),
      nodes: new Map(this.nodes),
      referrers: this.referrers,
      untaggedListed: this.untaggedListed,
      problems: [...this.problems]
    }
  }
}

function descriptorsOf(builder: InventoryBuilder, descriptors: readonly Descriptor[]): string[] {
  for (const d of descriptors) builder.note(d.digest, {mediaType: d.mediaType})
  return descriptors.map(d => d.digest)
}

/**
 * Reads one manifest into the builder; returns its digest, or undefined when it does not exist. A failure is
 * a problem of the inventory, or with `throwOnFailure` (a 404 included) the caller's to judge.
 */
export async function readManifest(
  builder: InventoryBuilder,
  client: RegistryClient,
  path: string,
  ref: string,
  options: {throwOnFailure?: boolean} = {}
): Promise<string | undefined> {
  try {
    const {digest, mediaType, parsed} = await client.getManifest(path, ref)
    const children = descriptorsOf(builder, parsed.manifests ?? [])
    const subject = parsed.subject?.digest
    builder.note(digest, {mediaType, content: subject === undefined ? {children} : {children, subject}})
    const platformChild = (parsed.manifests ?? []).find(
      d => d.platform !== undefined && d.platform.os !== 'unknown'
    )?.digest
    builder.hints.set(digest, {
      created: parsed.annotations?.[CREATED],
      config: parsed.config?.digest,
      platformChild
    })
    return digest
  } catch (error: unknown) {
    if (options.throwOnFailure) throw error
    if (error instanceof RegistryNotFoundError) {
      if (ref.includes(':')) builder.note(ref, {missing: true})
      return undefined
    }
    builder.problems.push(`could not read manifest ${ref}: ${toMessage(error)}`)
    return undefined
  }
}

export const NOT_FOUND = '404 Not Found'

/** What a failed read of a listed tag says in reports: `404 Not Found`, or the client's message. */
export function unreadableWhy(error: unknown): string {
  return error instanceof RegistryNotFoundError ? NOT_FOUND : toMessage(error)
}

/**
 * Reads a tag the listing named into the builder. Any failure, a 404 included, leaves the tag unreadable:
 * it was listed, so it may exist and point anywhere.
 */
export async function readTag(
  builder: InventoryBuilder,
  client: RegistryClient,
  path: string,
  tag: string
): Promise<void> {
  try {
    const digest = await readManifest(builder, client, path, tag, {throwOnFailure: true})
    if (digest !== undefined) builder.tags.set(tag, digest)
  } catch (error: unknown) {
    builder.unreadable.set(tag, unreadableWhy(error))
  }
}

async function headNode(builder: InventoryBuilder, client: RegistryClient, path: string, digest: string) {
  try {
    const found = await client.headManifest(path, digest)
    builder.note(digest, found === undefined ? {missing: true} : {mediaType: found.mediaType})
  } catch (error: unknown) {
    builder.problems.push(`could not check manifest ${digest}: ${toMessage(error)}`)
  }
}

async function listReferrers(
  builder: InventoryBuilder,
  client: RegistryClient,
  path: string,
  digest: string
) {
  try {
    const {descriptors} = await client.referrers(path, digest)
    builder.note(digest, {referrers: descriptorsOf(builder, descriptors)})
  } catch (error: unknown) {
    builder.problems.push(`could not list the referrers of ${digest}: ${toMessage(error)}`)
  }
}

function parseTime(text: unknown, source: string): TimeStamp | undefined {
  if (typeof text !== 'string') return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : {ms, source}
}

async function readConfigTime(
  client: RegistryClient,
  path: string,
  config: string
): Promise<TimeStamp | undefined> {
  const {stream} = await client.getBlob(path, config)
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.byteLength
    if (size > MAX_CONFIG_BYTES) throw new Error(`config ${config} is larger than ${MAX_CONFIG_BYTES} bytes`)
    chunks.push(chunk)
  }
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {created?: unknown}
  return parseTime(parsed.created, 'config created')
}

/**
 * A manifest's creation time: the `org.opencontainers.image.created` annotation, else its config's
 * `created`, else (an index) its first platform image's. A time that cannot be read leaves the image kept.
 */
async function lookupTime(
  builder: InventoryBuilder,
  client: RegistryClient,
  path: string,
  digest: string,
  depth = 0
) {
  try {
    if (!builder.hints.has(digest)) await readManifest(builder, client, path, digest)
    const hints = builder.hints.get(digest) ?? {}
    let time = parseTime(hints.created, `annotation ${CREATED}`)
    if (time === undefined && hints.config !== undefined)
      time = await readConfigTime(client, path, hints.config)
    if (time === undefined && hints.platformChild !== undefined && depth < 2) {
      await lookupTime(builder, client, path, hints.platformChild, depth + 1)
      const child = builder.nodes.get(hints.platformChild)?.time
      if (child) time = {ms: child.ms, source: `${child.source} of its platform image`}
    }
    builder.note(digest, time ? {time} : {timeUnknown: 'the image records no creation time'})
  } catch (error: unknown) {
    builder.note(digest, {timeUnknown: `its creation time could not be read (${toMessage(error)})`})
  }
}

/** Reads what a provisional plan asked for, all at once (the client bounds how many requests fly). */
export async function fillNeeds(
  builder: InventoryBuilder,
  client: RegistryClient,
  path: string,
  needs: PlanNeeds
) {
  await Promise.all([
    ...needs.heads.map(d => headNode(builder, client, path, d)),
    ...needs.manifests.map(d => readManifest(builder, client, path, d)),
    ...needs.referrers.map(d => listReferrers(builder, client, path, d)),
    ...needs.times.map(d => lookupTime(builder, client, path, d))
  ])
}

/**
 * Whether the registry has the referrers API: a registry that has it must not answer 404 (distribution
 * spec), so one question settles it for the repository. Without it, the `sha256-<hex>` tags are the list.
 */
export async function probeReferrers(builder: InventoryBuilder, client: RegistryClient, path: string) {
  const digest = [...builder.tags.values()].sort()[0]
  if (digest === undefined) return
  try {
    const {descriptors, source} = await client.referrers(path, digest)
    builder.referrers = source
    if (source === 'api') builder.note(digest, {referrers: descriptorsOf(builder, descriptors)})
  } catch (error: unknown) {
    builder.problems.push(`could not ask for referrers: ${toMessage(error)}`)
  }
}
