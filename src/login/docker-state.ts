import {lstat, readlink, stat, symlink, unlink} from 'node:fs/promises'
import path from 'node:path'

/**
 * What the docker CLI and buildx keep in the user's config dir besides config.json, shown inside the private
 * DOCKER_CONFIG by a symlink each, when present:
 * - `cli-plugins`: plugins there (setup-buildx-action's pinned buildx) win over /usr/libexec/docker/cli-plugins;
 * - `contexts`: `docker context` entries, which `currentContext` in config.json and BUILDX_BUILDER name;
 * - `ca.pem`, `cert.pem`, `key.pem`: the client TLS files `DOCKER_TLS_VERIFY` reads from the config dir when
 *   DOCKER_CERT_PATH is unset.
 * buildx's own state (`buildx/`) is shared through BUILDX_CONFIG instead, see {@link sharedDockerState}.
 */
export const SHARED_ENTRIES = ['cli-plugins', 'contexts', 'ca.pem', 'cert.pem', 'key.pem'] as const

export type SharedEntry = (typeof SHARED_ENTRIES)[number]

/** A symlink to create: `path` (inside the private dir) → `target` (the user's). */
export interface Link {
  readonly path: string
  readonly target: string
}

export interface SharedDockerState {
  /** The user's docker config dir: what docker would use without the private one. */
  readonly userDir: string
  readonly links: readonly Link[]
  /** Added to the private DOCKER_CONFIG for every engine command. */
  readonly env: {readonly BUILDX_CONFIG: string}
}

type Env = Readonly<Record<string, string | undefined>>

/**
 * The docker config dir as the docker CLI finds it: `$DOCKER_CONFIG` when set and not empty, else
 * `<home>/.docker`; a relative DOCKER_CONFIG is taken from `cwd`, made absolute so that commands started
 * elsewhere still find it.
 */
export function userDockerConfigDir(env: Env, home: string, cwd: string): string {
  return path.resolve(cwd, env.DOCKER_CONFIG || path.join(home, '.docker'))
}

/**
 * What a private DOCKER_CONFIG at `privateDir` needs so that docker behaves as it would with the user's own:
 * a link for each {@link SHARED_ENTRIES} name that exists in the user's dir (`present`), and BUILDX_CONFIG
 * pointing at the user's buildx state — `$BUILDX_CONFIG` when set, else `<user dir>/buildx`, where buildx
 * itself would look — so builders the user created or chose (`docker buildx use`, BUILDX_BUILDER) resolve.
 * BUILDX_CONFIG is set even when that dir does not exist yet: buildx creates it on first use, as it would
 * without the private dir, instead of keeping its state in the private dir that post removes.
 *
 * The buildx state is shared, not copied: a copy would hide from the user's later steps what buildx records
 * during the build, and a builder this step creates would be lost with the private dir, its BuildKit
 * container left running with nothing to remove it by. Shared, such a builder is visible in the user's
 * `docker buildx ls` until post removes it, which is harmless as long as the step creates it without
 * `--use` (the user's current builder never changes) and post removes it with `docker buildx rm`.
 *
 * No links when the user's dir is the private dir itself (nothing to share, and a link would point at itself).
 */
export function sharedDockerState(input: {
  readonly env: Env
  readonly home: string
  readonly cwd: string
  readonly privateDir: string
  readonly present: ReadonlySet<string>
}): SharedDockerState {
  const userDir = userDockerConfigDir(input.env, input.home, input.cwd)
  const privateDir = path.resolve(input.cwd, input.privateDir)
  const buildxConfig = input.env.BUILDX_CONFIG
    ? path.resolve(input.cwd, input.env.BUILDX_CONFIG)
    : path.join(userDir, 'buildx')
  const links =
    userDir === privateDir
      ? []
      : SHARED_ENTRIES.filter(name => input.present.has(name)).map(name => ({
          path: path.join(privateDir, name),
          target: path.join(userDir, name)
        }))
  return {userDir, links, env: {BUILDX_CONFIG: buildxConfig}}
}

/** Which of {@link SHARED_ENTRIES} exist in `dir` (a dangling symlink does not). */
export async function presentEntries(dir: string): Promise<Set<SharedEntry>> {
  const found = await Promise.all(
    SHARED_ENTRIES.map(async name =>
      (await stat(path.join(dir, name)).catch(() => undefined)) ? name : undefined
    )
  )
  return new Set(found.filter((name): name is SharedEntry => name !== undefined))
}

/**
 * Creates the links inside the private dir. The targets are only pointed at, never written: a link already
 * in place (a second login in the step) is replaced, and anything else in its place is an error rather than
 * something to delete. Removing the private dir later unlinks the links without following them.
 */
export async function createLinks(links: readonly Link[]): Promise<void> {
  for (const link of links) {
    const existing = await lstat(link.path).catch(() => undefined)
    if (existing) {
      if (!existing.isSymbolicLink()) throw new Error(`${link.path} exists and is not a symlink`)
      if ((await readlink(link.path)) === link.target) continue
      await unlink(link.path)
    }
    await symlink(link.target, link.path)
  }
}
