/**
 * The action's log, written in GitHub's workflow commands (`::group::`, `::error::`, `::add-mask::`), for the
 * CI the CLI runs in (pure, line by line): GitHub keeps them; GitLab gets collapsible sections
 * (`section_start:<unix time>:<id>[collapsed=true]`) and plain messages; a terminal gets plain text. Outside
 * GitHub nobody else masks secrets, so `::add-mask::` values are replaced by `***` here.
 */
import type {LogFormat} from './args.js'

export interface LogState {
  readonly masks: string[]
  readonly sections: string[]
  counter: number
}

export function newLogState(): LogState {
  return {masks: [], sections: [], counter: 0}
}

/** GitHub's escaping of command data (`%25`, `%0D`, `%0A`), undone. */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function mask(text: string, masks: readonly string[]): string {
  let out = text
  for (const secret of masks) if (secret) out = out.split(secret).join('***')
  return out
}

const ESC = '\u001b'

/** One line of the action's stdout as the CI shows it; undefined: nothing to print. `now` in seconds. */
export function formatLine(
  line: string,
  format: LogFormat,
  state: LogState,
  now: number
): string | undefined {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
  if (command?.[1] === 'add-mask') {
    const secret = unescapeData(command[2] ?? '')
    // Each line of a multi-line secret too, as the runner masks them.
    for (const part of [secret, ...secret.split('\n')])
      if (part && !state.masks.includes(part)) state.masks.push(part)
    state.masks.sort((a, b) => b.length - a.length)
    return format === 'github' ? line : undefined
  }
  if (format === 'github') return line
  if (!command) return mask(line, state.masks)
  const [, name = '', data = ''] = command
  const text = mask(unescapeData(data), state.masks)
  switch (name) {
    case 'group': {
      if (format === 'plain') return `== ${text}`
      const id = `image_action_${++state.counter}`
      state.sections.push(id)
      return `${ESC}[0Ksection_start:${now}:${id}[collapsed=true]\r${ESC}[0K${text}`
    }
    case 'endgroup': {
      const id = state.sections.pop()
      return format === 'gitlab' && id ? `${ESC}[0Ksection_end:${now}:${id}\r${ESC}[0K` : undefined
    }
    case 'error':
      return `Error: ${text}`
    case 'warning':
      return `Warning: ${text}`
    case 'notice':
      return `Notice: ${text}`
    case 'debug':
      return undefined
    default:
      return mask(line, state.masks)
  }
}
