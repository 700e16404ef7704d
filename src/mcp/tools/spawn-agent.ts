import * as z from 'zod'

import {agentSettingsSchema, detachAfterMsSchema, promptSchema} from '../../config/schema.js'
import {type AgentOutcome, agentOutcomeSchema} from '../../runner/agent-outcome.js'
import {runBlockingJob} from '../blocking-job.js'
import {nextCallSchema} from '../job-views.js'
import {defineTool, invalidInput} from './tool.js'

export const spawnAgentInputSchema = agentSettingsSchema.extend({prompt: promptSchema}).strict()

/** A blocking call's own limit, under the client's deadline (see blocking-job.ts). */
export const detachAfterMsArg = {detachAfterMs: detachAfterMsSchema.optional()}

const inputSchema = spawnAgentInputSchema.extend(detachAfterMsArg)

/** One agent's result, or — when the call answered before the agent finished — `running` with the job and the next call. */
export const blockingAgentOutputSchema = agentOutcomeSchema.extend({
  status: z.enum(['succeeded', 'failed', 'cancelled', 'running']).describe('"running": the agent continues in the background; make the `next` call for its result.'),
  jobId: z.string().optional().describe('The background job of a call that answered while its agent still runs.'),
  message: z.string().optional(),
  next: nextCallSchema.optional(),
})

/** The structured result of a one-agent call that failed as a whole. */
export const agentCallFailure = (message: string): AgentOutcome => ({status: 'failed', output: '', durationMs: 0, error: invalidInput(message)})

/**
 * Task-capable: a task-augmented call (MCP Tasks) becomes a background job; a plain call blocks (see
 * call-router.ts).
 */
export const spawnAgentTool = defineTool({
  name: 'spawn_agent',
  readme: {blocks: 'yes, with progress', does: 'one agent: the final message as text and in `structuredContent.output`; `running` + `next` if the client\'s deadline comes first'},
  config: () => ({
    title: 'Spawn a Codex agent',
    description: `Run one Codex CLI agent on a coding task and return its final message.
The call BLOCKS until the agent finishes (seconds to many minutes) and reports progress meanwhile. Just before your client's tool-call deadline (when the server knows it) or after detachAfterMs, it answers status "running" with a jobId and \`next\` (the wait_agents call to make) while the agent keeps running. For several independent tasks use spawn_agents_parallel instead. To start work and check on it later, use start_agent + wait_agents.
The agent works in the server's working directory (or \`cwd\`) and by default runs WITHOUT a sandbox and without approvals: it can edit files and run any command. Pass sandbox "read-only" for questions about the code.
On failure the result has isError and error {kind, message, fix}. The threadId of a finished agent can be continued with reply_agent when the server offers it.`,
    inputSchema,
    outputSchema: blockingAgentOutputSchema,
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
  }),
  failure: agentCallFailure,
  handler: ({ctx, runner}) => async ({detachAfterMs, ...args}, extra) => runBlockingJob(ctx, runner, 'agent', [args], extra, detachAfterMs),
  task: ({runner}) => ({detachAfterMs: _detach, ...args}, jobId) => runner.start('agent', [args], jobId),
})
