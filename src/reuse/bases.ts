/** The images a build reads (pure), and their digests as the registry holds them now (shell). */
import {logicalLines, parseStages, stagesToBuild} from '../dockerfile/parse.js'
import {toMessage} from '../shared/errors.js'
import {connectRegistry, parseReference} from '../registry/index.js'
import type {CredentialStore} from '../registry/index.js'
import type {BaseImage} from './hash.js'

export type ExternalImages = {readonly images: readonly string[]} | {readonly error: string}

/** `# syntax=<image>` picks the frontend that builds the Dockerfile: an input like any base image. */
function syntaxImage(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const directive = /^#\s*syntax\s*=\s*(\S+)/i.exec(line.trim())
    if (directive) return directive[1]
    if (!/^#\s*\w+\s*=/.test(line.trim())) break
  }
  return undefined
}

/** `ADD <url>` / `ADD <git>` read content the hash cannot see. */
function remoteAdd(text: string): string | undefined {
  for (const line of logicalLines(text)) {
    const [keyword = '', ...words] = line.split(/\s+/)
    if (keyword.toUpperCase() !== 'ADD') continue
    const remote = words.find(w => !w.startsWith('--') && /^(https?:\/\/|git@|git:\/\/)/.test(w))
    if (remote) return remote
  }
  return undefined
}

/** The images the stages of `target` read, or why the hash cannot cover the build. */
export function externalImages(
  dockerfile: string,
  buildArgs: readonly string[],
  target?: string
): ExternalImages {
  const remote = remoteAdd(dockerfile)
  if (remote) return {error: `ADD ${remote} reads content from the network`}
  const stages = stagesToBuild(parseStages(dockerfile, buildArgs), target)
  if (stages.length === 0) return {error: target ? `no stage named ${target}` : 'the Dockerfile has no FROM'}
  const images = new Set(stages.flatMap(stage => stage.images))
  const syntax = syntaxImage(dockerfile)
  if (syntax) images.add(syntax)
  for (const image of images) {
    if (image === '' || /[$]/.test(image)) return {error: `a FROM image is empty or unresolved ('${image}')`}
  }
  return {images: [...images].sort()}
}

/** Resolves each image to its digest with the login credentials; any failure means no reuse. */
export async function resolveBases(
  images: readonly string[],
  credentials: CredentialStore | undefined
): Promise<{bases: BaseImage[]} | {error: string}> {
  const clients = new Map<string, ReturnType<typeof connectRegistry>>()
  try {
    const bases = await Promise.all(
      images.map(async image => {
        const ref = parseReference(image)
        if (ref.digest) return {ref: image, digest: ref.digest}
        let client = clients.get(ref.registry)
        if (!client) {
          client = connectRegistry({registry: ref.registry, credentials})
          clients.set(ref.registry, client)
        }
        const found = await (await client).headManifest(ref.repository, ref.tag ?? 'latest')
        if (!found) throw new Error(`${image} is not in its registry`)
        return {ref: image, digest: found.digest}
      })
    )
    return {bases}
  } catch (error: unknown) {
    return {error: `could not resolve a base image: ${toMessage(error)}`}
  }
}
