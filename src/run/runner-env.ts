import {readFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** What the Actions runner hands every step, read once. */
export interface RunnerEnv {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly workspace: string
  readonly temp: string
  readonly payload: Record<string, unknown>
}

async function readPayload(file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {}
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export async function readRunnerEnv(env: NodeJS.ProcessEnv): Promise<RunnerEnv> {
  return {
    env,
    workspace: path.resolve(env.GITHUB_WORKSPACE || process.cwd()),
    temp: path.resolve(env.RUNNER_TEMP || os.tmpdir()),
    payload: await readPayload(env.GITHUB_EVENT_PATH)
  }
}
