/**
 * The bundled CLI (dist/cli/index.js) in simulated GitLab CI pipelines: only GitLab's variables, none of
 * GitHub's, against the real engine and a real registry; skopeo reads what was pushed. Also `--help` against
 * action.yml, the exit statuses and the private temp dir removed at exit.
 */
import {spawn} from 'node:child_process'
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {parse} from 'yaml'
import {ACTION_DIR} from '../helpers/action-runner.js'
import {useRegistryWithBase} from '../helpers/base-image.js'
import {requireTools, run as runTool} from '../helpers/require-tool.js'
import {skopeoListTags} from '../helpers/skopeo.js'

const CLI = path.join(ACTION_DIR, 'dist', 'cli', 'index.js')
const SHA = '0123456789abcdef0123456789abcdef01234567'

const describeCli = await requireTools('docker-daemon', 'docker-buildx', 'skopeo', 'docker-registry')

interface CliRun {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
  /** What the run left in its TMPDIR. */
  readonly leftInTmp: string[]
}

async function cli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  interruptWhen?: (log: string) => boolean
): Promise<CliRun> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'cli-tmp-'))
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    // No GITHUB_* and no RUNNER_TEMP: what a GitLab job has.
    env: {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TMPDIR: tmp, ...env},
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  let interrupted = false
  const watch = () => {
    if (!interruptWhen || interrupted) return
    if (!interruptWhen(Buffer.concat([...out, ...err]).toString())) return
    interrupted = true
    child.kill('SIGINT')
  }
  child.stdout.on('data', (c: Buffer) => {
    out.push(c)
    watch()
  })
  child.stderr.on('data', (c: Buffer) => {
    err.push(c)
    watch()
  })
  const status = await new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)))
  return {
    status,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString(),
    leftInTmp: await readdir(tmp)
  }
}

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cli-project-'))
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY message.txt /message.txt\n')
  await writeFile(path.join(dir, 'message.txt'), `cli ${Date.now()}\n`)
  return dir
}

const GITLAB = {
  GITLAB_CI: 'true',
  CI_COMMIT_SHA: SHA,
  CI_DEFAULT_BRANCH: 'main',
  CI_PROJECT_PATH: 'group/app'
}
const TAGS = [
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=semver,pattern={{version}}',
  'type=schedule'
]

