import {chmod, mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {readInputs} from '../../src/inputs/inputs.js'
import {readFacts} from '../../src/validate/facts.js'
import {checkFiles, fileProbes, planFileChecks} from '../../src/validate/files.js'
import type {Facts, PathFact} from '../../src/validate/files.js'
import {validateRun} from '../../src/validate/index.js'
import {asyncRefusal, refusal} from './helpers.js'

const dir: PathFact = {kind: 'dir', readable: true, writable: true}
const file = (text = ''): PathFact => ({kind: 'file', readable: true, writable: true, text})
const DOCKERFILE = 'FROM scratch AS base\nFROM base AS final\n'

/** A workspace /w with a Dockerfile, an app/ directory and a secret file; `over` adds or replaces paths. */
function facts(over: Record<string, PathFact | undefined> = {}): Facts {
  const all: Record<string, PathFact | undefined> = {
    '/': dir,
    '/w': dir,
    '/w/Dockerfile': file(DOCKERFILE),
    '/w/app': dir,
    '/w/a': file('a'),
    '/w/secret.txt': file('s'),
    ...over
  }
  return new Map(Object.entries(all).filter((e): e is [string, PathFact] => e[1] !== undefined))
}

function check(values: Record<string, string>, known: Facts = facts()): void {
  const inputs = readInputs(name => values[name] ?? '')
  const checks = planFileChecks(inputs, '/w', name => values[name] ?? '')
  if (checks) checkFiles(checks, known)
}

describe('checkFiles: what the build reads and writes, from facts', () => {
  test.each<[string, Record<string, string>, Record<string, PathFact | undefined>, string]>([
    [
      'a missing context',
      {context: 'nope'},
      {},
      "input 'context': 'nope' (/w/nope) does not exist; check the repository out first (actions/checkout), or give the directory relative to the workspace"
    ],
    [
      'a context that cannot be looked at',
      {context: 'locked'},
      {'/w/locked': {kind: 'missing', readable: false, writable: false, error: 'EACCES'}},
      "input 'context': 'locked' (/w/locked) cannot be looked at (EACCES); check the repository out first (actions/checkout), or give the directory relative to the workspace"
    ],
    [
      'a context that is a file',
      {context: 'a'},
      {},
      "input 'context': 'a' (/w/a) is not a directory; give the directory the build starts from (e.g. '.')"
    ],
    [
      'a Git context',
      {context: 'https://github.com/o/r.git'},
      {},
      "input 'context': 'https://github.com/o/r.git' is a Git or URL context, and this action builds a directory of the workspace; check the repository out (actions/checkout) and give the directory, e.g. context: ."
    ],
    [
      'no Dockerfile in the context',
      {},
      {'/w/Dockerfile': undefined},
      "input 'file': there is no Dockerfile in the context: 'Dockerfile' (/w/Dockerfile) does not exist; add it, or set file: to the Dockerfile's path (relative to the workspace)"
    ],
    [
      'a missing file',
      {file: 'nope/Dockerfile'},
      {},
      "input 'file': 'nope/Dockerfile' (/w/nope/Dockerfile) does not exist; give the Dockerfile's path relative to the workspace"
    ],
    [
      'a file that is a directory',
      {file: 'app'},
      {},
      "input 'file': 'app' (/w/app) is a directory; give the Dockerfile in it, e.g. file: app/Dockerfile"
    ],
    [
      'an unreadable Dockerfile',
      {},
      {'/w/Dockerfile': {kind: 'file', readable: false, writable: false}},
      "input 'file': 'Dockerfile' (/w/Dockerfile) cannot be read; make it a readable file"
    ],
    [
      'a Dockerfile without FROM',
      {},
      {'/w/Dockerfile': file('# nothing\nRUN true\n')},
      "input 'file': 'Dockerfile' (/w/Dockerfile) has no FROM instruction, so there is nothing to build; start it with FROM <image>"
    ],
    [
      'a target that is not a stage',
      {target: 'nope'},
      {},
      "input 'target': stage 'nope' is not in 'Dockerfile' (/w/Dockerfile); its stages are base, final: write one of them"
    ],
    [
      'a target in a Dockerfile without names',
      {target: 'Build'},
      {'/w/Dockerfile': file('FROM scratch\n')},
      "input 'target': stage 'Build' is not in 'Dockerfile' (/w/Dockerfile); it names no stage: name one with FROM <image> AS build, or leave target empty"
    ],
    [
      'a missing secret file',
      {'secret-files': 'a=secret.txt\nnpm=nope.txt'},
      {},
      "input 'secret-files' line 2: secret 'npm' reads 'nope.txt' (/w/nope.txt), which does not exist; fix the path (relative to the workspace) or create the file in an earlier step"
    ],
    [
      'a missing secret src',
      {secrets: 'A=1\nid=b,src=/etc/nope'},
      {},
      "input 'secrets' line 2: secret 'b' reads '/etc/nope', which does not exist; fix the path (relative to the workspace) or create the file in an earlier step"
    ],
    [
      'a secret that is a directory',
      {'secret-files': 'npm=app'},
      {},
      "input 'secret-files' line 1: secret 'npm' reads 'app' (/w/app), which is a directory; give the file that holds the secret"
    ],
    [
      'an unreadable secret',
      {'secret-files': 'npm=secret.txt'},
      {'/w/secret.txt': {kind: 'file', readable: false, writable: false}},
      "input 'secret-files' line 1: secret 'npm' reads 'secret.txt' (/w/secret.txt), which cannot be read; make it readable by the runner's user"
    ],
    [
      'an output into /proc/forbidden',
      {outputs: 'type=docker,dest=/proc/forbidden/x.tar'},
      {'/proc': dir},
      "input 'outputs' line 1: the destination '/proc/forbidden/x.tar' is in /proc/forbidden, which does not exist; create it in an earlier step, or write into a directory that exists"
    ],
    [
      'an output into a read-only directory',
      {outputs: 'type=tar,dest=/ro/x.tar'},
      {'/ro': {kind: 'dir', readable: true, writable: false}},
      "input 'outputs' line 1: the destination '/ro/x.tar' is in /ro, which is not writable; write into a writable directory, e.g. under the runner's temp directory"
    ],
    [
      'an output under a file',
      {outputs: 'type=oci,dest=a/x.tar'},
      {},
      "input 'outputs' line 1: the destination 'a/x.tar' (/w/a/x.tar) is in /w/a, which is not a directory; write into a directory"
    ],
    [
      'a file output onto a directory',
      {outputs: 'type=local,dest=out\ntype=docker,dest=app'},
      {},
      "input 'outputs' line 2: the destination 'app' (/w/app) is a directory, and type=docker writes a file; give a file name, e.g. app/image.tar"
    ],
    [
      'a local output onto a file',
      {outputs: 'a'},
      {},
      "input 'outputs' line 1: the destination 'a' (/w/a) is a file, and type=local writes a directory; give a directory"
    ],
    [
      'a local output below a file',
      {outputs: 'type=local,dest=a/b/c'},
      {},
      "input 'outputs' line 1: the destination 'a/b/c' (/w/a/b/c) is in /w/a, which is not a directory; write into a directory"
    ],
    [
      'an unknown exporter',
      {outputs: 'type=foo'},
      {},
      "input 'outputs' line 1: 'type=foo' has the type 'foo', which is not an exporter; write type=local|tar|oci|docker|image|registry|cacheonly, with dest=<path> for local, tar, oci and docker"
    ],
    [
      'an output without type',
      {outputs: 'dest=x'},
      {},
      "input 'outputs' line 1: 'dest=x' has no type=; write type=local|tar|oci|docker|image|registry|cacheonly, with dest=<path> for local, tar, oci and docker"
    ],
    [
      'a tar output without dest',
      {outputs: 'type=tar'},
      {},
      "input 'outputs' line 1: 'type=tar': type=tar writes to dest=<path>, which is missing; add e.g. dest=out/image.tar"
    ],
    [
      'an output to stdout',
      {outputs: 'type=tar,dest=-'},
      {},
      "input 'outputs' line 1: 'type=tar,dest=-': dest=- writes the image to standard output, the step's log; give a file path"
    ],
    [
      'a secret line that is neither form',
      {secrets: 'A=1\n\nnovalue'},
      {},
      "input 'secrets' line 3: a line is neither KEY=value nor id=<id>,src=<file> / id=<id>,env=<VAR> (secret 'novalue')"
    ],
    [
      'a bad secret id',
      {secrets: '# ids\nid=b!,src=secret.txt'},
      {},
      "input 'secrets' line 2: 'b!' is not a valid secret id; write letters, digits, '_', '.' or '-'"
    ],
    [
      'a secret without a source',
      {secrets: 'id=b,type=file'},
      {},
      "input 'secrets' line 1: secret 'b' needs src=<file> or env=<variable>"
    ],
    [
      'a missing build context',
      {'build-contexts': 'img=docker-image://alpine\nlib=nope'},
      {},
      "input 'build-contexts' line 2: 'lib=nope': /w/nope does not exist; give a directory relative to the workspace, or docker-image://, target:, oci-layout://"
    ],
    [
      'a build context that is a file',
      {'build-contexts': 'lib=a'},
      {},
      "input 'build-contexts' line 1: 'lib=a': /w/a is not a directory; give a directory relative to the workspace, or docker-image://, target:, oci-layout://"
    ],
    [
      'a missing ssh key',
      {ssh: 'github=nope.key'},
      {},
      "input 'ssh': 'github=nope.key': /w/nope.key does not exist; give an existing key file or agent socket, or default"
    ],
    [
      'a missing buildkitd config',
      {'buildkitd-config': 'b.toml'},
      {},
      "input 'buildkitd-config': 'b.toml' (/w/b.toml) does not exist; give the buildkitd.toml path relative to the workspace, or use buildkitd-config-inline"
    ]
  ])('%s', (_what, values, over, message) => {
    expect(refusal(() => check(values, facts(over)))).toBe(message)
  })

  test('what the build finds passes: local outputs in new directories, other frontends, no build at all', () => {
    expect(() =>
      check({
        target: 'Final',
        outputs: 'type=local,dest=out/new\ntype=docker,dest=image.tar\ntype=registry,name=r.io/a',
        'secret-files': 'a=secret.txt',
        'build-contexts': 'lib=app\nimg=docker-image://alpine\nst=target:base',
        ssh: 'default'
      })
    ).not.toThrow()
    // A frontend of its own reads its file its own way: no FROM, no target check.
    expect(() =>
      check({target: 'x'}, facts({'/w/Dockerfile': file('# syntax=example/frontend:1\nbuild me\n')}))
    ).not.toThrow()
    expect(() =>
      check({target: 'final'}, facts({'/w/Dockerfile': file(`#syntax=docker/dockerfile:1\n${DOCKERFILE}`)}))
    ).not.toThrow()
    // A promotion, prune alone and build: false build nothing: no file is looked at.
    expect(
      planFileChecks(
        readInputs(name => ({'promote-from': 'r.io/a:b'})[name] ?? ''),
        '/w',
        () => ''
      )
    ).toBeUndefined()
    expect(
      planFileChecks(
        readInputs(name => ({prune: 'type=pr-closed'})[name] ?? ''),
        '/w',
        () => ''
      )
    ).toBeUndefined()
    // The buildkitd config only matters where this step may create a buildx builder.
    expect(() => check({engine: 'buildah', 'buildkitd-config': 'b.toml'})).not.toThrow()
  })

  test('fileProbes: the Dockerfile is read; a local output looks at every directory above it', () => {
    const inputs = readInputs(name => ({outputs: 'type=local,dest=o/p\ntype=tar,dest=t/x.tar'})[name] ?? '')
    const checks = planFileChecks(inputs, '/w', () => '')
    expect(checks && fileProbes(checks)).toEqual([
      {path: '/w', read: false},
      {path: '/w/Dockerfile', read: true},
      {path: '/w/o/p', read: false},
      {path: '/w/o', read: false},
      {path: '/', read: false},
      {path: '/w/t/x.tar', read: false},
      {path: '/w/t', read: false}
    ])
  })
})

describe('readFacts and validateRun on a real workspace', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'validate-files-'))
    await writeFile(path.join(root, 'Dockerfile'), DOCKERFILE)
    await mkdir(path.join(root, 'ro'))
    await chmod(path.join(root, 'ro'), 0o500)
    await symlink('/dev/null', path.join(root, 'null'))
  })
  afterAll(async () => {
    await chmod(path.join(root, 'ro'), 0o700)
    await rm(root, {recursive: true, force: true})
  })

  test('facts: kinds, permissions, the text asked for', async () => {
    const known = await readFacts([
      {path: root, read: false},
      {path: path.join(root, 'Dockerfile'), read: true},
      {path: path.join(root, 'null'), read: true},
      {path: path.join(root, 'nope', 'x'), read: false},
      {path: path.join(root, 'Dockerfile', 'x'), read: false}
    ])
    expect(known.get(root)).toEqual({kind: 'dir', readable: true, writable: true})
    expect(known.get(path.join(root, 'Dockerfile'))).toEqual({
      kind: 'file',
      readable: true,
      writable: true,
      text: DOCKERFILE
    })
    expect(known.get(path.join(root, 'null'))).toEqual({kind: 'other', readable: true, writable: true})
    expect(known.get(path.join(root, 'nope', 'x'))).toEqual({
      kind: 'missing',
      readable: false,
      writable: false
    })
    expect(known.get(path.join(root, 'Dockerfile', 'x'))).toEqual({
      kind: 'missing',
      readable: false,
      writable: false
    })
  })

  const run = (values: Record<string, string>, warnings: string[] = []) => {
    const inputs = readInputs(name => values[name] ?? '')
    return validateRun({
      given: inputs,
      effective: inputs,
      read: name => values[name] ?? '',
      workspace: root,
      warn: message => warnings.push(message)
    })
  }

  test('a bad input, a missing file and a target are refused before anything runs; a dry run too', async () => {
    expect(await asyncRefusal(() => run({images: 'r.io/a', tags: 'type=match,pattern=('}))).toMatch(
      /^input 'tags' line 1: pattern '\(' is not a regular expression/
    )
    expect(await asyncRefusal(() => run({target: 'nope', 'dry-run': 'true'}))).toBe(
      `input 'target': stage 'nope' is not in 'Dockerfile' (${root}/Dockerfile); its stages are base, final: write one of them`
    )
    expect(await asyncRefusal(() => run({outputs: 'type=tar,dest=/proc/forbidden/x.tar'}))).toBe(
      "input 'outputs' line 1: the destination '/proc/forbidden/x.tar' is in /proc/forbidden, which does not exist; create it in an earlier step, or write into a directory that exists"
    )
    if (process.getuid?.() !== 0) {
      expect(await asyncRefusal(() => run({outputs: 'type=tar,dest=ro/x.tar'}))).toMatch(
        /which is not writable/
      )
    }
  })

  test('a sound run passes and hands the warnings over', async () => {
    const warnings: string[] = []
    await run(
      {images: 'r.io/a', tags: 'type=raw,value=a b', target: 'final', outputs: `type=tar,dest=${root}/x.tar`},
      warnings
    )
    expect(warnings).toEqual([
      "input 'tags' line 1: 'type=raw,value=a b' gives the tag 'a-b' (not 'a b'): characters other than letters, digits, '_', '.' and '-' become '-', as in docker/metadata-action; write the tag as it should be"
    ])
  })
})
