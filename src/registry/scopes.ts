import {repositoryScope} from './challenge.js'

/** Token scopes per kind of operation (distribution asks `delete` for DELETE, `pull,push` for writes). */
export const scopes = {
  pull: (repository: string): string[] => [repositoryScope(repository, ['pull'])],
  push: (repository: string): string[] => [repositoryScope(repository, ['pull', 'push'])],
  delete: (repository: string): string[] => [repositoryScope(repository, ['delete'])],
  mount: (repository: string, from: string): string[] => [
    repositoryScope(repository, ['pull', 'push']),
    repositoryScope(from, ['pull'])
  ]
}

/** Path segment of a repository-relative endpoint: `/v2/<name>/<rest>`; names never need escaping once validated. */
export function v2(repository: string, rest: string): string {
  return `/v2/${repository}/${rest}`
}
