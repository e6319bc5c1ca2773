import {describe, expect, test} from 'vitest'
import {InputError} from '../../src/shared/errors.js'
import {readInputs} from '../../src/inputs/inputs.js'
import {planBuild} from '../../src/plan/build-plan.js'
import type {Meta} from '../../src/tags/index.js'

const meta = {
  images: ['r.io/o/app'],
  tags: ['r.io/o/app:1'],
  tagNames: ['1'],
  labels: [],
  annotationsWithLevels: []
} as unknown as Meta

function plan(values: Record<string, string>) {
  return planBuild(
    readInputs(name => values[name] ?? ''),
    meta,
    '/w'
  )
}

describe("planBuild: build-push-action's build options", () => {
  test('carried as plan data; a local build context is resolved against the workspace', () => {
    const built = plan({
      'build-contexts':
        'lib=../lib\nalpine=docker-image://alpine:3.20\nbase=target:deps\nsrc=https://e.x/s.tar',
      network: 'host',
      provenance: 'mode=max',
      ulimit: 'nofile=1024:2048'
    })
    expect(built.options).toMatchObject({
      buildContexts: [
        'lib=/lib',
        'alpine=docker-image://alpine:3.20',
        'base=target:deps',
        'src=https://e.x/s.tar'
      ],
      network: 'host',
      provenance: {disabled: false, attrs: ['mode=max']},
      ulimits: ['nofile=1024:2048']
    })
  })

  test('secret-envs and secret-files join the secrets', () => {
    const built = plan({secrets: 'A=1', 'secret-envs': 'b=B', 'secret-files': 'c=c.txt'})
    expect(built.secrets.map(s => [s.id, s.source.kind])).toEqual([
      ['A', 'value'],
      ['b', 'env'],
      ['c', 'file']
    ])
  })

  test('reuse is off when a build option needs the engine', () => {
    expect(plan({push: 'true', 'build-contexts': 'lib=../lib'}).reuse).toEqual({
      enabled: false,
      reason: 'build-contexts bring files the content hash does not cover'
    })
    expect(plan({push: 'true', 'no-cache-filters': 'deps'}).reuse).toMatchObject({enabled: false})
    expect(plan({push: 'true', network: 'host'}).reuse).toMatchObject({enabled: true})
  })

  test('call makes no image: refused with push, whatever the engine', () => {
    expect(() => plan({push: 'true', call: 'check'})).toThrow(
      "input 'call': call 'check' builds no image, so there is nothing to push; set push: false or call: build"
    )
    expect(plan({call: 'check'}).options.call).toBe('check')
    expect(plan({push: 'true', call: 'build'}).options.call).toBe('')
  })
})

describe('planBuild: the tags this event gives', () => {
  test('a tag no registry takes (an expression empty on this event) is refused, naming tags', () => {
    const empty = {...meta, tags: ['r.io/o/app:-x'], tagNames: ['-x']} as unknown as Meta
    expect(() =>
      planBuild(
        readInputs(name => ({push: 'true'})[name] ?? ''),
        empty,
        '/w'
      )
    ).toThrow(
      "input 'tags': on this event the rules give the tag '-x', which is no tag (a tag starts with a letter, digit or '_'); an expression such as {{branch}} or {{tag}} is empty on some events: limit that rule with enable= (e.g. enable={{is_default_branch}}) or put the expression after a constant part"
    )
    // Bare tags (no image) tag nothing: left as metadata-action gives them.
    const bare = {...empty, images: [], tags: ['-x']} as unknown as Meta
    expect(
      planBuild(
        readInputs(() => ''),
        bare,
        '/w'
      ).tags
    ).toEqual([])
  })
})

describe('planBuild: refusals before anything runs', () => {
  const noImages = {...meta, images: [], tags: [], tagNames: []} as unknown as Meta
  const noTags = {...meta, tags: [], tagNames: []} as unknown as Meta
  const suggestRef = 'write an image reference such as ghcr.io/o/app:sha-{{sha}}'
  const noImage = 'but no image is named; add a line such as ghcr.io/owner/app'
  const noTag = 'but no tag rule produced a tag for this event; add a rule that fires here (e.g. type=sha)'
  // prettier-ignore
  const cases: [string, Record<string, string>, Meta, string | undefined, string][] = [
    ['promote-from with an upper-case repository', {}, meta, 'ghcr.io/o/App:x',
      `input 'promote-from': invalid image reference "ghcr.io/o/App:x": repository names must be lowercase; ${suggestRef}`],
    ['promote-from with a short digest', {}, meta, 'ghcr.io/o/app@sha256:abc',
      `input 'promote-from': invalid image reference "ghcr.io/o/app@sha256:abc": digests look like sha256:<64 lowercase hex digits>; ${suggestRef}`],
    ['push without images', {push: 'true'}, noImages, undefined, `input 'images': push is true ${noImage}`],
    ['promote-from without images', {}, noImages, 'ghcr.io/o/app:1', `input 'images': promote-from is set ${noImage}`],
    ['push without a tag for this event', {push: 'true'}, noTags, undefined, `input 'tags': push is true ${noTag}`],
    ['promote-from without a tag for this event', {}, noTags, 'ghcr.io/o/app:1', `input 'tags': promote-from is set ${noTag}`],
  ]
  test.each(cases)('%s', (_title, values, given, promoteFrom, message) => {
    let refusal: unknown
    try {
      planBuild(
        readInputs(name => values[name] ?? ''),
        given,
        '/w',
        promoteFrom
      )
    } catch (error: unknown) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(InputError)
    expect((refusal as InputError).message).toBe(message)
  })
})

test("the user's labels and annotations are read with the list syntax the image's labels use (one way)", () => {
  const planned = plan({
    labels: 'team=core\n# a comment\n"note=a,b"',
    annotations: 'index:org.example.x=1\n\nmanifest:y=2'
  })
  expect(planned.userLabels).toEqual(['team=core', 'note=a,b'])
  expect(planned.userAnnotations).toEqual(['index:org.example.x=1', 'manifest:y=2'])
})
