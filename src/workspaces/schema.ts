import * as z from 'zod'

import {workspaceInfoSchema} from '../runner/workspace-info.js'

/** The workspace library's records and views; what an agent's outcome says about its workspace lives below, in the runner. */
export {changedFileSchema, type ChangedFile, workspaceInfoSchema, type WorkspaceInfo} from '../runner/workspace-info.js'

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
