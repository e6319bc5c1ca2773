import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {stopPrograms} from '../../src/shell/programs.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function startSleep(): {pid: number; ended: Promise<void>} {
  const child = spawn('sleep', ['60'], {stdio: 'ignore'})
  return {pid: child.pid as number, ended: new Promise(resolve => child.on('exit', () => resolve()))}
}

describe('post stops what a cancelled main left running', () => {
  it('kills a program still running as main recorded it, and waits until it is gone', async () => {
    const sleeping = startSleep()
    const stopped = await stopPrograms([{pid: sleeping.pid, command: 'sleep'}])
    expect(stopped).toEqual([`sleep (${sleeping.pid})`])
    await sleeping.ended
    expect(alive(sleeping.pid)).toBe(false)
  })

  it('leaves alone a pid that now runs another program, and one that has ended', async () => {
    const sleeping = startSleep()
    const ended = startSleep()
    process.kill(ended.pid, 'SIGKILL')
    await ended.ended
    const stopped = await stopPrograms([
      {pid: sleeping.pid, command: '/usr/bin/docker'},
      {pid: ended.pid, command: 'sleep'}
    ])
    expect(stopped).toEqual([])
    expect(alive(sleeping.pid)).toBe(true)
    process.kill(sleeping.pid, 'SIGKILL')
  })
})
