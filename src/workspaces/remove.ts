import {existsSync, rmSync} from 'node:fs'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {gitRaw} from './git.js'
import {isRunning, toView, type WorkspaceRegistry} from './registry.js'
import type {WorkspaceRecord, WorkspaceView} from './schema.js'

/** Removes a workspace's worktree, branch and record. Its unapplied changes are gone for good. */
export async function discardWorkspace(registry: WorkspaceRegistry, workspaceId: string): Promise<WorkspaceView> {
  const record = registry.require(workspaceId)
  if (isRunning(record)) {
    throw new CodexMcpError(`Workspace ${record.workspaceId} is still running an agent.`, {
      kind: 'invalid-input',
      fix: 'Wait for the agent to finish (or cancel it), then discard it.',
    })
  }
  await removeWorkspace(registry, record)
  return toView(record)
}

async function removeWorkspace(registry: WorkspaceRegistry, record: WorkspaceRecord): Promise<void> {
  const repoKnown = existsSync(record.repoRoot)
  if (repoKnown) await gitRaw(record.repoRoot, ['worktree', 'remove', '--force', '--force', record.path])
  // Only ever delete inside our own worktrees directory, whatever a record says.
  const inside = path.relative(registry.worktreesDir, record.path)
  if (existsSync(record.path) && inside && !inside.startsWith('..') && !path.isAbsolute(inside)) rmSync(record.path, {recursive: true, force: true})
  if (repoKnown) {
    await gitRaw(record.repoRoot, ['worktree', 'prune'])
    await gitRaw(record.repoRoot, ['branch', '-D', '--quiet', record.branch])
  }
  registry.remove(record.workspaceId)
}

export interface PruneResult {
  removed: WorkspaceView[]
  kept: Array<WorkspaceView & {reason: string}>
}

/**
 * Removes the worktrees and branches of workspaces with nothing left to apply (applied, or no changes at all);
 * reports the others. Nothing with unapplied changes is removed.
 */
export async function pruneWorkspaces(registry: WorkspaceRegistry): Promise<PruneResult> {
  const result: PruneResult = {removed: [], kept: []}
  for (const record of registry.list()) {
    const view = toView(record)
    if (view.state === 'running') result.kept.push({...view, reason: 'an agent is running in it'})
    else if (view.pending) result.kept.push({...view, reason: `unapplied changes in ${record.changedFiles.length} file(s): apply or discard it`})
    else {
      await removeWorkspace(registry, record)
      result.removed.push(view)
    }
  }
  return result
}
