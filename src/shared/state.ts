/** Names under which main hands things to post (GITHUB_STATE → STATE_*). */
export const StateKey = {
  /** Private temp dir under RUNNER_TEMP that post removes. */
  tempDir: 'temp-dir',
  /** Builders main created (JSON list of CreatedBuilder): post removes them. */
  builders: 'builders',
  /** Programs a cancelled main could not see end (JSON list of {pid, command}): post stops them first. */
  programs: 'programs'
} as const

export type StateKey = (typeof StateKey)[keyof typeof StateKey]
