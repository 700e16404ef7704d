import * as z from 'zod'

import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {fitJob, jobText, jobViewSchema, toJobView} from '../job-views.js'
import {jobIdSchema, unknownJob} from './job-tool-parts.js'
import {defineTool, invalidInput, toolResult} from './tool.js'

export const cancelAgentTool = defineTool({
  name: 'cancel_agent',
  readme: {blocks: 'no', does: 'kills a job\'s agents and everything they started'},
  config: () => ({
    title: 'Cancel a background agent job',
    description: 'Stop a background job: every agent of it and every process it started is killed; its status becomes "cancelled".',
    inputSchema: z.object({jobId: jobIdSchema}).strict(),
    outputSchema: z.object({cancelled: z.boolean(), job: jobViewSchema.optional(), error: agentErrorSchema.optional()}),
    annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false},
  }),
  failure: (message) => ({cancelled: false, error: invalidInput(message)}),
  handler: ({ctx, runner}) => async ({jobId}) => {
    if (!runner.store.get(jobId)) return toolResult({cancelled: false, error: unknownJob(jobId).toJSON()}, unknownJob(jobId).message, true)
    const cancelled = await runner.cancel(jobId)
    const job = fitJob(runner.store.get(jobId)!, ctx.fitOutput)
    return toolResult({cancelled, job: toJobView(job)}, cancelled ? jobText(job) : `Job ${jobId} was not running (${job.status}).`)
  },
})
