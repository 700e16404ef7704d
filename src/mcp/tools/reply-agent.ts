import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'

import {threadIdSchema} from '../../config/schema.js'

import type {JobRunner} from '../../jobs/job-runner.js'
import {runBlockingJob} from '../blocking-job.js'
import type {ServerContext} from '../context.js'
import {blockingAgentOutputSchema, detachAfterMsArg, spawnAgentInputSchema} from './spawn-agent.js'

export function registerReplyAgentTool(server: McpServer, ctx: ServerContext, runner: JobRunner): void {
  server.registerTool(
    'reply_agent',
    {
      title: 'Reply to a Codex agent',
      description: `Continue an earlier agent's conversation (codex exec resume): send a follow-up such as "now also fix the tests" to the agent that did the work, with its context intact. Takes the threadId from that agent's result (also after a server restart). BLOCKS until the agent answers, with progress, like spawn_agent (and like it answers "running" with \`next\` just before your client's deadline); for long follow-ups use start_agent with threadId. Runs WITHOUT a sandbox by default.`,
      inputSchema: spawnAgentInputSchema.extend({threadId: threadIdSchema, ...detachAfterMsArg}),
      outputSchema: blockingAgentOutputSchema,
      annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
    },
    async ({detachAfterMs, ...args}, extra) => runBlockingJob(ctx, runner, 'agent', [args], extra, detachAfterMs),
  )
}
