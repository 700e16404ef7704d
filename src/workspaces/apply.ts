import {existsSync} from 'node:fs'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {changedFiles} from './changed-files.js'
import {git, gitRaw, line} from './git.js'
import {isRunning, type WorkspaceRegistry} from './registry.js'
import {snapshotWorkingTree} from './snapshot.js'
import type {ChangedFile, WorkspaceRecord} from './schema.js'

/** An apply that changed nothing: the files that conflict, or that the user has uncommitted changes in. */
export class WorkspaceConflictError extends CodexMcpError {
  constructor(
    message: string,
    readonly files: string[],
    fix: string,
  ) {
    super(message, {kind: 'conflict', fix})
  }
}

export interface ApplyResult {
  workspace: WorkspaceRecord
  /** What changed in the user's tree (the agent's changes since the last apply). */
  files: ChangedFile[]
}

/** Paths with uncommitted changes in the user's tree, untracked files included (`git status -z`). */
async function dirtyPaths(repoRoot: string): Promise<Set<string>> {
  const fields = (await git(repoRoot, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'])).split('\0')
  const paths = new Set<string>()
  for (const field of fields) if (field.length > 3) paths.add(field.slice(3))
  return paths
}

/** Whether `file` in the working tree is the same as in `commit` (both absent counts). */
async function holdsVersionOf(repoRoot: string, commit: string, file: string): Promise<boolean> {
  const blob = await gitRaw(repoRoot, ['rev-parse', '--verify', '--quiet', `${commit}:${file}`])
  if (!existsSync(path.join(repoRoot, file))) return blob.exitCode !== 0
  if (blob.exitCode !== 0) return false
  return line(await git(repoRoot, ['hash-object', '--', file])) === line(blob.stdout)
}

const runningError = (record: WorkspaceRecord) =>
  new CodexMcpError(`Workspace ${record.workspaceId} is still running an agent.`, {
    kind: 'invalid-input',
    fix: 'Wait for the agent to finish (or cancel it), then try again.',
  })

/**
 * Brings the agent's changes since the last apply into the working tree the agent started from, as uncommitted
 * changes, by a 3-way merge (so it works after that tree moved on). Atomic: either every change applies, or
 * nothing changes and a `conflict` error lists the files. Refuses when the user has uncommitted changes in a
 * file the agent changed.
 */
export async function applyWorkspace(registry: WorkspaceRegistry, workspaceId: string): Promise<ApplyResult> {
  const record = registry.require(workspaceId)
  if (isRunning(record)) throw runningError(record)
  const from = record.appliedCommit ?? record.baseCommit
  const repoRoot = record.repoRoot
  const files = await changedFiles(repoRoot, from, record.commit)
  if (files.length === 0) {
    const updated = {...record, appliedCommit: record.commit}
    registry.save(updated)
    return {workspace: updated, files}
  }

  const dirty = await dirtyPaths(repoRoot)
  const touched = files.flatMap((file) => [file.path, ...(file.oldPath ? [file.oldPath] : [])])
  const overlapping: string[] = []
  for (const file of [...new Set(touched.filter((file) => dirty.has(file)))].sort()) {
    // A file that still holds exactly what the last apply put there is not the user's change.
    if (!(record.appliedCommit && (await holdsVersionOf(repoRoot, record.appliedCommit, file)))) overlapping.push(file)
  }
  if (overlapping.length > 0) {
    throw new WorkspaceConflictError(
      `Not applied: you have uncommitted changes in ${overlapping.length === 1 ? 'a file' : 'files'} the agent also changed: ${overlapping.join(', ')}. Nothing was changed.`,
      overlapping,
      `Commit, stash or revert your changes to ${overlapping.join(', ')} in ${repoRoot}, then apply workspace ${record.workspaceId} again.`,
    )
  }

  // Ours is what the user's tree holds now (HEAD plus uncommitted changes to tracked files), as a commit whose
  // parent is the last applied state: then git's merge base is exactly that, whatever HEAD did since.
  const oursTree = (await snapshotWorkingTree(repoRoot)).tree
  const ours = line(await git(repoRoot, ['commit-tree', oursTree, '-p', from, '-m', 'codex-mcp: your working tree']))
  const merge = await gitRaw(repoRoot, ['merge-tree', '--write-tree', '--name-only', '-z', ours, record.commit])
  const [mergedTree, ...rest] = merge.stdout.split('\0')
  if (merge.exitCode === 1) {
    const conflicts = [...new Set(rest.slice(0, Math.max(0, rest.indexOf(''))))].sort()
    throw new WorkspaceConflictError(
      `Not applied: the agent's changes conflict with your tree in ${conflicts.join(', ') || 'some files'}. Nothing was changed.`,
      conflicts,
      `Resolve it by hand: git -C ${repoRoot} merge --no-commit ${record.branch} (or ask the agent, with reply_agent, to redo its change on top of yours), or discard the workspace.`,
    )
  }
  if (merge.exitCode !== 0) {
    throw new CodexMcpError(`git merge-tree failed in ${repoRoot}: ${merge.stderr.trim().split('\n').at(-1)}`, {
      kind: 'git-failed',
      fix: 'apply needs git 2.38 or newer (git merge-tree --write-tree); check `git --version`.',
    })
  }
  const patch = await git(repoRoot, ['diff', '--binary', '--full-index', '--no-ext-diff', '--no-textconv', '--no-color', '--no-renames', oursTree, line(mergedTree), '--'])
  if (patch.trim() !== '') {
    // Not `apply --intent-to-add`: git 2.39 writes an index of the new files only with it.
    const applied = await gitRaw(repoRoot, ['apply', '--binary', '--whitespace=nowarn', '-'], {input: patch})
    if (applied.exitCode !== 0) {
      const failedFiles = [...applied.stderr.matchAll(/error: (?:patch failed: |)([^:\n]+)(?::\d+)?: /g)].map((match) => match[1])
      throw new WorkspaceConflictError(
        `Not applied: your tree changed while applying (${applied.stderr.trim().split('\n')[0]}). Nothing was changed.`,
        [...new Set(failedFiles)],
        `Try again: codex-mcp workspaces apply ${record.workspaceId}`,
      )
    }
  }
  // New files as intent-to-add, so `git diff` shows them with the rest of the agent's changes.
  const added = files.filter((file) => file.status === 'added' || file.status === 'renamed').map((file) => file.path)
  if (added.length > 0) await gitRaw(repoRoot, ['add', '--intent-to-add', '--', ...added])
  const updated = {...record, appliedCommit: record.commit}
  registry.save(updated)
  return {workspace: updated, files}
}
