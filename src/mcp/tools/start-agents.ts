import * as z from 'zod'

import {backgroundText, startAnnotations, startCallFailure, started, startOutputSchema} from './job-tool-parts.js'
import {agentsArgument} from './spawn-agents-parallel.js'
import {defineTool} from './tool.js'

export const startAgentsTool = defineTool({
  name: 'start_agents',
  readme: {blocks: 'no', does: 'as `spawn_agents_parallel`, in the background: returns a `jobId` at once'},
  config: ({maxAgents}) => ({
    title: 'Start Codex agents in the background',
    description: `Start several independent Codex CLI agents (as spawn_agents_parallel) as one background job. ${backgroundText}`,
    inputSchema: z.object({agents: agentsArgument(maxAgents)}).strict(),
    outputSchema: startOutputSchema,
    annotations: startAnnotations,
  }),
  failure: startCallFailure,
  handler: ({ctx, runner}) => async ({agents}) => started(runner, ctx, runner.start('batch', agents)),
})
