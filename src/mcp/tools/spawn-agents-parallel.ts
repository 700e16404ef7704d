import * as z from 'zod'

import {agentTaskSchema} from '../../config/schema.js'
import {parallelEntrySchema} from '../../parallel/run-parallel.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {runBlockingJob} from '../blocking-job.js'
import {nextCallSchema} from '../job-views.js'
import {detachAfterMsArg} from './spawn-agent.js'
import {defineTool, invalidInput} from './tool.js'

export const parallelAgentSchema = agentTaskSchema.strict()

/** The agents of one batch call (spawn_agents_parallel, start_agents): 1 to the server's maxParallelAgents. */
export const agentsArgument = (maxAgents: number) =>
  z.array(parallelAgentSchema).min(1).max(maxAgents).describe(`The agents to run (1 to ${maxAgents}); each is as spawn_agent's arguments plus an optional name.`)

export const batchOutputSchema = z.object({
  status: z
    .enum(['succeeded', 'partial', 'failed', 'cancelled', 'running'])
    .describe('"partial": some agents succeeded, some did not. "running": the agents continue in the background; make the `next` call for the results.'),
  headline: z.string().optional().describe('The counts in words, e.g. "2/3 agents succeeded, 1 failed."'),
  summary: z.object({
    total: z.number(),
    succeeded: z.number(),
    failed: z.number(),
    cancelled: z.number(),
    running: z.number().optional(),
    queued: z.number().optional(),
  }),
  agents: z.array(parallelEntrySchema).describe('One entry per requested agent, in request order (while running: the finished ones).'),
  overlaps: z
    .array(z.object({path: z.string(), agents: z.array(z.number().int()).describe('The index of every agent that changed it.')}))
    .optional()
    .describe('Files that two or more agents changed (present only when there are some).'),
  jobId: z.string().optional().describe('The background job of a call that answered while its agents still run.'),
  message: z.string().optional(),
  next: nextCallSchema.optional(),
  error: agentErrorSchema.optional().describe('Why the whole call failed (e.g. invalid arguments).'),
})

export const spawnAgentsParallelTool = defineTool({
  name: 'spawn_agents_parallel',
  readme: {blocks: 'yes, with progress', does: 'several agents (each as `spawn_agent`\'s arguments plus `name`), up to `maxConcurrency` at once; one entry per agent in input order; one failure never hides the others'},
  config: ({maxAgents, maxConcurrency}) => ({
    title: 'Spawn Codex agents in parallel',
    description: `Run several independent Codex CLI agents at once (up to ${maxConcurrency} at a time, the rest queue) and return every agent's final message, in request order.
Use it to fan out independent tasks (e.g. "write tests for each of these modules"). Agents share one working tree unless each has isolation "worktree" (its own git worktree and branch; apply_workspace brings its changes in); the result lists overlaps, files two agents both changed. The call BLOCKS until all agents finish, with progress = agents finished / total; just before your client's tool-call deadline (when the server knows it) or after detachAfterMs it answers status "running" with a jobId and \`next\` (the wait_agents call to make) while the agents keep running. One failed agent never hides the others: each entry has its own status, output or error {kind, message, fix}; the result is an error only when no agent succeeded.
Agents run WITHOUT a sandbox by default (sandbox "read-only" or "workspace-write" to restrict them). At most ${maxAgents} agents per call.`,
    inputSchema: z.object({agents: agentsArgument(maxAgents), ...detachAfterMsArg}).strict(),
    outputSchema: batchOutputSchema,
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
  }),
  failure: (message) => ({status: 'failed', summary: {total: 0, succeeded: 0, failed: 0, cancelled: 0}, agents: [], error: invalidInput(message)}),
  handler: ({ctx, runner}) => async ({agents, detachAfterMs}, extra) => runBlockingJob(ctx, runner, 'batch', agents, extra, detachAfterMs),
  task: ({runner}) => ({agents}, jobId) => runner.start('batch', agents, jobId),
})
