import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {z} from 'zod'

import {agentTaskSchema, defaults} from '../../config/schema.js'
import {prepareAgents} from '../../parallel/prepare-agents.js'
import {parallelEntrySchema, runParallel} from '../../parallel/run-parallel.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import type {ServerContext} from '../context.js'
import {ProgressReporter, type ToolExtra} from '../progress.js'
import type {BlockingTool} from '../call-router.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import {taskHandlers} from '../task-handlers.js'
import {batchToolResult} from '../tool-results.js'

export const parallelAgentSchema = agentTaskSchema

export const batchOutputSchema = z.object({
  status: z.enum(['succeeded', 'partial', 'failed', 'cancelled']).describe('"partial": some agents succeeded, some did not.'),
  summary: z.object({total: z.number(), succeeded: z.number(), failed: z.number(), cancelled: z.number()}),
  agents: z.array(parallelEntrySchema).describe('One entry per requested agent, in request order.'),
  error: agentErrorSchema.optional().describe('Why the whole call failed (e.g. invalid arguments).'),
})

/** The structured result of a call that failed as a whole (the SDK rejected its arguments). */
export const batchCallFailure = (message: string) => ({
  status: 'failed' as const,
  summary: {total: 0, succeeded: 0, failed: 0, cancelled: 0},
  agents: [],
  error: {kind: 'invalid-input' as const, message, retryable: false},
})

export function spawnAgentsParallelConfig(maxAgents: number, maxConcurrency: number) {
  return {
    title: 'Spawn Codex agents in parallel',
    description: `Run several independent Codex CLI agents at once (up to ${maxConcurrency} at a time, the rest queue) and return every agent's final message, in request order.
Use it to fan out independent tasks (e.g. "write tests for each of these modules"); agents must not edit the same files. The call BLOCKS until all agents finish, with progress = agents finished / total. One failed agent never hides the others: each entry has its own status, output or error {kind, message, fix}; the result is an error only when no agent succeeded.
Agents run WITHOUT a sandbox by default (sandbox "read-only" or "workspace-write" to restrict them). At most ${maxAgents} agents per call.`,
    inputSchema: z.object({
      agents: z.array(parallelAgentSchema).min(1).max(maxAgents).describe(`The agents to run (1 to ${maxAgents}); each is as spawn_agent's arguments plus an optional name.`),
    }),
    outputSchema: batchOutputSchema,
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
  }
}

export function registerSpawnAgentsParallelTool(server: McpServer, ctx: ServerContext, runner: JobRunner): BlockingTool<any> {
  const config = spawnAgentsParallelConfig(ctx.config.maxParallelAgents ?? defaults.maxParallelAgents, ctx.limiter.limit)
  server.experimental.tasks.registerToolTask(
    'spawn_agents_parallel',
    {...config, execution: {taskSupport: 'optional'}},
    taskHandlers((args: {agents: Array<z.infer<typeof parallelAgentSchema>>}, jobId) => runner.start('batch', args.agents, jobId)),
  )
  return {schema: config.inputSchema, run: async ({agents}: {agents: Array<z.infer<typeof parallelAgentSchema>>}, extra: ToolExtra) => {
    const progress = new ProgressReporter(extra, agents.length, ctx.heartbeatMs)
    const {runnable, invalid} = prepareAgents(ctx.config, agents, ctx.baseCwd)
    const label = (index: number) => `#${index}${agents[index].name ? ` ${agents[index].name}` : ''}`
    const ran = await runParallel(runnable, {
      concurrency: ctx.limiter,
      signal: AbortSignal.any([extra.signal, ctx.shutdownSignal]),
      onApproval: ctx.approve,
      onUpdate(update) {
        const index = runnable[update.index].index
        if (update.entry) progress.agentFinished(`agent ${label(index)} ${update.entry.status}`)
        else if (update.activity) progress.activity(`agent ${label(index)}: ${update.activity}`)
      },
    })
    await progress.stop()
    const byIndex = new Map(ran.map((entry, i) => [runnable[i].index, entry]))
    const entries = agents.map((agent, index) => ({...(byIndex.get(index) ?? invalid.get(index)!), index, ...(agent.name ? {name: agent.name} : {})}))
    return batchToolResult(entries)
  }}
}
