import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'

import {agentOutcomeSchema} from '../../runner/agent-outcome.js'
import type {ServerContext} from '../context.js'
import {runToolAgent} from '../run-tool-agent.js'
import {agentToolResult} from '../tool-results.js'
import {spawnAgentInputSchema} from './spawn-agent.js'
import * as z from 'zod'

export function registerReplyAgentTool(server: McpServer, ctx: ServerContext): void {
  server.registerTool(
    'reply_agent',
    {
      title: 'Reply to a Codex agent',
      description: `Continue an earlier agent's conversation (codex exec resume): send a follow-up such as "now also fix the tests" to the agent that did the work, with its context intact. Takes the threadId from that agent's result (also after a server restart). BLOCKS until the agent answers, with progress, like spawn_agent; for long follow-ups use start_agent with threadId. Runs WITHOUT a sandbox by default.`,
      inputSchema: spawnAgentInputSchema.extend({threadId: z.string().min(1).describe('The threadId from the earlier agent\'s result.')}),
      outputSchema: agentOutcomeSchema,
      annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
    },
    async ({threadId, ...args}, extra) => agentToolResult(await runToolAgent(ctx, {...args, resumeThreadId: threadId}, extra)),
  )
}
