/**
 * Issue 11, item 5: a campaign of bad inputs through the runner emulator (the bundled dist/, as the Actions
 * runner runs it; `npm run build` first). Every row must fail the step while planning — before any login,
 * engine or registry write — with a first `::error::` line that names the input (and the line, for the
 * multi-line ones) and says why; nothing may reach the registry, the workspace or RUNNER_TEMP. Most rows push
 * for real to a loopback registry, so a check that let one through would build and push; some run as dry
 * runs, which must refuse the same. The tally of errors that named the right input is printed at the end.
 */
import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {runAction, type EventSpec} from '../helpers/action-runner.js'
import {startRegistry, type TestRegistry} from '../helpers/registry.js'
import {requireTools} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'

const describeRegistry = await requireTools('docker-registry', 'skopeo')

/** The checkout every row starts from: what the good parts of its inputs point at. */
const WORKSPACE: Readonly<Record<string, string>> = {
  Dockerfile: 'FROM scratch AS base\nCOPY a /a\nFROM base AS final\n',
  a: 'a\n',
  'app/Dockerfile': 'FROM scratch\n',
  'ctx2/readme.txt': 'a context without a Dockerfile\n',
  'empty.Dockerfile': '# nothing to build\n',
  'secret.txt': 's3cret\n'
}

async function prepare(workspace: string): Promise<void> {
  for (const [file, text] of Object.entries(WORKSPACE)) {
    await mkdir(path.dirname(path.join(workspace, file)), {recursive: true})
    await writeFile(path.join(workspace, file), text)
  }
}

/** Every file and directory under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {recursive: true})
  return entries.map(entry => entry.toString()).sort()
}

interface Row {
  /** What is wrong, for the test's name. */
  readonly what: string
  /** Over the defaults: an image in the test registry, tag `x`, push: true. */
  readonly inputs: Readonly<Record<string, string>>
  /** The input the error must name. */
  readonly input: string
  /** The line it must name, for multi-line inputs. */
  readonly line?: number
  /** Words the message must contain. */
  readonly words: readonly string[]
  readonly event?: EventSpec
  /** Run as a dry run instead of pushing: planning must refuse the same. */
  readonly dry?: boolean
}

const TAG_PUSH: EventSpec = {name: 'push', ref: 'refs/tags/v1.0.0'}
const PULL_REQUEST: EventSpec = {
  name: 'pull_request',
  ref: 'refs/pull/7/merge',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: {repo: {full_name: 'octo-org/octo-repo'}, sha: 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed'},
      base: {ref: 'main', repo: {full_name: 'octo-org/octo-repo'}}
    }
  }
}
const FORK_PULL_REQUEST: EventSpec = {
  ...PULL_REQUEST,
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: {repo: {full_name: 'someone/fork'}},
      base: {ref: 'main', repo: {full_name: 'octo-org/octo-repo'}}
    }
  }
}
const SCHEDULE: EventSpec = {name: 'schedule', ref: 'refs/heads/main'}
const SOURCE = 'SOURCE' // replaced by an image in the test registry

