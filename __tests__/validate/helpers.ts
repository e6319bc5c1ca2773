import {InputError} from '../../src/shared/errors.js'

/** The message of the InputError `fn` throws (fails the test when it throws nothing, or something else). */
export function refusal(fn: () => unknown): string {
  try {
    fn()
  } catch (error: unknown) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('expected an InputError, nothing was thrown')
}

/** The same for a promise. */
export async function asyncRefusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
  } catch (error: unknown) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('expected an InputError, nothing was thrown')
}
