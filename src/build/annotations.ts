/**
 * Which of the computed annotations (metadata-action's `annotations` output: `manifest:key=value` lines) an
 * engine can write, in its own syntax (pure). build-push-action hands them to buildx as `--annotation`;
 * buildah writes manifest annotations of its OCI images; docker's classic builder writes none. The
 * creation time in a manifest annotation is also what lets the prune stage date an image with one GET.
 */
import type {EngineKind} from './engine.js'

export interface FittedAnnotations {
  /** Values for the engine's `--annotation` flag. */
  readonly lines: readonly string[]
  /** Lines the engine cannot write, with why (empty reason when none were dropped). */
  readonly dropped: readonly string[]
  readonly why: string
}

/** `manifest:k=v` → {level: 'manifest', entry: 'k=v'}; a line without a level is a manifest annotation. */
export function splitLevel(line: string): {level: string; entry: string} {
  const eq = line.indexOf('=')
  const head = eq === -1 ? line : line.slice(0, eq)
  const colon = head.indexOf(':')
  return colon === -1
    ? {level: 'manifest', entry: line}
    : {level: head.slice(0, colon), entry: line.slice(colon + 1)}
}

/** buildx learnt `--annotation` in 0.12 (anchors-build.md); an unknown version is given the benefit. */
function buildxWrites(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version)
  if (!match) return true
  const [major, minor] = [Number(match[1]), Number(match[2])]
  return major > 0 || minor >= 12
}

export function fitAnnotations(
  kind: EngineKind,
  version: string,
  lines: readonly string[]
): FittedAnnotations {
  const all = lines.filter(line => line.trim() !== '')
  if (all.length === 0) return {lines: [], dropped: [], why: ''}
  if (kind === 'buildx') {
    return buildxWrites(version)
      ? {lines: all, dropped: [], why: ''}
      : {lines: [], dropped: all, why: `buildx ${version} cannot write annotations (0.12 or later can)`}
  }
  if (kind === 'buildah') {
    const kept: string[] = []
    const dropped: string[] = []
    for (const line of all) {
      const {level, entry} = splitLevel(line)
      if (level === 'manifest') kept.push(entry)
      else dropped.push(line)
    }
    return {lines: kept, dropped, why: dropped.length > 0 ? 'buildah writes manifest annotations only' : ''}
  }
  return {
    lines: [],
    dropped: all,
    why: 'docker build without buildx cannot write annotations (the labels carry the same org.opencontainers.image.* values)'
  }
}