const ROWS: readonly Row[] = [
  // tags: every rule checked on every event, with its line
  {
    what: 'a raw tag sanitized into -error-X',
    inputs: {tags: 'type=raw,value=::error::X'},
    input: 'tags',
    line: 1,
    words: ["'-error-X'", "starts with '-'"]
  },
  {
    what: 'a regex that does not compile, on a branch push',
    inputs: {tags: 'type=sha\ntype=match,pattern=('},
    input: 'tags',
    line: 2,
    words: ['not a regular expression', 'Unterminated group']
  },
  {
    what: 'a regex that does not compile, on a pull request',
    inputs: {tags: 'type=ref,event=pr\ntype=match,pattern=('},
    event: PULL_REQUEST,
    input: 'tags',
    line: 2,
    words: ['not a regular expression']
  },
  {
    what: 'an unclosed {{ in a semver pattern',
    inputs: {tags: 'type=semver,pattern={{version}'},
    input: 'tags',
    line: 1,
    words: ["'{{' at column 1 is not closed"]
  },
  {
    what: 'an unclosed {{ on a tag push',
    inputs: {tags: 'type=semver,pattern={{version}'},
    event: TAG_PUSH,
    input: 'tags',
    line: 1,
    words: ['not closed']
  },
  {
    what: 'a stray }} in a pattern',
    inputs: {tags: 'type=semver,pattern={version}}'},
    input: 'tags',
    line: 1,
    words: ["'}}' at column 9 closes no '{{'"]
  },
  {
    what: 'priority=abc',
    inputs: {tags: 'type=raw,value=x,priority=abc'},
    input: 'tags',
    line: 1,
    words: ["priority 'abc' is not an integer", 'priority=200']
  },
  {
    what: 'priority=1.5',
    inputs: {tags: 'type=sha\ntype=edge,branch=main,priority=1.5'},
    input: 'tags',
    line: 2,
    words: ["priority '1.5'"]
  },
  {
    what: 'a misspelt semver expression',
    inputs: {tags: 'type=semver,pattern={{verison}}'},
    input: 'tags',
    line: 1,
    words: ['{{verison}}', 'semver pattern', '{{version}}']
  },
  {
    what: 'an unknown rule type',
    inputs: {tags: 'type=foo'},
    input: 'tags',
    line: 1,
    words: ["unknown type 'foo'"]
  },
  {
    what: 'semver without a pattern',
    inputs: {tags: 'type=semver'},
    input: 'tags',
    line: 1,
    words: ["'pattern' is required"]
  },
  {
    what: 'ref without an event',
    inputs: {tags: 'type=ref'},
    input: 'tags',
    line: 1,
    words: ["'event' is required"]
  },
  {
    what: 'ref with an unknown event',
    inputs: {tags: 'type=ref,event=release'},
    input: 'tags',
    line: 1,
    words: ["'event' must be one of"]
  },
  {
    what: 'sha with an unknown format',
    inputs: {tags: 'type=sha,format=medium'},
    input: 'tags',
    line: 1,
    words: ["'format' must be short or long"]
  },
  {
    what: 'a group the pattern does not have',
    inputs: {tags: 'type=match,pattern=v(\\d+),group=2'},
    input: 'tags',
    line: 1,
    words: ['group 2 does not exist', '1 capture group']
  },
  {
    what: 'a group that is no number',
    inputs: {tags: 'type=match,pattern=v(\\d+),group=x'},
    input: 'tags',
    line: 1,
    words: ["'group' must be a number"]
  },
  {
    what: 'a misspelt attribute (enabled=)',
    inputs: {tags: 'type=raw,value=x,enabled=false'},
    input: 'tags',
    line: 1,
    words: ["unknown attribute 'enabled'", 'enable']
  },
  {
    what: 'enable that is no boolean',
    inputs: {tags: 'type=raw,value=x,enable=maybe'},
    input: 'tags',
    line: 1,
    words: ["enable 'maybe'", 'true or false']
  },
  {
    what: 'enable={{branch}}',
    inputs: {tags: 'type=raw,value=x,enable={{branch}}'},
    input: 'tags',
    line: 1,
    words: ['does not give true or false']
  },
  {
    what: '{{date}} without a format',
    inputs: {tags: 'type=raw,value={{date}}'},
    input: 'tags',
    line: 1,
    words: ['needs a format']
  },
  {
    what: '{{date}} with an unquoted format',
    inputs: {tags: 'type=raw,value=nightly-{{date YYYYMMDD}}'},
    input: 'tags',
    line: 1,
    words: ['must be quoted', "{{date 'YYYYMMDD'}}"]
  },
  {
    what: '{{date}} with an unknown argument',
    inputs: {tags: "type=raw,value={{date 'YYYY' zone='UTC'}}"},
    input: 'tags',
    line: 1,
    words: ['only tz=']
  },
  {
    what: '{{branch}} in a schedule pattern',
    inputs: {tags: 'type=schedule,pattern={{branch}}'},
    event: SCHEDULE,
    input: 'tags',
    line: 1,
    words: ['schedule pattern']
  },
  {
    what: 'a pep440 pattern with a semver-only expression',
    inputs: {tags: 'type=pep440,pattern={{prerelease}}'},
    input: 'tags',
    line: 1,
    words: ['pep440 pattern']
  },
  {
    what: 'a tag starting with a dot',
    inputs: {tags: 'type=raw,value=.hidden'},
    input: 'tags',
    line: 1,
    words: ["'.hidden'", "starts with '.'"]
  },
  {
    what: 'a prefix that makes every tag start with -',
    inputs: {tags: 'type=ref,event=branch,prefix=-'},
    input: 'tags',
    line: 1,
    words: ["'-main'"]
  },
  {
    what: 'a tag of 130 characters',
    inputs: {tags: `type=raw,value=${'a'.repeat(130)}`},
    input: 'tags',
    line: 1,
    words: ['130 characters long', 'at most 128']
  },
  {
    what: 'a semver match without a capture group',
    inputs: {tags: 'type=semver,pattern={{version}},match=v\\d+'},
    input: 'tags',
    line: 1,
    words: ['captures no group']
  },
  {
    what: 'a semver match that does not compile',
    inputs: {tags: 'type=semver,pattern={{version}},match=v(['},
    input: 'tags',
    line: 1,
    words: ['not a regular expression']
  },
  {
    what: 'a regex literal with an unknown flag',
    inputs: {tags: 'type=match,pattern=/v(\\d+)/q,group=1'},
    input: 'tags',
    line: 1,
    words: ['not a regular expression']
  },
  {
    what: 'a quote inside a field',
    inputs: {tags: 'type=sha\ntype=raw,value=a"b'},
    input: 'tags',
    line: 2,
    words: ['Quote']
  },
  {
    what: 'an {{#each}} block',
    inputs: {tags: 'type=raw,value={{#each x}}y{{/each}}'},
    input: 'tags',
    line: 1,
    words: ['{{#each}} is not supported']
  },
  {
    what: 'a partial',
    inputs: {tags: 'type=raw,value={{> name}}'},
    input: 'tags',
    line: 1,
    words: ['partials']
  },
  {
    what: 'an expression with an argument',
    inputs: {tags: 'type=ref,event=branch,suffix=-{{sha 8}}'},
    input: 'tags',
    line: 1,
    words: ['{{sha}} takes no arguments']
  },
  {
    what: 'an unclosed {{ on line 3 after comments and blanks',
    inputs: {tags: 'type=sha\n\n# the branch\ntype=raw,value={{branch}'},
    input: 'tags',
    line: 4,
    words: ['not closed']
  },
  {
    what: '{{branch}} empty on a tag push leaves -x',
    inputs: {tags: 'type=raw,value={{branch}}-x'},
    event: TAG_PUSH,
    input: 'tags',
    words: ["'-x'", 'on this event']
  },
  {
    what: 'no rule gives a tag on this event',
    inputs: {tags: 'type=ref,event=pr'},
    input: 'tags',
    words: ['no tag rule produced a tag']
  },
  {
    what: 'a broken rule, dry run',
    inputs: {tags: 'type=match,pattern=('},
    input: 'tags',
    line: 1,
    words: ['not a regular expression'],
    dry: true
  },
  {
    what: 'a broken rule on a fork pull request (read-only run)',
    inputs: {tags: 'type=semver,pattern={{version}'},
    event: FORK_PULL_REQUEST,
    input: 'tags',
    line: 1,
    words: ['not closed']
  },

  // flavor
  {
    what: 'flavor latest=maybe',
    inputs: {flavor: 'latest=maybe'},
    input: 'flavor',
    line: 1,
    words: ["'latest' must be auto, true or false"]
  },
  {
    what: 'a flavor prefix that makes every tag start with -',
    inputs: {flavor: 'prefix=::'},
    input: 'flavor',
    line: 1,
    words: ["prefix '::'", "'-main'"]
  },
  {
    what: 'an unknown flavor attribute',
    inputs: {flavor: 'latest=auto\nfoo=bar'},
    input: 'flavor',
    line: 2,
    words: ["unknown attribute 'foo'"]
  },
  {
    what: 'a flavor field without =',
    inputs: {flavor: 'prefix'},
    input: 'flavor',
    line: 1,
    words: ['is not key=value']
  },
  {
    what: 'an unknown expression in the flavor prefix',
    inputs: {flavor: 'prefix={{nope}}-'},
    input: 'flavor',
    line: 1,
    words: ['{{nope}}']
  },
  {
    what: 'onlatest with an expression in the prefix',
    inputs: {flavor: 'prefix={{branch}}-,onlatest=true', tags: 'type=raw,value=x'},
    input: 'flavor',
    line: 1,
    words: ['onlatest=true', 'as written', "'-branch--latest'"]
  },
  {
    what: 'a flavor suffix {{date}} without format',
    inputs: {flavor: 'latest=false\nsuffix=-{{date}}'},
    input: 'flavor',
    line: 2,
    words: ['needs a format']
  },

  // images
  {
    what: 'a registry port of 99999',
    inputs: {images: 'ghcr.io:99999/o/app'},
    input: 'images',
    line: 1,
    words: ['port 99999', '65535']
  },
  {
    what: 'a registry port of 0',
    inputs: {images: '127.0.0.1:0/o/app'},
    input: 'images',
    line: 1,
    words: ['port 0']
  },
  {
    what: 'a tag in an image name',
    inputs: {images: 'ghcr.io/o/app:v1'},
    input: 'images',
    line: 1,
    words: ["has a tag (':v1')"]
  },
  {
    what: 'a digest in an image name',
    inputs: {images: `ghcr.io/o/app@sha256:${'a'.repeat(64)}`},
    input: 'images',
    line: 1,
    words: ['has a digest']
  },
  {
    what: 'an image name with a scheme',
    inputs: {images: 'https://ghcr.io/o/app'},
    input: 'images',
    line: 1,
    words: ["starts with 'https://'"]
  },
  {
    what: 'a space in the second image name',
    inputs: {images: 'ghcr.io/o/app\nghcr.io/o/ap p'},
    input: 'images',
    line: 2,
    words: ['repository names']
  },
  {
    what: 'a trailing comma in the legacy form',
    inputs: {images: 'ghcr.io/o/app,'},
    input: 'images',
    line: 1,
    words: ['empty']
  },
  {
    what: 'an image enable that is no boolean',
    inputs: {images: 'name=ghcr.io/o/app,enable=maybe'},
    input: 'images',
    line: 1,
    words: ["'enable' must be true or false"]
  },
  {
    what: 'an unknown image attribute',
    inputs: {images: 'name=ghcr.io/o/app,foo=bar'},
    input: 'images',
    line: 1,
    words: ["unknown attribute 'foo'"]
  },
  {
    what: 'a path component starting with -',
    inputs: {images: 'ghcr.io/o/-app'},
    input: 'images',
    line: 1,
    words: ['repository names']
  },
  {
    what: 'an image name that is empty',
    inputs: {images: 'ghcr.io/o/app\nname=,enable=true'},
    input: 'images',
    line: 2,
    words: ["'name' is empty"]
  },
  {
    what: 'a tag in an upper-case image name',
    inputs: {images: 'ghcr.io/O/App:Latest'},
    input: 'images',
    line: 1,
    words: ['has a tag']
  },
  {
    what: 'a bad image, dry run',
    inputs: {images: 'ghcr.io:99999/o/app'},
    input: 'images',
    line: 1,
    words: ['port 99999'],
    dry: true
  },
  {what: 'push with no image', inputs: {images: ''}, input: 'images', words: ['no image is named']},

  // labels and annotations
  {
    what: 'a label without =',
    inputs: {labels: 'novalue'},
    input: 'labels',
    line: 1,
    words: ["'novalue' is not key=value"]
  },
  {
    what: 'a label without = on line 2',
    inputs: {labels: 'a=1\nnovalue'},
    input: 'labels',
    line: 2,
    words: ['is not key=value']
  },
  {
    what: 'a label with an empty key',
    inputs: {labels: '=value'},
    input: 'labels',
    line: 1,
    words: ['no key before']
  },
  {
    what: 'an annotation with an empty key',
    inputs: {annotations: '=value'},
    input: 'annotations',
    line: 1,
    words: ['no key before']
  },
  {
    what: 'an annotation without =',
    inputs: {annotations: 'novalue'},
    input: 'annotations',
    line: 1,
    words: ['is not key=value']
  },
  {
    what: 'a label key with a space',
    inputs: {labels: 'my key=x'},
    input: 'labels',
    line: 1,
    words: ['white space']
  },
  {
    what: 'an unknown expression in a label',
    inputs: {labels: 'org.example.x={{nope}}'},
    input: 'labels',
    line: 1,
    words: ['{{nope}}']
  },
  {
    what: 'an unclosed {{ in an annotation',
    inputs: {annotations: "a={{date 'YYYY'"},
    input: 'annotations',
    line: 1,
    words: ['not closed']
  },

  // platforms
  {
    what: 'platforms: !!!',
    inputs: {platforms: '!!!'},
    input: 'platforms',
    line: 1,
    words: ["'!!!' is not a platform", 'linux/amd64']
  },
  {
    what: 'a misspelt architecture on line 2',
    inputs: {platforms: 'linux/amd64\nlinux/amd46'},
    input: 'platforms',
    line: 2,
    words: ["'amd46' is not an architecture"]
  },
  {
    what: 'an os alone',
    inputs: {platforms: 'linux'},
    input: 'platforms',
    line: 1,
    words: ['is not a platform']
  },
  {
    what: 'a misspelt os',
    inputs: {platforms: 'lnux/amd64'},
    input: 'platforms',
    line: 1,
    words: ["'lnux' is not an operating system"]
  },
  {
    what: 'four parts',
    inputs: {platforms: 'linux/arm/v7/x'},
    input: 'platforms',
    line: 1,
    words: ['is not a platform']
  },
  {
    what: 'a bad platform, dry run',
    inputs: {platforms: 'linux/amd64,!!!'},
    input: 'platforms',
    line: 1,
    words: ["'!!!'"],
    dry: true
  },

  // promote-from copies an image: build settings cannot go with it
  ...(
    [
      ['target', 'base'],
      ['build-args', 'A=1'],
      ['file', 'Dockerfile'],
      ['context', 'app'],
      ['secrets', 'A=1'],
      ['secret-files', 'npm=secret.txt'],
      ['platforms', 'linux/amd64'],
      ['load', 'true'],
      ['outputs', 'type=local,dest=out'],
      ['no-cache', 'true'],
      ['cache-from', 'type=registry,ref=r.example/c'],
      ['provenance', 'mode=max'],
      ['call', 'check'],
      ['build-contexts', 'lib=ctx2']
    ] as const
  ).map(([name, value]): Row => ({
    what: `promote-from with ${name}`,
    inputs: {'promote-from': SOURCE, [name]: value},
    input: name,
    words: ['promote-from copies an existing image', `remove ${name}`]
  })),
  {
    what: 'promote-from with build: false',
    inputs: {'promote-from': SOURCE, build: 'false'},
    input: 'build',
    words: ['promote-from would do nothing']
  },
  {
    what: 'promote-from in upper case',
    inputs: {'promote-from': 'UPPER/Case:x'},
    input: 'promote-from',
    words: ['lowercase']
  },
  {
    what: 'promote-from with an unclosed {{',
    inputs: {'promote-from': 'ghcr.io/o/app:sha-{{sha}'},
    input: 'promote-from',
    words: ['not closed']
  },
  {
    what: 'promote-from with an unknown expression',
    inputs: {'promote-from': 'ghcr.io/o/app:{{nope}}'},
    input: 'promote-from',
    words: ['{{nope}}']
  },
  {
    what: 'promote-from on port 99999',
    inputs: {'promote-from': 'ghcr.io:99999/o/app:x'},
    input: 'promote-from',
    words: ['port 99999']
  },
  {
    what: 'promote-from with target, dry run',
    inputs: {'promote-from': SOURCE, target: 'base'},
    input: 'target',
    words: ['promote-from copies'],
    dry: true
  },

  // build: false beside what only a build does
  {
    what: 'build: false with push',
    inputs: {build: 'false'},
    input: 'build',
    words: ['push: true would do nothing']
  },
  {
    what: 'build: false with load',
    inputs: {build: 'false', push: 'false', load: 'true'},
    input: 'build',
    words: ['load: true']
  },
  {
    what: 'build: false with outputs',
    inputs: {build: 'false', push: 'false', outputs: 'type=local,dest=out'},
    input: 'build',
    words: ['outputs would do nothing']
  },

  // what a named engine cannot do, before it runs
  {
    what: 'two platforms on docker without buildx',
    inputs: {engine: 'docker', platforms: 'linux/amd64,linux/arm64'},
    input: 'platforms',
    words: ['docker without buildx', 'engine: docker']
  },
  {
    what: 'two platforms on buildah',
    inputs: {engine: 'buildah', platforms: 'linux/amd64,linux/arm64'},
    input: 'platforms',
    words: ['buildah builds one platform']
  },
  {
    what: 'load and two platforms on buildah',
    inputs: {engine: 'buildah', push: 'false', load: 'true', platforms: 'linux/amd64\nlinux/arm64'},
    input: 'platforms',
    words: ['one platform']
  },
  {
    what: 'call on docker without buildx',
    inputs: {engine: 'docker', push: 'false', call: 'check'},
    input: 'call',
    words: ['has no --call']
  },
  {
    what: 'a builder on buildah',
    inputs: {engine: 'buildah', builder: 'mine'},
    input: 'builder',
    words: ['has no buildx builders']
  },
  {
    what: 'a local export on docker without buildx',
    inputs: {engine: 'docker', outputs: 'type=local,dest=out'},
    input: 'outputs',
    words: ['cannot be written by the docker engine']
  },
  {
    what: 'an entitlement on buildah',
    inputs: {engine: 'buildah', allow: 'network.host'},
    input: 'allow',
    words: ['has no entitlements']
  },
  {
    what: 'provenance on docker without buildx',
    inputs: {engine: 'docker', provenance: 'true'},
    input: 'provenance',
    words: ['cannot write attestations']
  },
  {
    what: 'build contexts on docker without buildx',
    inputs: {engine: 'docker', 'build-contexts': 'lib=ctx2'},
    input: 'build-contexts',
    words: ['has no --build-context']
  },

  // call makes no image
  {what: 'call with push', inputs: {call: 'check'}, input: 'call', words: ['nothing to push']},
  {
    what: 'call with load',
    inputs: {push: 'false', load: 'true', call: 'outline'},
    input: 'call',
    words: ['nothing to load']
  },
  {
    what: 'call with outputs',
    inputs: {push: 'false', outputs: 'type=local,dest=out', call: 'targets'},
    input: 'call',
    words: ['nothing to write to outputs']
  },
  {what: 'an unknown call', inputs: {call: 'nope'}, input: 'call', words: ["'nope' is not one of"]},

  // the files the build reads and writes, found before the engine
  {
    what: 'a missing context',
    inputs: {context: 'nope'},
    input: 'context',
    words: ["'nope'", 'does not exist']
  },
  {
    what: 'a context that is a file',
    inputs: {context: 'Dockerfile'},
    input: 'context',
    words: ['is not a directory']
  },
  {
    what: 'a Git context',
    inputs: {context: 'https://github.com/o/r.git#main'},
    input: 'context',
    words: ['Git or URL context']
  },
  {
    what: 'a missing Dockerfile',
    inputs: {file: 'nope/Dockerfile'},
    input: 'file',
    words: ["'nope/Dockerfile'", 'does not exist']
  },
  {
    what: 'a Dockerfile that is a directory',
    inputs: {file: 'app'},
    input: 'file',
    words: ['is a directory', 'app/Dockerfile']
  },
  {
    what: 'a context without a Dockerfile',
    inputs: {context: 'ctx2'},
    input: 'file',
    words: ['no Dockerfile in the context', "'ctx2/Dockerfile'"]
  },
  {
    what: 'a target the Dockerfile does not have',
    inputs: {target: 'nope'},
    input: 'target',
    words: ["stage 'nope'", 'base, final']
  },
  {
    what: 'a target in a Dockerfile without named stages',
    inputs: {context: 'app', target: 'build'},
    input: 'target',
    words: ['names no stage']
  },
  {
    what: 'a Dockerfile without FROM',
    inputs: {file: 'empty.Dockerfile'},
    input: 'file',
    words: ['no FROM instruction']
  },
  {
    what: 'a missing secret file',
    inputs: {'secret-files': 'npm=nope.txt'},
    input: 'secret-files',
    line: 1,
    words: ["secret 'npm'", "'nope.txt'", 'does not exist']
  },
  {
    what: 'a missing secret file on line 2',
    inputs: {'secret-files': 'a=secret.txt\nb=nope.txt'},
    input: 'secret-files',
    line: 2,
    words: ["secret 'b'"]
  },
  {
    what: 'a missing secret src',
    inputs: {secrets: 'id=a,src=nope.txt'},
    input: 'secrets',
    line: 1,
    words: ["secret 'a'", 'does not exist']
  },
  {
    what: 'a secret file that is a directory',
    inputs: {'secret-files': 'npm=app'},
    input: 'secret-files',
    line: 1,
    words: ['is a directory']
  },
  {
    what: 'an output into /proc/forbidden (hung forever)',
    inputs: {outputs: 'type=docker,dest=/proc/forbidden/x.tar'},
    input: 'outputs',
    line: 1,
    words: ['/proc/forbidden', 'does not exist']
  },
  {
    what: 'an output into a directory that does not exist',
    inputs: {outputs: 'type=tar,dest=nodir/x.tar'},
    input: 'outputs',
    line: 1,
    words: ['nodir', 'does not exist']
  },
  {
    what: 'a file output onto a directory',
    inputs: {outputs: 'type=oci,dest=app'},
    input: 'outputs',
    line: 1,
    words: ['is a directory', 'type=oci writes a file']
  },
  {
    what: 'a local output under a file',
    inputs: {outputs: 'type=local,dest=a/out'},
    input: 'outputs',
    line: 1,
    words: ['not a directory']
  },
  {
    what: 'an unknown exporter',
    inputs: {outputs: 'type=foo,dest=x'},
    input: 'outputs',
    line: 1,
    words: ["'foo', which is not an exporter"]
  },
  {
    what: 'a tar output without dest',
    inputs: {outputs: 'type=tar'},
    input: 'outputs',
    line: 1,
    words: ['dest=<path>']
  },
  {
    what: 'an output to standard output',
    inputs: {outputs: 'type=tar,dest=-'},
    input: 'outputs',
    line: 1,
    words: ['standard output']
  },
  {
    what: 'a second output into a missing directory',
    inputs: {outputs: 'type=local,dest=out\ntype=docker,dest=nodir/i.tar'},
    input: 'outputs',
    line: 2,
    words: ['nodir']
  },
  {
    what: 'a missing build context directory',
    inputs: {'build-contexts': 'lib=nope'},
    input: 'build-contexts',
    line: 1,
    words: ["'lib=nope'", 'does not exist']
  },
  {
    what: 'a missing ssh key',
    inputs: {ssh: 'github=nope.key'},
    input: 'ssh',
    words: ['nope.key', 'does not exist']
  },
  {
    what: 'a missing buildkitd config',
    inputs: {'buildkitd-config': 'nope.toml'},
    input: 'buildkitd-config',
    words: ["'nope.toml'", 'does not exist']
  },
  {
    what: 'a missing context, dry run',
    inputs: {context: 'nope'},
    input: 'context',
    words: ['does not exist'],
    dry: true
  },
  {
    what: 'a missing target, dry run',
    inputs: {target: 'nope'},
    input: 'target',
    words: ["stage 'nope'"],
    dry: true
  },
  {
    what: 'a missing secret file, dry run',
    inputs: {'secret-files': 'npm=nope.txt'},
    input: 'secret-files',
    line: 1,
    words: ['does not exist'],
    dry: true
  },
  {
    what: 'an output into /proc/forbidden, dry run',
    inputs: {outputs: 'type=docker,dest=/proc/forbidden/x.tar'},
    input: 'outputs',
    line: 1,
    words: ['/proc/forbidden'],
    dry: true
  },
  {
    what: 'a missing Dockerfile on a fork pull request (read-only: builds, no push)',
    inputs: {file: 'nope/Dockerfile'},
    event: FORK_PULL_REQUEST,
    input: 'file',
    words: ['does not exist']
  },

  // registries and logins
  {
    what: 'a registry on port 99999',
    inputs: {registry: 'ghcr.io:99999', username: 'u', password: 'p'},
    input: 'registry',
    words: ['port 99999']
  },
  {
    what: 'a registry that is no host',
    inputs: {registry: 'not a host', username: 'u', password: 'p'},
    input: 'registry',
    words: ['not a valid registry host']
  },
  {
    what: 'a cache-ref on port 99999',
    inputs: {'cache-ref': '127.0.0.1:99999/cache'},
    input: 'cache-ref',
    words: ['port 99999']
  },
  {
    what: 'a cache-ref in upper case',
    inputs: {'cache-ref': 'Ghcr.io/O/App'},
    input: 'cache-ref',
    words: ['lower case']
  },
  {
    what: 'a cache-ref with a digest',
    inputs: {'cache-ref': `ghcr.io/o/c@sha256:${'a'.repeat(64)}`},
    input: 'cache-ref',
    words: ['digest']
  },
  {
    what: 'a cache-to with an unknown backend',
    inputs: {'cache-to': 'type=s4,bucket=x'},
    input: 'cache-to',
    line: 1,
    words: ["'s4', which is not a cache backend"]
  },
  {
    what: 'a cache-from ref in upper case on line 2',
    inputs: {'cache-from': 'type=gha\ntype=registry,ref=Ghcr.io/O/App:cache'},
    input: 'cache-from',
    line: 2,
    words: ['lowercase']
  },
  {
    what: 'a username without password',
    inputs: {username: 'u'},
    input: 'password',
    words: ['password is empty']
  },
  {
    what: 'a password without username',
    inputs: {password: 'p4ss-w0rd'},
    input: 'username',
    words: ['username is empty']
  },
  {
    what: 'a registry without credentials',
    inputs: {registry: 'ghcr.io'},
    input: 'registry',
    words: ['username and password are empty']
  },
  {
    what: 'registry-auth that is not YAML',
    inputs: {'registry-auth': '- registry: [oops'},
    input: 'registry-auth',
    words: ['not valid YAML']
  },
  {
    what: 'registry-auth without password',
    inputs: {'registry-auth': '- registry: ghcr.io\n  username: u'},
    input: 'registry-auth',
    words: ['needs both username and password']
  },

  // prune
  {
    what: 'an unknown prune attribute',
    inputs: {push: 'false', prune: 'type=pr-closed\ntype=tags,older=3d'},
    input: 'prune',
    words: ["'older' is not known"]
  },
  {
    what: 'prune-images with a tag',
    inputs: {push: 'false', prune: 'type=cache', 'prune-images': 'ghcr.io/o/app:tag'},
    input: 'prune-images',
    words: ['without a tag']
  },
  {
    what: 'prune-images without prune',
    inputs: {'prune-images': 'ghcr.io/o/app'},
    input: 'prune-images',
    words: ['prune has no rules']
  },

  // inputs read once, each checked
  {what: 'push: maybe', inputs: {push: 'maybe'}, input: 'push', words: ["'maybe' is not a boolean"]},
  {what: 'dry-run: yes', inputs: {'dry-run': 'yes'}, input: 'dry-run', words: ['is not a boolean']},
  {what: 'an unknown engine', inputs: {engine: 'podman'}, input: 'engine', words: ["'podman' is not one of"]},
  {what: 'an unknown cache', inputs: {cache: 's3'}, input: 'cache', words: ["'s3' is not one of"]},
  {what: 'an unknown build choice', inputs: {build: 'maybe'}, input: 'build', words: ['is not one of']},
  {
    what: 'a secret line that is neither form, on line 2',
    inputs: {secrets: 'A=1\nnovalue'},
    input: 'secrets',
    line: 2,
    words: ['neither KEY=value']
  },
  {
    what: 'a build-arg name starting with a digit',
    inputs: {'build-args': 'A=1\n1A=x'},
    input: 'build-args',
    line: 2,
    words: ["'1A'"]
  },
  {
    what: 'add-hosts without an ip',
    inputs: {'add-hosts': 'db.local'},
    input: 'add-hosts',
    words: ['is not host:ip']
  },
  {
    what: 'shm-size that is no size',
    inputs: {'shm-size': 'big'},
    input: 'shm-size',
    words: ['is not a size']
  },
  {
    what: 'a ulimit that is no integer',
    inputs: {ulimit: 'nofile=a'},
    input: 'ulimit',
    words: ['not integers']
  },
  {
    what: 'a network with a space',
    inputs: {network: 'a b'},
    input: 'network',
    words: ['is not a network mode']
  },
  {what: 'provenance mode=mid', inputs: {provenance: 'mode=mid'}, input: 'provenance', words: ["mode 'mid'"]},
  {
    what: 'an attests line without type',
    inputs: {attests: 'generator=x'},
    input: 'attests',
    words: ['has no type']
  },
  {
    what: 'buildkitd-config and buildkitd-config-inline',
    inputs: {'buildkitd-config': 'a.toml', 'buildkitd-config-inline': 'debug = true'},
    input: 'buildkitd-config',
    words: ['not both']
  },
  {
    what: 'a secret-envs line without =',
    inputs: {'secret-envs': 'TOKEN'},
    input: 'secret-envs',
    words: ['is not id=ENV_NAME']
  },
  {
    what: 'a secret given twice',
    inputs: {secrets: 'A=1', 'secret-envs': 'A=HOME'},
    input: 'secret-envs',
    words: ['given twice']
  },
  {
    what: 'driver-opts without =',
    inputs: {'driver-opts': 'image'},
    input: 'driver-opts',
    words: ['is not key=value']
  },
  {
    what: 'a bad allow entry',
    inputs: {allow: 'Network Host'},
    input: 'allow',
    words: ['is not an entitlement']
  }
]

