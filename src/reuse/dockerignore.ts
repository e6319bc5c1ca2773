// The package is CommonJS: under NodeNext its default export arrives as a property of the default import.
import dockerignore from '@balena/dockerignore'

/** One ignore file's rules, with docker's semantics (moby/patternmatcher), from @balena/dockerignore. */
export interface IgnoreRules {
  readonly ignores: (file: string) => boolean
  /** Whether the file re-includes anything with `!`: then an ignored directory must still be walked. */
  readonly hasExceptions: boolean
}

export function parseDockerignore(text: string): IgnoreRules {
  const lines = text.split(/\r?\n/)
  const rules = dockerignore.default().add(lines)
  return {
    ignores: file => rules.ignores(file),
    hasExceptions: lines.some(line => line.trim().startsWith('!'))
  }
}

export function isIgnored(rules: IgnoreRules, file: string): boolean {
  return rules.ignores(file)
}

export interface IgnoreMatcher {
  readonly ignored: (file: string) => boolean
  /** Whether nothing below an ignored directory can be re-included (no `!` anywhere): skip walking it. */
  readonly prunable: boolean
}

/**
 * A matcher over several ignore files (`.dockerignore`, buildah's `.containerignore`, BuildKit's
 * `<Dockerfile>.dockerignore`): an engine honours one of them, so a path is left out of the hash only when
 * every one leaves it out — the hash then covers at least what any engine sees.
 */
export function ignoreMatcher(files: readonly string[]): IgnoreMatcher {
  const parsed = files.map(parseDockerignore)
  if (parsed.length === 0) return {ignored: () => false, prunable: true}
  return {
    ignored: file => parsed.every(rules => rules.ignores(file)),
    prunable: parsed.every(rules => !rules.hasExceptions)
  }
}
