import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import * as z from 'zod'

import {agentSettingsSchema, promptSchema} from '../../config/schema.js'
import {type AgentOutcome, agentOutcomeSchema} from '../../runner/agent-outcome.js'
import type {ServerContext} from '../context.js'
import {runToolAgent} from '../run-tool-agent.js'
import {agentToolResult} from '../tool-results.js'
import type {BlockingTool} from '../call-router.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import {taskHandlers} from '../task-handlers.js'

export const spawnAgentInputSchema = agentSettingsSchema.extend({prompt: promptSchema})

/** The structured result of a call that failed as a whole (the SDK rejected its arguments). */
export const agentCallFailure = (message: string): AgentOutcome => ({
  status: 'failed',
  output: '',
  durationMs: 0,
  error: {kind: 'invalid-input', message, retryable: false},
})

export const spawnAgentConfig = {
  title: 'Spawn a Codex agent',
  description: `Run one Codex CLI agent (codex exec) on a coding task and return its final message.
The call BLOCKS until the agent finishes (seconds to many minutes) and reports progress meanwhile. For several independent tasks use spawn_agents_parallel instead. If your client cuts tool calls off (Codex: tool_timeout_sec, default 60 s; Cursor: about 5 min), prefer a background tool when the server offers one (start_agent + wait_agents).
The agent works in the server's working directory (or \`cwd\`) and by default runs WITHOUT a sandbox and without approvals: it can edit files and run any command. Pass sandbox "read-only" for questions about the code.
On failure the result has isError and error {kind, message, fix}. The threadId of a finished agent can be continued with reply_agent when the server offers it.`,
  inputSchema: spawnAgentInputSchema,
  outputSchema: agentOutcomeSchema,
  annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
}

/**
 * Registered as a task-capable tool: a task-augmented call (MCP Tasks) becomes a background job; a plain
 * call takes the returned blocking route (see call-router.ts).
 */
export function registerSpawnAgentTool(server: McpServer, ctx: ServerContext, runner: JobRunner): BlockingTool<typeof spawnAgentInputSchema> {
  server.experimental.tasks.registerToolTask('spawn_agent', {...spawnAgentConfig, execution: {taskSupport: 'optional'}}, taskHandlers((args: z.infer<typeof spawnAgentInputSchema>, jobId) => runner.start('agent', [args], jobId)))
  return {schema: spawnAgentInputSchema, run: async (args, extra) => agentToolResult(await runToolAgent(ctx, args, extra))}
}
