import {describe, expect, test} from 'vitest'
import {formatLine, newLogState} from '../../src/cli/log-format.js'
import {dotenv, parseFileCommands} from '../../src/cli/file-commands.js'

const NOW = 1_700_000_000
const ESC = '\u001b'

function format(lines: string[], to: 'github' | 'gitlab' | 'plain'): string[] {
  const state = newLogState()
  return lines.flatMap(line => formatLine(line, to, state, NOW) ?? [])
}

const LOG = [
  '::add-mask::s3cr3t',
  '::group::Plan',
  'Login: r.io as bot, password s3cr3t',
  '::endgroup::',
  '::warning::slow%0Asecond line',
  '::error::push of r.io/app:1 failed: s3cr3t rejected',
  '::debug::internal',
  '::notice::Read-only run'
]

describe("the action's log, as each CI shows it", () => {
  test('GitHub: unchanged (the runner masks and folds)', () => {
    expect(format(LOG, 'github')).toEqual(LOG)
  })

  test('GitLab: collapsible sections, plain messages, secrets masked', () => {
    expect(format(LOG, 'gitlab')).toEqual([
      `${ESC}[0Ksection_start:${NOW}:image_action_1[collapsed=true]\r${ESC}[0KPlan`,
      'Login: r.io as bot, password ***',
      `${ESC}[0Ksection_end:${NOW}:image_action_1\r${ESC}[0K`,
      'Warning: slow\nsecond line',
      'Error: push of r.io/app:1 failed: *** rejected',
      'Notice: Read-only run'
    ])
  })

  test('a terminal: plain text, secrets masked', () => {
    expect(format(LOG, 'plain')).toEqual([
      '== Plan',
      'Login: r.io as bot, password ***',
      'Warning: slow\nsecond line',
      'Error: push of r.io/app:1 failed: *** rejected',
      'Notice: Read-only run'
    ])
  })

  test('each line of a multi-line secret is masked', () => {
    expect(format(['::add-mask::line one%0Aline two', 'got line two'], 'plain')).toEqual(['got ***'])
  })
})

describe('outputs', () => {
  test('file commands: heredoc and name=value', () => {
    expect(parseFileCommands('digest=sha256:ab\ntags<<EOF_1\nr.io/app:1\nr.io/app:2\nEOF_1\n')).toEqual({
      digest: 'sha256:ab',
      tags: 'r.io/app:1\nr.io/app:2'
    })
  })

  test("dotenv for GitLab's artifacts:reports:dotenv: one line each", () => {
    expect(dotenv({digest: 'sha256:ab', 'tag-names': '1\n2', json: '{\n  "tags": ["a"]\n}'})).toBe(
      'DIGEST=sha256:ab\nTAG_NAMES=1,2\nJSON={"tags":["a"]}\n'
    )
  })
})