describeCli('the CLI in GitLab CI pipelines', () => {
  const shared = useRegistryWithBase()

  // prettier-ignore
  const pipelines: [string, Record<string, string>, string[]][] = [
    ['branch pipeline',        {CI_COMMIT_BRANCH: 'main', CI_COMMIT_REF_NAME: 'main'},                       ['main']],
    ['merge request pipeline', {CI_MERGE_REQUEST_IID: '42', CI_COMMIT_REF_NAME: 'feat',
      CI_MERGE_REQUEST_SOURCE_PROJECT_PATH: 'group/app', CI_MERGE_REQUEST_PROJECT_PATH: 'group/app'},         ['pr-42']],
    ['tag pipeline',           {CI_COMMIT_TAG: 'v1.4.2', CI_COMMIT_REF_NAME: 'v1.4.2'},                      ['1.4.2', 'latest']],
    ['scheduled pipeline',     {CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main'},                   ['main', 'nightly']],
  ]
  test.each(pipelines)(
    '%s: builds, pushes the tags GitHub would, outputs as JSON and dotenv',
    async (_, vars, tags) => {
      const repo = `cli/app-${Date.now().toString(36)}`
      const cwd = await project()
      const run = await cli(
        [
          '--images',
          `${shared.registry.host}/${repo}`,
          ...TAGS.flatMap(rule => ['--tags', rule]),
          '--push',
          '--cache',
          'none',
          '--reuse',
          'false',
          '--json',
          '--output-file',
          path.join(cwd, 'build.env'),
          '--summary-file',
          path.join(cwd, 'summary.md')
        ],
        {...GITLAB, ...vars},
        cwd
      )
      expect(run.status, run.stderr).toBe(0)
      const outputs = JSON.parse(run.stdout) as Record<string, string>
      expect(outputs['tag-names']?.split('\n').sort()).toEqual([...tags].sort())
      expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect((await skopeoListTags(shared.registry, repo)).sort()).toEqual([...tags].sort())
      const dotenv = await readFile(path.join(cwd, 'build.env'), 'utf8')
      expect(dotenv).toContain(`DIGEST=${outputs.digest}\n`)
      expect(await readFile(path.join(cwd, 'summary.md'), 'utf8')).toContain(outputs.digest)
      // GitLab's collapsible sections, no GitHub workflow commands, on stderr (stdout is the JSON).
      const esc = String.fromCharCode(27)
      expect(run.stderr).toContain(`${esc}[0Ksection_start:`)
      expect(run.stderr).toMatch(/section_start:\d+:image_action_1\[collapsed=true\]\r.\[0KPlan/)
      expect(run.stderr).not.toMatch(/^::/m)
      expect(run.leftInTmp).toEqual([])
    }
  )

  test("GitLab's job-token login is used when no login is given, and the password is masked", async () => {
    const cwd = await project()
    const run = await cli(
      ['--images', `${shared.registry.host}/cli/login`, '--dry-run'],
      {
        ...GITLAB,
        CI_COMMIT_BRANCH: 'main',
        CI_REGISTRY: shared.registry.host,
        CI_REGISTRY_USER: 'gitlab-ci-token',
        CI_REGISTRY_PASSWORD: 'job-s3cr3t-token'
      },
      cwd
    )
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(`Login: ${shared.registry.host} as gitlab-ci-token (username/password)`)
    expect(`${run.stdout}${run.stderr}`).not.toContain('job-s3cr3t-token')
  })

  test('a failed run exits 1 with the cause; bad usage exits 2 naming the flag', async () => {
    const cwd = await project()
    const failed = await cli(
      ['--images', 'r.io/app', '--tags', 'type=match,pattern=(', '--dry-run'],
      {...GITLAB, CI_COMMIT_BRANCH: 'main'},
      cwd
    )
    expect(failed.status).toBe(1)
    expect(failed.stdout).toMatch(/^Error: input 'tags' line 1: /m)
    expect(failed.leftInTmp).toEqual([])
    const usage = await cli(['--imgaes', 'x'], GITLAB, cwd)
    expect(usage).toMatchObject({
      status: 2,
      stderr: 'image-action: unknown flag --imgaes; did you mean --images? (--help lists every input)\n'
    })
  })

  test('--help lists every input of action.yml', async () => {
    const yml = parse(await readFile(path.join(ACTION_DIR, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>
    }
    const help = await cli(['--help'], {}, ACTION_DIR)
    expect(help.status).toBe(0)
    const listed = [...help.stdout.matchAll(/^ {2}--([a-z0-9-]+)(?: \(default: .*\))?$/gm)].map(m => m[1])
    expect(listed).toEqual(Object.keys(yml.inputs))
  })

  test('a terminal: the tags of a plain git checkout (a tag at HEAD), no CI variables at all', async () => {
    const cwd = await project()
    const git = (...args: string[]) =>
      runTool('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {cwd})
    await git('init', '-q', '-b', 'main')
    await git('add', '.')
    await git('commit', '-q', '-m', 'first')
    await git('tag', 'v2.5.0')
    const repo = `cli/git-${Date.now().toString(36)}`
    const run = await cli(
      [
        '--images',
        `${shared.registry.host}/${repo}`,
        '--tags',
        'type=semver,pattern={{version}}',
        '--push',
        '--cache',
        'none',
        '--reuse',
        'false'
      ],
      {},
      cwd
    )
    expect(run.status, run.stdout + run.stderr).toBe(0)
    // Plain text for a terminal: no GitHub commands, no GitLab sections.
    expect(run.stdout).toMatch(/^== Plan$/m)
    expect(run.stdout).not.toMatch(/^::|section_start/m)
    expect((await skopeoListTags(shared.registry, repo)).sort()).toEqual(['2.5.0', 'latest'])
  })

  test('GitLab without a Docker daemon: buildah builds and pushes', async () => {
    const cwd = await project()
    const repo = `cli/buildah-${Date.now().toString(36)}`
    // PATH without any docker client: what a GitLab job without docker:dind has.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'cli-bin-'))
    for (const tool of ['buildah', 'git', 'tar']) {
      const found = (await runTool('sh', ['-c', `command -v ${tool}`])).stdout.trim()
      await runTool('ln', ['-s', found, path.join(bin, tool)])
    }
    const run = await cli(
      [
        '--images',
        `${shared.registry.host}/${repo}`,
        '--tags',
        'type=ref,event=branch',
        '--push',
        '--cache',
        'none',
        '--reuse',
        'false',
        '--json'
      ],
      {...GITLAB, CI_COMMIT_BRANCH: 'main', PATH: bin, STORAGE_DRIVER: 'vfs', BUILDAH_ISOLATION: 'chroot'},
      cwd
    )
    expect(run.status, run.stderr).toBe(0)
    expect((JSON.parse(run.stdout) as Record<string, string>).metadata).toContain('"engine":"buildah"')
    expect(await skopeoListTags(shared.registry, repo)).toEqual(['main'])
  })

  test('interrupted (SIGINT) during the build: exits 1, stops the engine, leaves no temp file', async () => {
    const cwd = await project()
    await writeFile(path.join(cwd, 'Dockerfile'), `ARG BASE\nFROM \${BASE}\nRUN sleep 30\n`)
    const run = await cli(
      [
        '--images',
        `${shared.registry.host}/cli/interrupted`,
        '--build-args',
        `BASE=${shared.base}`,
        '--push',
        '--cache',
        'none',
        '--reuse',
        'false'
      ],
      {...GITLAB, CI_COMMIT_BRANCH: 'main'},
      cwd,
      log => /RUN sleep 30/.test(log)
    )
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^Error: cancelled \(SIGINT\)$/m)
    expect(run.leftInTmp).toEqual([])
    const ps = await runTool('ps', ['-eo', 'args'])
    expect(
      ps.stdout.split('\n').filter(line => line.includes('cli/interrupted') && !line.includes('ps -eo'))
    ).toEqual([])
  })
})
