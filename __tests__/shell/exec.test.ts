import {existsSync} from 'node:fs'
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {CommandError} from '../../src/shared/errors.js'
import {exec, runningPrograms, TIMEOUT_EXIT_CODE} from '../../src/shell/exec.js'

/** A node program that writes `marker` with the signals it got, and ignores them unless told to exit on one. */
async function signalProgram(
  dir: string,
  exitOn: 'SIGINT' | 'never'
): Promise<{script: string; marker: string}> {
  const script = path.join(dir, 'program.mjs')
  const marker = path.join(dir, 'signals.txt')
  await writeFile(
    script,
    `import {appendFileSync} from 'node:fs'
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => {
  appendFileSync(${JSON.stringify(marker)}, s + '\\n')
  if (${JSON.stringify(exitOn)} === s) process.exit(0)
})
process.stdout.write('ready\\n')
setInterval(() => undefined, 1000)
`
  )
  return {script, marker}
}

async function waitForReady(pid: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !pid(); i++) await new Promise(resolve => setTimeout(resolve, 50))
}

describe('exec', () => {
  it('returns what the program printed and its exit code', async () => {
    const result = await exec('sh', ['-c', 'echo out; echo err >&2; exit 3'], {allowFailure: true})
    expect(result).toEqual({exitCode: 3, stdout: 'out\n', stderr: 'err\n'})
  })

  it('throws a CommandError with the command and the tail of stderr on a non-zero exit', async () => {
    const failing = exec('sh', ['-c', 'echo why >&2; exit 2'])
    await expect(failing).rejects.toBeInstanceOf(CommandError)
    await expect(failing).rejects.toThrow('sh -c echo why >&2; exit 2 exited with code 2:\nwhy')
  })

  it('reports a program that is not on PATH as exit code 127', async () => {
    const result = await exec('no-such-program-here', [], {allowFailure: true})
    expect(result.exitCode).toBe(127)
    expect(result.stderr).toMatch(/^no-such-program-here: not found/)
  })

  it('writes the input to stdin and closes it', async () => {
    expect((await exec('cat', [], {input: 'secret\n'})).stdout).toBe('secret\n')
  })

  it('kills a program that runs past its time limit and says so', async () => {
    const result = await exec('sleep', ['30'], {timeoutMs: 300, allowFailure: true})
    expect(result).toMatchObject({exitCode: TIMEOUT_EXIT_CODE, timedOut: true})
    expect(result.stderr).toBe('killed after 0.3 s: its time limit\n')
  })

  it('stops a running program with SIGINT when the signal aborts, and throws its reason even with allowFailure', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-'))
    const {script, marker} = await signalProgram(dir, 'SIGINT')
    const controller = new AbortController()
    const running = exec(process.execPath, [script], {signal: controller.signal, allowFailure: true})
    await waitForReady(() => runningPrograms().some(p => p.command === process.execPath))
    await new Promise(resolve => setTimeout(resolve, 300))
    controller.abort(new Error('stop now'))
    await expect(running).rejects.toThrow('stop now')
    expect(await readFile(marker, 'utf8')).toBe('SIGINT\n')
    expect(runningPrograms()).toEqual([])
  })

  it('goes on to SIGTERM and SIGKILL when the program ignores SIGINT', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-'))
    const {script, marker} = await signalProgram(dir, 'never')
    const controller = new AbortController()
    const running = exec(process.execPath, [script], {signal: controller.signal})
    await waitForReady(() => runningPrograms().some(p => p.command === process.execPath))
    await new Promise(resolve => setTimeout(resolve, 300))
    const started = Date.now()
    controller.abort(new Error('stop now'))
    await expect(running).rejects.toThrow('stop now')
    expect(Date.now() - started).toBeLessThan(6_000)
    expect(await readFile(marker, 'utf8')).toBe('SIGINT\nSIGTERM\n')
  })

  it('starts nothing once the signal has aborted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'exec-'))
    const marker = path.join(dir, 'started')
    const controller = new AbortController()
    controller.abort(new Error('already stopped'))
    await expect(exec('touch', [marker], {signal: controller.signal, allowFailure: true})).rejects.toThrow(
      'already stopped'
    )
    expect(existsSync(marker)).toBe(false)
  })
})
