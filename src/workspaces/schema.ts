import * as z from 'zod'

/** Zod only, no imports from the rest of codex-mcp: the runner's outcome schema and the workspace library share it. */

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

export const workspaceIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}$/, 'must be a workspaceId as returned by an isolated agent (8 hex digits)')
  .describe('The workspaceId from an isolated agent\'s result (or list_workspaces).')

/** One workspace in the registry (`<stateDir>/workspaces/<id>.json`). */
export const workspaceRecordSchema = workspaceInfoSchema.extend({
  /** Where the agent runs inside the worktree (the requested cwd's place in the repository). */
  agentCwd: z.string(),
  state: z.enum(['running', 'finished']),
  agentStatus: z.enum(['succeeded', 'failed', 'cancelled']).optional(),
  /** The commit last applied to repoRoot: the merge base of the next apply. */
  appliedCommit: z.string().optional(),
  threadIds: z.array(z.string()),
  promptHead: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  serverPid: z.number().int(),
})
export type WorkspaceRecord = z.infer<typeof workspaceRecordSchema>

/** A workspace as list_workspaces / `workspaces list` show it. */
export const workspaceViewSchema = workspaceRecordSchema.omit({serverPid: true, agentCwd: true}).extend({
  applied: z.boolean().describe('Its latest commit has been applied.'),
  pending: z.boolean().describe('It holds changes that were never applied (discard or apply them).'),
})
export type WorkspaceView = z.infer<typeof workspaceViewSchema>
