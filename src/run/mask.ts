import * as core from '../shell/actions-runner.js'

/**
 * What to hand the runner for one secret (pure). `::add-mask::` is a one-line command: a value with a line
 * break would mask only its first line and print the rest into the log, so every line is masked on its own
 * (and its trimmed form, which is how a line usually shows up in a message).
 */
export function maskValues(secret: string): string[] {
  const lines = secret.split(/\r?\n/).flatMap(line => [line, line.trim()])
  return [...new Set(lines.filter(line => line.trim() !== ''))]
}

/** Masks a secret in the job log, line by line. */
export function maskSecret(secret: string): void {
  for (const value of maskValues(secret)) core.setSecret(value)
}
