import {describe, expect, test} from 'vitest'
import {parseStages, stagesToBuild} from '../../src/dockerfile/parse.js'

// prettier-ignore
const cases: [string, string, string[], {name?: string; base: string}[]][] = [
  ['single stage', 'FROM alpine:3\nRUN true', [], [{base: 'alpine:3'}]],
  ['named stages, case-insensitive AS', 'FROM golang:1 AS Build\nRUN make\nfrom scratch as final\nCOPY --from=build /x /x', [], [{name: 'build', base: 'golang:1'}, {name: 'final', base: 'scratch'}]],
  ['platform flag is skipped', 'FROM --platform=$BUILDPLATFORM node:20 AS deps', [], [{name: 'deps', base: 'node:20'}]],
  ['global ARG default', 'ARG BASE=busybox:1.36\nFROM ${BASE} AS a\nFROM $BASE', [], [{name: 'a', base: 'busybox:1.36'}, {base: 'busybox:1.36'}]],
  ['build-arg overrides default', 'ARG BASE=busybox:1.36\nFROM ${BASE}', ['BASE=127.0.0.1:5000/base/busybox:1'], [{base: '127.0.0.1:5000/base/busybox:1'}]],
  ['fallback syntax', 'ARG TAG\nFROM alpine:${TAG:-3.20}', [], [{base: 'alpine:3.20'}]],
  ['comments and continuations', '# syntax=docker/dockerfile:1\nFROM \\\n  debian:12 \\\n  AS base\n# FROM nope\nRUN echo', [], [{name: 'base', base: 'debian:12'}]],
  ['ARG after FROM is stage-local', 'FROM a\nARG X=1\nFROM b:${X}', [], [{base: 'a'}, {base: 'b:'}]],
]

describe('parseStages', () => {
  test.each(cases)('%s', (_title, text, buildArgs, expected) => {
    expect(parseStages(text, buildArgs).map(({name, base}) => (name ? {name, base} : {base}))).toEqual(
      expected
    )
  })
})

describe('stage dependencies and steps', () => {
  const text = [
    'ARG BASE=busybox',
    'FROM ${BASE} AS deps',
    'COPY deps.txt /',
    'RUN make deps',
    'FROM ${BASE} AS tools',
    'RUN make tools',
    'FROM deps AS build',
    'WORKDIR /src',
    'COPY --from=tools /t /t',
    'RUN --mount=type=cache,target=/c --mount=type=bind,from=assets,source=/a,target=/a make',
    'FROM ${BASE} AS assets',
    'ADD a.tgz /a',
    'FROM ${BASE} AS unused',
    'RUN sleep 100',
    'FROM ${BASE}',
    'ENV X=1',
    'COPY --from=build /out /out',
    'COPY --from=0 /deps /deps',
    'COPY --from=nginx:1 /etc/nginx /etc/nginx',
    'CMD ["/out"]'
  ].join('\n')
  const stages = parseStages(text)

  test('deps come from FROM <stage>, COPY --from (name or index) and RUN --mount from=, never images', () => {
    expect(stages.map(s => [s.name ?? s.index, s.deps, s.steps])).toEqual([
      ['deps', [], 2],
      ['tools', [], 1],
      ['build', [0, 1, 3], 3],
      ['assets', [], 1],
      ['unused', [], 1],
      [5, [2, 0], 3]
    ])
  })

  test('stagesToBuild: dependencies first, unused stages left out', () => {
    expect(stagesToBuild(stages).map(s => s.name ?? s.index)).toEqual(['deps', 'tools', 'assets', 'build', 5])
    expect(stagesToBuild(stages, 'Build').map(s => s.name)).toEqual(['deps', 'tools', 'assets', 'build'])
    expect(stagesToBuild(stages, 'nope')).toEqual([])
  })
})
