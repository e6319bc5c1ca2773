import {describe, expect, test} from 'vitest'
import {parseStages} from '../../src/build/dockerfile.js'

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
    expect(parseStages(text, buildArgs).map(({name, base}) => (name ? {name, base} : {base}))).toEqual(expected)
  })
})
