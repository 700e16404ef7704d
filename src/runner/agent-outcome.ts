import * as z from 'zod'

import {errorKinds, toCodexMcpError} from '../errors.js'
import {changedFileSchema, workspaceInfoSchema} from './workspace-info.js'
import {approvalRecordSchema} from './engines/approvals.js'
import type {AgentRun, RunHooks} from './engines/types.js'
import {runAgent} from './engines/index.js'
import type {RunOptions} from './run-options.js'

export const usageOutputSchema = z.object({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  reasoningOutputTokens: z.number(),
  totalTokens: z.number(),
})

export const agentErrorSchema = z.object({
  kind: z.enum(errorKinds).describe('Machine-readable failure kind, e.g. "timeout", "missing-env-key".'),
  message: z.string().describe('What went wrong, for the user and the calling model.'),
  retryable: z.boolean().describe('Whether running the same agent again may succeed.'),
  fix: z.string().optional().describe('How to fix it.'),
  stderrTail: z.string().optional().describe('The last lines Codex printed on stderr.'),
})

/**
 * One agent's outcome as a value: what `spawn --json`, MCP `structuredContent` and `results.json` carry.
 * `output` is the agent's complete final message.
 */
export const agentOutcomeSchema = z.object({
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  output: z.string().describe('The agent\'s final message, in full ("" when it failed).'),
  threadId: z.string().optional().describe('Codex thread id; continue it with reply_agent / spawn --resume.'),
  host: z.string().optional().describe('With hosts configured: the host whose exec-server ran the agent\'s commands (or the one it asked for).'),
  // Absent when Codex had none (killed, never started): strict output-schema validators reject `["number", "null"]`.
  exitCode: z.number().optional().describe('Codex\'s exit code, when it exited on its own.'),
  durationMs: z.number().describe('Wall time in milliseconds.'),
  usage: usageOutputSchema.optional().describe('Tokens used.'),
  diff: z.string().optional().describe('app-server engine: the unified diff of the files the agent edited with its patch tool (not files written by shell commands); capped at 100,000 characters.'),
  approvals: z.array(approvalRecordSchema).optional().describe('With approvals "ask": each request the agent made to go beyond its sandbox, and the decision.'),
  structured: z.unknown().optional().describe('With an outputSchema: the final message parsed as JSON.'),
  error: agentErrorSchema.optional(),
  workspace: workspaceInfoSchema.optional().describe('isolation "worktree": where the agent worked and exactly what it changed.'),
  changedFiles: z
    .array(changedFileSchema)
    .optional()
    .describe('Not isolated, in a git repository: files changed by Codex\'s own edits (best effort: files written by shell commands are missing).'),
  changedFilesBestEffort: z.literal(true).optional(),
  repoRoot: z.string().optional().describe('The repository changedFiles are relative to.'),
  outputTruncated: z.boolean().optional().describe('True when output is only the head of the final message (maxOutputChars); fullOutput says where the rest is.'),
  fullOutput: z
    .object({
      uri: z.string().describe('Resource with the full final message (resources/read).'),
      path: z.string().optional().describe('File with the full final message.'),
      chars: z.number().describe('Length of the full final message.'),
    })
    .optional(),
  notices: z.array(z.string()).optional().describe('What did not fail the agent but is worth knowing (e.g. a skipped over-long Codex event).'),
})
export type AgentOutcome = z.infer<typeof agentOutcomeSchema>

export function succeeded(run: AgentRun): AgentOutcome {
  return {
    status: 'succeeded',
    output: run.output,
    threadId: run.threadId,
    ...(typeof run.exitCode === 'number' ? {exitCode: run.exitCode} : {}),
    durationMs: run.durationMs,
    usage: run.usage,
    ...(run.notices ? {notices: run.notices} : {}),
    ...(run.diff ? {diff: run.diff} : {}),
    ...(run.approvals ? {approvals: run.approvals} : {}),
    ...(run.structured !== undefined ? {structured: run.structured} : {}),
  }
}

export function failed(error: unknown, durationMs: number): AgentOutcome {
  const err = toCodexMcpError(error)
  return {
    status: err.kind === 'cancelled' ? 'cancelled' : 'failed',
    output: '',
    threadId: err.threadId,
    ...(typeof err.exitCode === 'number' ? {exitCode: err.exitCode} : {}),
    durationMs,
    error: err.toJSON(),
  }
}

/** Runs an agent and never throws: the boundary where typed errors become values. */
export async function settleAgent(options: RunOptions, hooks: RunHooks = {}): Promise<AgentOutcome> {
  const started = Date.now()
  let host = options.host
  const placed = options.hosts ? {...hooks, onHost: (name: string) => ((host = name), hooks.onHost?.(name))} : hooks
  const withHost = (outcome: AgentOutcome): AgentOutcome => (host ? {...outcome, host} : outcome)
  try {
    return withHost(succeeded(await runAgent(options, placed)))
  } catch (error) {
    return withHost(failed(error, Date.now() - started))
  }
}
