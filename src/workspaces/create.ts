import {randomBytes} from 'node:crypto'
import {realpathSync} from 'node:fs'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {isDirectory} from '../runner/is-directory.js'
import {git, gitRaw, line} from './git.js'
import {snapshotWorkingTree} from './snapshot.js'
import type {WorkspaceRegistry} from './registry.js'
import type {WorkspaceRecord} from './schema.js'

/** `Fix the login bug!` → `fix-the-login-bug`: safe in a branch name. */
export function branchSlug(prompt: string, max = 40): string {
  const slug = (prompt.trim().split('\n')[0] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '')
  return slug || 'agent'
}

export const promptHead = (prompt: string, max = 120) => {
  const text = prompt.trim().replace(/\s+/g, ' ')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** The repository root of `cwd`, or a clear `invalid-input` error. */
export async function repositoryOf(cwd: string): Promise<string> {
  if (!isDirectory(cwd)) {
    throw new CodexMcpError(`Working directory does not exist or is not a directory: ${cwd}`, {kind: 'bad-cwd', fix: 'Pass an existing directory as cwd.'})
  }
  const top = await gitRaw(cwd, ['rev-parse', '--show-toplevel'])
  if (top.exitCode !== 0 || line(top.stdout) === '') {
    throw new CodexMcpError(`isolation "worktree" needs a git repository, and ${cwd} is not in one.`, {
      kind: 'invalid-input',
      fix: `Run the agent in a git repository (git init && git add -A && git commit -m init in ${cwd}), or use isolation "none".`,
    })
  }
  return line(top.stdout)
}

const queues = new Map<string, Promise<unknown>>()

/** Runs `task` after every earlier task queued under `key` (in this process) has settled. */
function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => {}).then(task)
  const tail = run.catch(() => {})
  queues.set(key, tail)
  void tail.then(() => queues.get(key) === tail && queues.delete(key))
  return run
}

/**
 * A new worktree for one agent, on a new branch `codex-mcp/<id>-<slug>` under the state directory, starting
 * from what the user sees now: HEAD plus their uncommitted changes to tracked files (as one commit on top of
 * HEAD, so the agent's own changes can be told apart). Untracked files are not carried over.
 */
export async function createWorkspace(registry: WorkspaceRegistry, init: {cwd: string; prompt: string}): Promise<WorkspaceRecord> {
  const repoRoot = await repositoryOf(init.cwd)
  const head = await gitRaw(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])
  if (head.exitCode !== 0) {
    throw new CodexMcpError(`isolation "worktree" needs a commit to start from, and the repository ${repoRoot} has none yet.`, {
      kind: 'invalid-input',
      fix: `Make a first commit in ${repoRoot} (git add -A && git commit -m init), or use isolation "none".`,
    })
  }
  const snapshot = await snapshotWorkingTree(repoRoot)
  const baseCommit = snapshot.dirty
    ? line(await git(repoRoot, ['commit-tree', snapshot.tree, '-p', snapshot.head, '-m', `codex-mcp: your uncommitted changes in ${repoRoot}`]))
    : snapshot.head

  registry.ensureDirs()
  let workspaceId = randomBytes(4).toString('hex')
  while (registry.get(workspaceId)) workspaceId = randomBytes(4).toString('hex')
  const branch = `codex-mcp/${workspaceId}-${branchSlug(init.prompt)}`
  const worktree = path.join(registry.worktreesDir, workspaceId)
  // Writing the files is the cost. (Parallel checkout, checkout.workers=0, was slower on a busy 2-core machine.)
  // One at a time per repository: concurrent `git worktree add`s read each other's half-written
  // .git/worktrees/<id> ("failed to read …/commondir"), and a batch starts its agents together.
  await oneAtATime(repoRoot, () => git(repoRoot, ['worktree', 'add', '--quiet', '-b', branch, worktree, baseCommit]))

  const relative = path.relative(repoRoot, realpathSync(init.cwd))
  const now = new Date().toISOString()
  const record: WorkspaceRecord = {
    workspaceId,
    branch,
    path: worktree,
    repoRoot,
    baseCommit,
    commit: baseCommit,
    changedFiles: [],
    agentCwd: relative && !relative.startsWith('..') ? path.join(worktree, relative) : worktree,
    state: 'running',
    threadIds: [],
    promptHead: promptHead(init.prompt),
    createdAt: now,
    updatedAt: now,
    serverPid: process.pid,
  }
  registry.save(record)
  return record
}
