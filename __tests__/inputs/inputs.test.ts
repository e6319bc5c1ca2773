import {describe, expect, test} from 'vitest'
import {inputLines, readInputs} from '../../src/inputs/inputs.js'

function reader(values: Record<string, string>) {
  return (name: string, options?: {trimWhitespace?: boolean}) => {
    const value = values[name] ?? ''
    return options?.trimWhitespace === false ? value : value.trim()
  }
}

describe('readInputs', () => {
  test('defaults when nothing is given', () => {
    const inputs = readInputs(reader({}))
    expect(inputs).toMatchObject({
      context: '.',
      push: false,
      load: false,
      engine: 'auto',
      'dry-run': false,
      'sep-tags': '\n',
      'build-args': []
    })
  })

  test('separators keep their whitespace', () => {
    expect(readInputs(reader({'sep-tags': ' '}))['sep-tags']).toBe(' ')
    expect(readInputs(reader({'sep-labels': ', '}))['sep-labels']).toBe(', ')
  })

  test.each([
    ['push', 'yes', "input 'push': 'yes' is not a boolean; write true or false"],
    ['dry-run', '1', "input 'dry-run': '1' is not a boolean; write true or false"],
    ['engine', 'podman', "input 'engine': 'podman' is not one of auto, buildx, docker, buildah"],
    [
      'build-args',
      'A=1\n\n-bad=2',
      "input 'build-args' line 3: '-bad' is not a valid build argument name; write NAME=value (a letter or _ first, then letters, digits, _)"
    ]
  ])('%s=%s is refused with a message naming the input', (name, value, message) => {
    expect(() => readInputs(reader({[name]: value}))).toThrow(message)
  })

  test.each([
    ['True', true],
    ['FALSE', false],
    ['true', true]
  ])('boolean %s', (value, expected) => {
    expect(readInputs(reader({push: value})).push).toBe(expected)
  })

  test('engine is case-insensitive', () => {
    expect(readInputs(reader({engine: 'Buildah'})).engine).toBe('buildah')
  })
})

describe('inputLines', () => {
  test('drops blank and comment lines, keeps inner #', () => {
    expect(inputLines('A=1\n\n  # note\nB=x#y\r\n')).toEqual(['A=1', 'B=x#y'])
  })
})

