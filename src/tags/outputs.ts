import {DEFAULT_BAKE_TARGET} from './types.js'
import {entriesToObject, withLevels} from './labels.js'
import type {Meta, MetaInputs} from './types.js'

function bakeDefinition(target: string, definition: Record<string, unknown>): string {
  // Same layout as metadata-action's files (2-space JSON); undefined values (no version) are omitted.
  return JSON.stringify({target: {[target]: definition}}, null, 2)
}

/**
 * Every metadata-action output, by name. The separators come from the sep-* inputs (empty means
 * "\n"). metadata-action writes the bake-file* outputs as files and outputs their paths; here they
 * are the file contents, for the caller to write where it wants.
 */
export function metaOutputs(meta: Meta, inputs: MetaInputs): Record<string, string> {
  const sepTags = inputs['sep-tags'] || '\n'
  const sepLabels = inputs['sep-labels'] || '\n'
  const sepAnnotations = inputs['sep-annotations'] || '\n'
  const target = inputs['bake-target'] || DEFAULT_BAKE_TARGET
  const labels = entriesToObject(meta.labels)
  const args = {DOCKER_META_IMAGES: meta.images.join(','), DOCKER_META_VERSION: meta.version.main}
  // metadata-action passes the levels to the bake file as "annotations:<levels>" and splits that
  // again on ':' and ',', so reproduce that round trip.
  const bakeLevels = `annotations:${meta.annotationLevels.join(',')}`.split(':')[1]?.split(',') ?? []
  return {
    version: meta.version.main ?? '',
    tags: meta.tags.join(sepTags),
    'tag-names': meta.tagNames.join(sepTags),
    labels: meta.labels.join(sepLabels),
    annotations: meta.annotationsWithLevels.join(sepAnnotations),
    json: JSON.stringify({
      tags: meta.tags,
      'tag-names': meta.tagNames,
      labels,
      annotations: meta.annotationsWithLevels
    }),
    'bake-file-tags': bakeDefinition(target, {tags: meta.tags, args}),
    'bake-file-labels': bakeDefinition(target, {labels}),
    'bake-file-annotations': bakeDefinition(target, {annotations: withLevels(meta.annotations, bakeLevels)}),
    'bake-file': bakeDefinition(target, {tags: meta.tags, labels, args})
  }
}
