import {describe, expect, test} from 'vitest'
import {parsePlatforms} from '../../src/build/platforms.js'
import {refusal} from './helpers.js'

const FIX = 'write os/arch[/variant], e.g. linux/amd64 or linux/arm/v7'

describe('platforms: os/arch[/variant], each with its line', () => {
  test.each<[string, string]>([
    ['!!!', `input 'platforms' line 1: '!!!' is not a platform; ${FIX}`],
    ['linux', `input 'platforms' line 1: 'linux' is not a platform; ${FIX}`],
    ['linux/arm/v7/x', `input 'platforms' line 1: 'linux/arm/v7/x' is not a platform; ${FIX}`],
    ['linux/amd64, linux /arm64', `input 'platforms' line 1: 'linux /arm64' is not a platform; ${FIX}`],
    [
      'linux/amd64\n# comment\nlinux/amd46',
      `input 'platforms' line 3: 'linux/amd46': 'amd46' is not an architecture (amd64, arm64, arm, 386, ppc64le, s390x, riscv64, …); ${FIX}`
    ],
    [
      'lnux/amd64',
      `input 'platforms' line 1: 'lnux/amd64': 'lnux' is not an operating system (linux, windows, …); ${FIX}`
    ],
    ['linux/arm/v7!', `input 'platforms' line 1: 'linux/arm/v7!' is not a platform; ${FIX}`]
  ])('%j', (value, message) => {
    expect(refusal(() => parsePlatforms(value))).toBe(message)
  })

  test('platforms as buildx takes them pass, aliases and case too', () => {
    expect(
      parsePlatforms(
        'linux/amd64, linux/arm64\nlinux/arm/v7,Linux/X86_64\n# linux/s390x\nwindows/amd64,local'
      )
    ).toEqual(['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'Linux/X86_64', 'windows/amd64', 'local'])
  })
})
