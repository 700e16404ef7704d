import * as z from 'zod'

/**
 * What an isolated agent's outcome says about its workspace: data only (zod, no imports from codex-mcp), so the
 * runner's outcome schema carries it without knowing the workspace library above it (src/workspaces/).
 */

export const changedFileSchema = z.object({
  path: z.string().describe('Path relative to the repository root (the new path of a rename).'),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  oldPath: z.string().optional().describe('The path before a rename.'),
  additions: z.number().int().optional().describe('Lines added (0 for binary files; absent when best effort).'),
  deletions: z.number().int().optional().describe('Lines deleted (0 for binary files; absent when best effort).'),
})
export type ChangedFile = z.infer<typeof changedFileSchema>

/** What an isolated agent's result says about its workspace. */
export const workspaceInfoSchema = z.object({
  workspaceId: z.string().describe('Pass to apply_workspace / discard_workspace (CLI: codex-mcp workspaces apply <id>).'),
  branch: z.string().describe('The git branch holding the agent\'s commit.'),
  path: z.string().describe('The worktree the agent worked in.'),
  repoRoot: z.string().describe('The working tree the agent started from; apply brings the changes there.'),
  baseCommit: z.string().describe('What the agent started from: HEAD plus your uncommitted changes to tracked files at that time.'),
  commit: z.string().describe('The agent\'s commit (equal to baseCommit when it changed nothing).'),
  changedFiles: z.array(changedFileSchema).describe('Exactly what the agent changed (base → commit), not your own uncommitted changes.'),
})
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>
