import {threadIdSchema} from '../../config/schema.js'
import {backgroundText, startAnnotations, startCallFailure, started, startOutputSchema} from './job-tool-parts.js'
import {spawnAgentInputSchema} from './spawn-agent.js'
import {defineTool} from './tool.js'

const threadIdArgument = threadIdSchema.describe('The threadId of an earlier agent (a UUID from its result) to continue its conversation.')

export const startAgentTool = defineTool({
  name: 'start_agent',
  readme: {blocks: 'no', does: 'as `spawn_agent` (plus `threadId` to continue a thread), in the background: returns a `jobId` at once'},
  config: () => ({
    title: 'Start a Codex agent in the background',
    description: `Start one Codex CLI agent (as spawn_agent) without waiting for it: use this for work that may take longer than a minute, or that you want to check on later. ${backgroundText} With threadId, continues that agent's conversation instead. Runs WITHOUT a sandbox by default.`,
    inputSchema: spawnAgentInputSchema.extend({threadId: threadIdArgument.optional()}),
    outputSchema: startOutputSchema,
    annotations: startAnnotations,
  }),
  failure: startCallFailure,
  handler: ({ctx, runner}) => async (args) => started(runner, ctx, runner.start('agent', [args])),
})
