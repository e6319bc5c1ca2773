import type {GitFacts} from '../ci/context.js'
import type {Exec} from '../shell/exec.js'

/** What the checkout in `cwd` says of itself; undefined outside a git checkout. */
export async function readGitFacts(exec: Exec, cwd: string): Promise<GitFacts | undefined> {
  const git = (...args: string[]) => exec('git', args, {cwd, allowFailure: true})
  const head = await git('rev-parse', 'HEAD')
  if (head.exitCode !== 0) return undefined
  const [branch, tags, originHead, remote] = await Promise.all([
    git('symbolic-ref', '--short', '-q', 'HEAD'),
    git('tag', '--points-at', 'HEAD', '--sort=-creatordate'),
    git('symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'),
    git('remote', 'get-url', 'origin')
  ])
  const defaultBranch = originHead.exitCode === 0 ? originHead.stdout.trim().replace(/^origin\//, '') : ''
  return {
    sha: head.stdout.trim(),
    branch: branch.exitCode === 0 ? branch.stdout.trim() : '',
    tags: tags.stdout
      .split('\n')
      .map(t => t.trim())
      .filter(Boolean),
    ...(defaultBranch ? {defaultBranch} : {}),
    ...(remote.exitCode === 0 && remote.stdout.trim() ? {remoteUrl: remote.stdout.trim()} : {})
  }
}