describe("build-push-action's build options and setup-buildx-action's builder settings", () => {
  test('every input of action.yml is read, and nothing else', async () => {
    const {readFile} = await import('node:fs/promises')
    const {parse} = await import('yaml')
    const yml = parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    const read = new Set<string>()
    readInputs(name => {
      read.add(name)
      return ''
    })
    expect([...read].sort()).toEqual(Object.keys(yml.inputs).sort())
  })

  test('defaults: nothing set', () => {
    expect(readInputs(reader({}))).toMatchObject({
      'add-hosts': [],
      allow: [],
      attests: [],
      'build-contexts': [],
      builder: '',
      call: '',
      network: '',
      'no-cache-filters': [],
      'secret-envs': [],
      'secret-files': [],
      'shm-size': '',
      ssh: [],
      ulimit: [],
      'driver-opts': [],
      'buildkitd-config': '',
      'buildkitd-config-inline': '',
      'buildkitd-flags': ''
    })
    const inputs = readInputs(reader({}))
    expect(inputs.provenance).toBeUndefined()
    expect(inputs.sbom).toBeUndefined()
  })

  // As actions-toolkit's getInputList: some inputs split at commas too, some keep a line whole.
  test.each([
    [
      'add-hosts',
      'a.local:10.0.0.1,b.local:::1\nc.local:host-gateway',
      ['a.local:10.0.0.1', 'b.local:::1', 'c.local:host-gateway']
    ],
    ['allow', 'network.host, security.insecure', ['network.host', 'security.insecure']],
    ['no-cache-filters', 'deps,\nbuild', ['deps', 'build']],
    ['ssh', 'default,"github=/k1,/k2"\nid', ['default', 'github=/k1,/k2', 'id']],
    ['secret-envs', 'a=A,b=B', ['a=A', 'b=B']],
    [
      'attests',
      'type=sbom,generator=img\n# off for now\ntype=provenance,mode=max',
      ['type=sbom,generator=img', 'type=provenance,mode=max']
    ],
    [
      'build-contexts',
      'src=../lib\nalpine=docker-image://alpine:3.20',
      ['src=../lib', 'alpine=docker-image://alpine:3.20']
    ],
    ['ulimit', 'nofile=1024:2048\nnproc=-1', ['nofile=1024:2048', 'nproc=-1']],
    ['secret-files', 'npm=.npmrc,x', ['npm=.npmrc,x']],
    [
      'driver-opts',
      'image=moby/buildkit:v0.13.2\nenv.A="x,y"',
      ['image=moby/buildkit:v0.13.2', 'env.A="x,y"']
    ]
  ])('%s is split as build-push-action splits it', (name, value, expected) => {
    expect(readInputs(reader({[name]: value}))[name as 'allow']).toEqual(expected)
  })

  test.each([
    ['true', {disabled: false, attrs: []}],
    ['false', {disabled: true, attrs: []}],
    ['mode=max', {disabled: false, attrs: ['mode=max']}],
    [
      'mode=min,inline-only=true,builder-id=x',
      {disabled: false, attrs: ['mode=min', 'inline-only=true', 'builder-id=x']}
    ],
    ['disabled=true', {disabled: true, attrs: []}],
    ['mode=max,false', {disabled: true, attrs: ['mode=max']}]
  ])('provenance %s', (value, expected) => {
    expect(readInputs(reader({provenance: value})).provenance).toEqual(expected)
  })

  test('sbom takes any attributes; call build is no call', () => {
    expect(readInputs(reader({sbom: 'generator=docker/scout-sbom-indexer:1'})).sbom).toEqual({
      disabled: false,
      attrs: ['generator=docker/scout-sbom-indexer:1']
    })
    expect(readInputs(reader({sbom: 'TRUE'})).sbom).toEqual({disabled: false, attrs: []})
    expect(readInputs(reader({call: 'build'})).call).toBe('')
    expect(readInputs(reader({call: 'check,format=json'})).call).toBe('check,format=json')
    expect(readInputs(reader({network: 'ns:/run/netns/x'})).network).toBe('ns:/run/netns/x')
    expect(readInputs(reader({'shm-size': '64MiB'}))['shm-size']).toBe('64MiB')
  })

  test.each([
    [
      'shm-size',
      'abc',
      "input 'shm-size': 'abc' is not a size; write a number with an optional unit b, k, m or g (e.g. 2g)"
    ],
    [
      'shm-size',
      '-1g',
      "input 'shm-size': '-1g' is not a size; write a number with an optional unit b, k, m or g (e.g. 2g)"
    ],
    ['ulimit', 'nofile', "input 'ulimit': 'nofile' is not name=soft[:hard]; write e.g. nofile=1024:2048"],
    [
      'ulimit',
      'files=1',
      "input 'ulimit': 'files' is not a ulimit name (one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)"
    ],
    [
      'ulimit',
      'nofile=many',
      "input 'ulimit': 'nofile=many': the limits are not integers soft[:hard]; write e.g. nofile=1024:2048"
    ],
    [
      'ulimit',
      'nofile=2048:1024',
      "input 'ulimit': 'nofile=2048:1024': the soft limit is above the hard limit"
    ],
    [
      'network',
      'my net',
      "input 'network': 'my net' is not a network mode; write default, none, host or a network name"
    ],
    [
      'network',
      'host,none',
      "input 'network': 'host,none' is not a network mode; write default, none, host or a network name"
    ],
    ['add-hosts', 'db.local', "input 'add-hosts': 'db.local' is not host:ip; write e.g. db.local:10.0.0.5"],
    [
      'add-hosts',
      'db.local:gateway',
      "input 'add-hosts': 'db.local:gateway': 'gateway' is not an IP address; write e.g. db.local:10.0.0.5 (or db.local:host-gateway)"
    ],
    ['add-hosts', ':10.0.0.5', "input 'add-hosts': ':10.0.0.5' is not host:ip; write e.g. db.local:10.0.0.5"],
    [
      'provenance',
      'yes',
      "input 'provenance': 'yes' is not true, false or key=value attributes; write e.g. mode=max or mode=min,inline-only=true"
    ],
    ['provenance', 'mode=full', "input 'provenance': mode 'full' is not min or max"],
    [
      'provenance',
      'mod=max',
      "input 'provenance': 'mod' is not a provenance attribute (one of mode, builder-id, inline-only, reproducible, version, filename, disabled)"
    ],
    [
      'provenance',
      'inline-only=yes',
      "input 'provenance': inline-only 'yes' is not a boolean; write inline-only=true or inline-only=false"
    ],
    [
      'provenance',
      'type=sbom',
      "input 'provenance': 'type=sbom': the type is provenance already; leave type out"
    ],
    [
      'sbom',
      'on',
      "input 'sbom': 'on' is not true, false or key=value attributes; write e.g. generator=<image>"
    ],
    [
      'attests',
      'mode=max',
      "input 'attests': 'mode=max' has no type; write type=provenance,… or type=sbom,…"
    ],
    [
      'attests',
      'type=sbom,scan',
      "input 'attests': 'scan' in 'type=sbom,scan' is not key=value; write e.g. type=sbom,generator=<image>"
    ],
    [
      'call',
      'lint',
      "input 'call': 'lint' is not one of build, check, outline, targets, subrequests.describe, optionally followed by ,key=value (e.g. check,format=json)"
    ],
    [
      'call',
      'check,json',
      "input 'call': 'check,json' is not one of build, check, outline, targets, subrequests.describe, optionally followed by ,key=value (e.g. check,format=json)"
    ],
    [
      'build-contexts',
      'lib',
      "input 'build-contexts': 'lib' is not name=value; write e.g. src=../other or alpine=docker-image://alpine:3.20"
    ],
    [
      'build-contexts',
      'src={{defaultContext}}:lib',
      "input 'build-contexts': 'src={{defaultContext}}:lib': this action builds from the checked-out workspace, not a Git context, so there are no {{…}} expressions here; write a path relative to the workspace"
    ],
    [
      'allow',
      'network host',
      "input 'allow': 'network host' is not an entitlement; write e.g. network.host or security.insecure"
    ],
    [
      'no-cache-filters',
      'a b',
      "input 'no-cache-filters': 'a b' is not a stage name; write stage names, comma or line separated"
    ],
    [
      'ssh',
      'my key',
      "input 'ssh': 'my key' is not default or <id>=<socket or key file>; write e.g. default or github=/path/to/key"
    ],
    [
      'driver-opts',
      'image',
      "input 'driver-opts': 'image' is not key=value; write e.g. image=moby/buildkit:latest or network=host"
    ]
  ])('%s: %s is refused with a message naming the input', (name, value, message) => {
    expect(() => readInputs(reader({[name]: value}))).toThrow(message)
  })

  test('buildkitd-config and buildkitd-config-inline exclude each other', () => {
    expect(() =>
      readInputs(reader({'buildkitd-config': 'bk.toml', 'buildkitd-config-inline': 'debug = true'}))
    ).toThrow(
      "input 'buildkitd-config': cannot be combined with buildkitd-config-inline; give the BuildKit configuration as a file or inline, not both"
    )
    expect(
      readInputs(reader({'buildkitd-config-inline': '[worker.oci]\n  max-parallelism = 4'}))
    ).toMatchObject({
      'buildkitd-config-inline': '[worker.oci]\n  max-parallelism = 4'
    })
  })
})

describe('action.yml is the one source of defaults', () => {
  test('the code falls back to exactly the defaults action.yml declares', async () => {
    const {readFile} = await import('node:fs/promises')
    const {parse} = await import('yaml')
    const yml = parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, {default?: string}>
    }
    // As the runner fills them in; an expression default (`${{ github.token }}`) is the runner's, not the code's.
    const declared = (name: string) => {
      const value = yml.inputs[name]?.default ?? ''
      return value.includes('${{') ? '' : value
    }
    expect(readInputs(name => declared(name))).toEqual(readInputs(() => ''))
    expect(Object.values(yml.inputs).filter(input => input.default === undefined)).toEqual([])
  })
})
