/** A problem with what the user wrote: the message names the input and how to fix it. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string
  ) {
    super(`input '${input}': ${detail}`)
    this.name = 'InputError'
  }
}

/** A command that exited non-zero; keeps the tail of stderr because that is where engines say why. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly stderrTail: string
  ) {
    super(`${command} exited with code ${exitCode}${stderrTail ? `:\n${stderrTail}` : ''}`)
    this.name = 'CommandError'
  }
}

/** Anything thrown, including non-Error values, as a message (a bare string throw must still fail the step). */
export function toMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
