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

/**
 * An InputError about one line of a multi-line input: `input 'tags' line 3: <cause>; <fix>`. Line numbers
 * count the input as the runner hands it over (leading and trailing blank lines trimmed), from 1.
 */
export class InputLineError extends InputError {
  constructor(
    input: string,
    readonly line: number,
    readonly detail: string
  ) {
    super(input, detail)
    this.message = `input '${input}' line ${line}: ${detail}`
    this.name = 'InputError'
  }
}

/** The cause of an InputError without its `input '<name>': ` head, to say it again with a line number. */
export function causeOf(error: InputError): string {
  const head = `input '${error.input}': `
  return error.message.startsWith(head) ? error.message.slice(head.length) : error.message
}

/** One entry of a list input and the line it starts on. */
export interface Entry {
  readonly entry: string
  readonly line: number
}

/**
 * Runs `check` on one entry and gives an InputError it throws the entry's line number; anything else
 * passes through. The `line "<entry>": ` that the tag grammar's own messages start with is dropped: the
 * line number says where.
 */
export function atLine<T>(input: string, {entry, line}: Entry, check: () => T): T {
  try {
    return check()
  } catch (error: unknown) {
    if (!(error instanceof InputError) || error instanceof InputLineError || error.input !== input)
      throw error
    const cause = causeOf(error)
    const head = `line "${entry}": `
    throw new InputLineError(input, line, cause.startsWith(head) ? cause.slice(head.length) : cause)
  }
}
