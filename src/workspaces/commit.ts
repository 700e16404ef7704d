import {changedFiles} from './changed-files.js'
import {git, gitRaw, line} from './git.js'
import type {WorkspaceRegistry} from './registry.js'
import type {WorkspaceRecord} from './schema.js'

export interface CommitInit {
  prompt: string
  threadId?: string
  agentStatus: NonNullable<WorkspaceRecord['agentStatus']>
}

/** `Fix the login bug` (+ a note when the agent did not succeed) and a trailer with the Codex thread id. */
export function commitMessage(init: CommitInit): string {
  const first = init.prompt.trim().split('\n')[0].replace(/\s+/g, ' ') || 'Codex agent'
  const subject = first.length > 72 ? `${first.slice(0, 71)}…` : first
  const note = init.agentStatus === 'succeeded' ? '' : `\n\nPartial work: the agent ${init.agentStatus === 'cancelled' ? 'was cancelled' : 'failed'}.`
  return `${subject}${note}${init.threadId ? `\n\nCodex-Thread-Id: ${init.threadId}` : ''}\n`
}

/**
 * Commits whatever the agent left in its worktree (new files included, ignored ones not) on the workspace's
 * branch, and records the commit and the files changed since the base. Nothing to commit leaves the commit as is.
 */
export async function commitWorkspace(registry: WorkspaceRegistry, record: WorkspaceRecord, init: CommitInit): Promise<WorkspaceRecord> {
  await git(record.path, ['add', '--all'])
  const staged = await gitRaw(record.path, ['diff', '--cached', '--quiet'])
  if (staged.exitCode === 1) await git(record.path, ['commit', '--quiet', '--no-verify', '-F', '-'], {input: commitMessage(init)})
  // The agent may have committed by itself: HEAD is the truth either way.
  const commit = line(await git(record.path, ['rev-parse', 'HEAD']))
  const updated: WorkspaceRecord = {
    ...record,
    commit,
    changedFiles: await changedFiles(record.path, record.baseCommit, commit),
    state: 'finished',
    agentStatus: init.agentStatus,
    threadIds: init.threadId && !record.threadIds.includes(init.threadId) ? [...record.threadIds, init.threadId] : record.threadIds,
  }
  registry.save(updated)
  return updated
}
