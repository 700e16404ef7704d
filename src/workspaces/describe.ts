import type {ChangedFile, WorkspaceInfo, WorkspaceView} from './schema.js'

/** "pending", "applied", "no changes" or "running", plus how the agent ended when it did not succeed. */
export const workspaceState = (ws: WorkspaceView) =>
  `${ws.state === 'running' ? 'running' : ws.applied ? 'applied' : ws.pending ? 'pending' : 'no changes'}${ws.agentStatus && ws.agentStatus !== 'succeeded' ? ` (agent ${ws.agentStatus})` : ''}`

const STATUS_LETTER: Record<ChangedFile['status'], string> = {added: 'A', modified: 'M', deleted: 'D', renamed: 'R'}

export function fileLine(file: ChangedFile): string {
  const counts = file.additions === undefined ? '' : ` (+${file.additions} -${file.deletions ?? 0})`
  return `${STATUS_LETTER[file.status]} ${file.oldPath ? `${file.oldPath} → ` : ''}${file.path}${counts}`
}

/** What an agent changed, as text for a person or the calling model. Undefined when there is nothing to say. */
export function describeChanges(outcome: {workspace?: WorkspaceInfo; changedFiles?: ChangedFile[]; changedFilesBestEffort?: boolean}, how: 'mcp' | 'cli' = 'mcp'): string | undefined {
  const ws = outcome.workspace
  if (ws) {
    const files = ws.changedFiles.length === 0 ? 'no files changed' : `${ws.changedFiles.length} file${ws.changedFiles.length === 1 ? '' : 's'} changed:\n${ws.changedFiles.map((file) => `  ${fileLine(file)}`).join('\n')}`
    const next =
      ws.changedFiles.length === 0
        ? ''
        : how === 'mcp'
          ? `\nApply to ${ws.repoRoot}: apply_workspace {"workspaceId": "${ws.workspaceId}"}; or discard_workspace.`
          : `\nApply to ${ws.repoRoot}: codex-mcp workspaces apply ${ws.workspaceId} (or discard ${ws.workspaceId})`
    return `Workspace ${ws.workspaceId} (branch ${ws.branch}, ${ws.path}): ${files}${next}`
  }
  if (outcome.changedFiles && outcome.changedFiles.length > 0) {
    return `Files changed by Codex's edits (best effort; files written by shell commands are not listed):\n${outcome.changedFiles.map((file) => `  ${fileLine(file)}`).join('\n')}`
  }
  return undefined
}

export interface Overlap<K> {
  path: string
  agents: K[]
}

export function describeOverlaps<K>(overlaps: Array<Overlap<K>>, label: (key: K) => string): string | undefined {
  if (overlaps.length === 0) return undefined
  return `Overlaps: ${overlaps.length} file${overlaps.length === 1 ? ' was' : 's were'} changed by more than one agent:\n${overlaps.map((o) => `  ${o.path}: ${o.agents.map(label).join(', ')}`).join('\n')}`
}