describeRegistry(
  'bad inputs through the runner emulator: refused while planning, named, nothing left',
  () => {
    let registry: TestRegistry
    const tally: {row: string; named: boolean; error: string}[] = []

    beforeAll(async () => {
      registry = await startRegistry({auth: 'anonymous'})
    })

    afterAll(async () => {
      const named = tally.filter(t => t.named).length
      console.log(
        [
          `bad inputs: named ${named}/${tally.length}`,
          ...tally.filter(t => !t.named).map(t => `  not named: ${t.row}: ${t.error}`)
        ].join('\n')
      )
      // Nothing reached the registry: no repository at all.
      if (registry) {
        const catalog = (await (await fetch(`${registry.url}/v2/_catalog`)).json()) as {
          repositories?: string[]
        }
        expect(catalog.repositories ?? []).toEqual([])
        await registry.stop()
      }
    })

    test('the table is the campaign: at least 100 rows', () => {
      expect(ROWS.length).toBeGreaterThanOrEqual(100)
      expect(new Set(ROWS.map(row => row.what)).size).toBe(ROWS.length)
    })

    // A few at a time: each row is two node processes (main and post) and a skopeo call, mostly waiting.
    test.concurrent.for(ROWS.map((row, index) => [index, row.what, row] as const))(
      '%i: %s',
      async ([index, what, row], {expect}) => {
        const repo = `bad/row-${index}`
        const inputs: Record<string, string> = {
          images: `${registry.host}/${repo}`,
          tags: 'x',
          ...(row.dry ? {'dry-run': 'true'} : {push: 'true'}),
          ...row.inputs
        }
        if (inputs['promote-from'] === SOURCE) inputs['promote-from'] = `${registry.host}/bad/source:x`
        const run = await runAction({
          inputs,
          prepare,
          ...(row.event ? {event: row.event} : {}),
          timeoutMs: 60_000
        })
        const error = /^::error::(.*)$/m.exec(run.stdout)?.[1] ?? ''
        const head = row.line ? `input '${row.input}' line ${row.line}: ` : `input '${row.input}': `
        tally.push({row: `${index} ${what}`, named: error.startsWith(`input '${row.input}'`), error})

        expect(run.exitCode, run.stdout + run.stderr).toBe(1)
        expect(error.startsWith(head), `${error}\nshould start with ${head}`).toBe(true)
        for (const word of row.words) expect(error).toContain(word)
        // One line, the cause first: no command line, no stack.
        expect(error).not.toMatch(/%0A|\n|^(docker|buildah|skopeo) /)
        // Refused while planning: no login, engine, build or push was started, not even the plan's log group.
        expect(run.stdout).not.toContain('::group::')
        expect(run.post?.exitCode).toBe(0)
        expect(await readdir(run.runnerTemp)).toEqual([])
        expect(await tree(run.workspace)).toEqual(await expectedTree())
        const tags = await skopeoListTags(registry, repo).catch((failure: unknown) => {
          // A repository nothing was ever pushed to: distribution answers 404 NAME_UNKNOWN.
          expect(String(failure)).toMatch(
            /name unknown|NAME_UNKNOWN|repository name not known|404 \(Not Found\)/i
          )
          return []
        })
        expect(tags).toEqual([])
      }
    )
  }
)

let expected: Promise<string[]> | undefined

/** The workspace as `prepare` leaves it: a refused run adds nothing. */
function expectedTree(): Promise<string[]> {
  expected ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bad-inputs-'))
    await prepare(dir)
    const listing = await tree(dir)
    await rm(dir, {recursive: true, force: true})
    return listing
  })()
  return expected
}
