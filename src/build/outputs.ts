/**
 * `outputs` as build-push-action writes them (pure). buildx takes them as they are; for docker and buildah the
 * image is built into the local store and then written out as a tarball to move between jobs.
 */
import path from 'node:path'
import {InputError} from '../shared/errors.js'
import type {EngineKind} from './engine.js'

export interface TarballOutput {
  /** `docker`: `docker save` format (docker load, docker-archive:); `oci`: an OCI image layout tarball. */
  readonly format: 'docker' | 'oci'
  readonly dest: string
}

export interface OutputsPlan {
  /** Passed to buildx as `--output`, unchanged. */
  readonly raw: readonly string[]
  readonly tarballs: readonly TarballOutput[]
}

function fields(line: string): Map<string, string> {
  return new Map(
    line.split(',').map(part => {
      const eq = part.indexOf('=')
      return eq === -1 ? [part.trim(), ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()]
    })
  )
}

/** `type=docker,dest=…` or `type=oci,dest=…`: an image as a file, which not every buildx builder writes. */
export function isImageTarball(line: string): boolean {
  const f = fields(line)
  return (f.get('type') === 'docker' || f.get('type') === 'oci') && !!f.get('dest')
}

/** Outputs resolved against the workspace; what an engine cannot write is an InputError naming the fix. */
export function planOutputs(lines: readonly string[], kind: EngineKind, workspace: string): OutputsPlan {
  if (kind === 'buildx') return {raw: lines, tarballs: []}
  const tarballs = lines.map(line => {
    const f = fields(line)
    const type = f.get('type') ?? (line.includes('=') ? '' : 'local')
    const dest = f.get('dest')
    if (type === 'docker' || (type === 'oci' && kind === 'buildah')) {
      if (!dest) throw new InputError('outputs', `'${line}' needs dest=<file>`)
      return {format: type, dest: path.resolve(workspace, dest)} satisfies TarballOutput
    }
    const hint =
      type === 'tar' || type === 'local'
        ? `type=${type} is BuildKit's file-system export, which only buildx does; for an image tarball write type=docker,dest=<file>`
        : type === 'registry' || type === 'image'
          ? 'set push: true instead'
          : `the ${kind} engine writes type=docker,dest=<file>${kind === 'buildah' ? ' or type=oci,dest=<file>' : ''}`
    throw new InputError('outputs', `'${line}' cannot be written by the ${kind} engine: ${hint}`)
  })
  return {raw: [], tarballs}
}

/** `docker save` of the image under every tag (so `docker load` restores the names), else by ID. */
export function dockerSaveArgs(output: TarballOutput, images: readonly string[]): string[] {
  return ['save', '--output', output.dest, ...images]
}

/** `buildah push` to an archive; the tag is kept inside the archive when there is one. */
export function buildahArchiveArgs(output: TarballOutput, imageId: string, tag?: string): string[] {
  const transport = output.format === 'docker' ? 'docker-archive' : 'oci-archive'
  return ['push', imageId, `${transport}:${output.dest}${tag ? `:${tag}` : ''}`]
}
