/** What the fake registry can be told to do, and how it answers in JSON. */
import type {ServerResponse} from 'node:http'

export interface FakeOptions {
  auth?: 'none' | 'basic' | 'bearer'
  username?: string
  password?: string
  /** Bearer: anonymous token requests get pull access (like public repos on Hub). */
  anonymousPull?: boolean
  tokenField?: 'token' | 'access_token'
  expiresIn?: number
  referrersApi?: boolean
  deleteEnabled?: boolean
  tagDelete?: boolean
  /** Tags paging: how the next page is announced. */
  link?: 'relative' | 'absolute' | 'none'
  ignoreLast?: boolean
  ignoreN?: boolean
  /** Omit Docker-Content-Digest on manifest HEAD. */
  headWithoutDigest?: boolean
  mount?: boolean
}

export function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): void {
  const body = JSON.stringify(value)
  res.writeHead(status, {'content-type': 'application/json', ...headers})
  res.end(body)
}
