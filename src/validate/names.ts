/**
 * Image names and other registry coordinates checked while planning (pure): `images` by the reference
 * grammar after metadata-action's lower-casing, `registry`, `cache-ref` and `promote-from` as written, so a
 * port out of range or a tag in an image name fails naming the input instead of at push.
 */
import {atLine, InputError, InputLineError} from '../shared/errors.js'
import {parseCacheRef} from '../cache/policy.js'
import {normalizeRegistry} from '../login/auths.js'
import {InvalidReferenceError} from '../registry/errors.js'
import {parseReference, registryHostProblem} from '../registry/reference.js'
import {parseImageLine, parseImages} from '../tags/images.js'
import {parseListEntries} from '../tags/list.js'
import {renderSample, templateProblem} from './templates.js'

const REPOSITORY_EXAMPLE = 'ghcr.io/owner/app'

/** Why `name` is not a repository name (`registry/path`, no tag, no digest), with the fix; undefined if it is. */
export function repositoryProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty (a stray comma?); remove it'
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(name)?.[0]
  if (scheme) return `it starts with '${scheme}'; write the name without it, e.g. ${REPOSITORY_EXAMPLE}`
  if (name.includes('@')) {
    return `it has a digest; name the repository only (e.g. ${REPOSITORY_EXAMPLE}): the tags come from the tags input`
  }
  const colon = name.lastIndexOf(':')
  if (colon > name.lastIndexOf('/')) {
    return (
      `it has a tag ('${name.slice(colon)}'); name the repository only (e.g. ${REPOSITORY_EXAMPLE}): the tags ` +
      'come from the tags input'
    )
  }
  try {
    parseReference(name)
  } catch (error: unknown) {
    if (error instanceof InvalidReferenceError) return `${error.detail}; write e.g. ${REPOSITORY_EXAMPLE}`
    throw error
  }
  return undefined
}

/**
 * `images`: every name, enabled or not, lower-cased as metadata-action does (so `ghcr.io/Owner/App`, what
 * `${{ github.repository }}` often gives, stays valid), must then be a repository name.
 */
export function checkImages(text: string): void {
  const entries = parseListEntries(text, 'images')
  const [only] = entries
  // One line may be the legacy comma form (`name/foo,name/bar`): several names on line 1.
  const named =
    entries.length === 1 && only
      ? atLine('images', only, () => parseImages([only.entry])).map(({name}) => ({name, line: only.line}))
      : entries.map(entry => ({
          name: atLine('images', entry, () => parseImageLine(entry.entry)).name,
          line: entry.line
        }))
  for (const {name, line} of named) {
    const problem = repositoryProblem(name.toLowerCase())
    if (problem) throw new InputLineError('images', line, `'${name}' is not an image name: ${problem}`)
  }
}

/** `registry`: a host, `host:port`, or Docker Hub's aliases (with a scheme, as docker/login-action takes it). */
export function checkRegistry(value: string): void {
  if (value.trim() === '') return
  const problem = registryHostProblem(normalizeRegistry(value))
  if (problem) {
    throw new InputError('registry', `${problem}; write a host such as ghcr.io or registry.example.com:5000`)
  }
}

/** `cache-ref`: a repository, optionally `:prefix` for its tags. */
export function checkCacheRef(value: string): void {
  if (value === '') return
  const parsed = parseCacheRef(value)
  if ('error' in parsed) throw new InputError('cache-ref', parsed.error)
  const problem = repositoryProblem(parsed.repository)
  if (problem) throw new InputError('cache-ref', `'${value}' is not a cache repository: ${problem}`)
}

/** `promote-from`: an image reference, with the tag rules' global expressions ({{sha}}, …). */
export function checkPromoteFrom(value: string): void {
  if (value === '') return
  const problem = templateProblem(value, 'global')
  if (problem) throw new InputError('promote-from', `'${value}': ${problem}`)
  try {
    parseReference(renderSample(value, 'global'))
  } catch (error: unknown) {
    if (!(error instanceof InvalidReferenceError)) throw error
    throw new InputError(
      'promote-from',
      `'${value}' is not an image reference: ${error.detail}; write e.g. ghcr.io/o/app:sha-{{sha}}`
    )
  }
}

const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob']

/**
 * `cache-from` / `cache-to` lines as buildx takes them: `type=<backend>,…` with a known backend, a registry
 * backend's `ref=` an image reference, or a bare image reference (a registry cache to read).
 */
export function checkCacheLines(
  input: 'cache-from' | 'cache-to',
  lines: readonly string[],
  lineNumbers: readonly number[]
): void {
  lines.forEach((text, index) => {
    const line = lineNumbers[index] ?? index + 1
    const fields = new Map(
      text.split(',').map(field => {
        const eq = field.indexOf('=')
        return eq === -1 ? [field.trim(), ''] : [field.slice(0, eq).trim(), field.slice(eq + 1).trim()]
      })
    )
    const bare = !text.includes('=')
    const type = bare ? 'registry' : (fields.get('type') ?? '')
    if (!CACHE_TYPES.includes(type)) {
      throw new InputLineError(
        input,
        line,
        `'${text}' ${type ? `has the type '${type}', which is not a cache backend` : 'has no type='}; write ` +
          `type=${CACHE_TYPES.join('|')} (e.g. type=registry,ref=ghcr.io/owner/app:buildcache)`
      )
    }
    const ref = bare ? text : fields.get('ref')
    if (type !== 'registry' || ref === undefined) return
    try {
      parseReference(ref)
    } catch (error: unknown) {
      if (!(error instanceof InvalidReferenceError)) throw error
      throw new InputLineError(
        input,
        line,
        `'${text}': '${ref}' is not an image reference: ${error.detail}; write e.g. ref=ghcr.io/owner/app:buildcache`
      )
    }
  })
}
