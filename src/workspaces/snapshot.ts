import {copyFileSync, existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {git, gitRaw, line} from './git.js'

export interface Snapshot {
  head: string
  /** HEAD's tree with the working tree's changes to tracked files (staged or not) on top. */
  tree: string
  /** True when the tree differs from HEAD's. */
  dirty: boolean
}

/**
 * What the user sees now, as a git tree, without touching their index, working tree or stash: a copy of the
 * index, `git add -u` into the copy, `write-tree`. (`git stash create` would write the real index, and
 * parallel agents starting in one repository would race for its lock.)
 */
export async function snapshotWorkingTree(repoRoot: string): Promise<Snapshot> {
  const head = line(await git(repoRoot, ['rev-parse', '--verify', 'HEAD^{commit}']))
  const headTree = line(await git(repoRoot, ['rev-parse', 'HEAD^{tree}']))
  const index = path.resolve(repoRoot, line(await git(repoRoot, ['rev-parse', '--git-path', 'index'])))
  const scratch = mkdtempSync(path.join(tmpdir(), 'codex-mcp-index-'))
  try {
    const env = {GIT_INDEX_FILE: path.join(scratch, 'index')}
    if (existsSync(index)) copyFileSync(index, env.GIT_INDEX_FILE)
    else await git(repoRoot, ['read-tree', 'HEAD'], {env})
    await git(repoRoot, ['add', '--update', '--', '.'], {env})
    const written = await gitRaw(repoRoot, ['write-tree'], {env})
    if (written.exitCode !== 0) {
      throw new CodexMcpError(`Cannot take a snapshot of ${repoRoot}: ${written.stderr.trim().split('\n').at(-1)}`, {
        kind: 'invalid-input',
        fix: 'Finish or abort the merge in progress there (git status shows it), then try again.',
      })
    }
    const tree = line(written.stdout)
    return {head, tree, dirty: tree !== headTree}
  } finally {
    rmSync(scratch, {recursive: true, force: true})
  }
}
