import {threadIdSchema} from '../../config/schema.js'
import {runBlockingJob} from '../blocking-job.js'
import {agentCallFailure, blockingAgentOutputSchema, detachAfterMsArg, spawnAgentInputSchema} from './spawn-agent.js'
import {defineTool} from './tool.js'

export const replyAgentTool = defineTool({
  name: 'reply_agent',
  readme: {blocks: 'yes, with progress', does: 'continues an earlier agent\'s conversation by its `threadId`, also after a server restart; to an agent still running on the app-server engine it adds the message to the running turn (*steering*) and returns that turn\'s result'},
  config: () => ({
    title: 'Reply to a Codex agent',
    description: `Continue an earlier agent's conversation (Codex resumes its thread): send a follow-up such as "now also fix the tests" to the agent that did the work, with its context intact. Takes the threadId from that agent's result (also after a server restart). BLOCKS until the agent answers, with progress, like spawn_agent (and like it answers "running" with \`next\` just before your client's deadline); for long follow-ups use start_agent with threadId. Runs WITHOUT a sandbox by default.`,
    inputSchema: spawnAgentInputSchema.extend({threadId: threadIdSchema, ...detachAfterMsArg}),
    outputSchema: blockingAgentOutputSchema,
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true},
  }),
  failure: agentCallFailure,
  handler: ({ctx, runner}) => async ({detachAfterMs, ...args}, extra) => runBlockingJob(ctx, runner, 'agent', [args], extra, detachAfterMs),
})
