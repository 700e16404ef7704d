import * as z from 'zod'

import {isTerminal} from '../../jobs/job-schema.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {fitJob, jobText, jobViewSchema, nextCallSchema, toJobView, waitNext} from '../job-views.js'
import {jobIdSchema, readAnnotations, unknownJob} from './job-tool-parts.js'
import {defineTool, invalidInput, toolResult} from './tool.js'

export const getAgentTool = defineTool({
  name: 'get_agent',
  readme: {blocks: 'no', does: 'a job\'s status, latest activity, recent log and results'},
  config: () => ({
    title: 'Get a background agent job',
    description: 'Status of one background job right now (does not wait): its agents\' latest activity, recent log, and full results once finished.',
    inputSchema: z.object({jobId: jobIdSchema}).strict(),
    outputSchema: z.object({job: jobViewSchema.optional(), next: nextCallSchema.optional(), error: agentErrorSchema.optional()}),
    annotations: readAnnotations,
  }),
  failure: (message) => ({error: invalidInput(message)}),
  handler: ({ctx, runner}) => async ({jobId}) => {
    const found = runner.store.get(jobId)
    if (!found) return toolResult({error: unknownJob(jobId).toJSON()}, unknownJob(jobId).message, true)
    const job = fitJob(found, ctx.fitOutput)
    const next = isTerminal(job.status) ? {} : {next: waitNext([jobId], 'Still running; wait_agents blocks until it is done.')}
    return toolResult({job: toJobView(job, {withLog: true}), ...next}, jobText(job, {withLog: true}))
  },
})
