import * as z from 'zod'

import {fitJob, jobViewSchema, toJobView} from '../job-views.js'
import {readAnnotations} from './job-tool-parts.js'
import {defineTool, toolResult} from './tool.js'

export const listAgentsTool = defineTool({
  name: 'list_agents',
  readme: {blocks: 'no', does: 'running and recent jobs, newest first'},
  config: () => ({
    title: 'List background agent jobs',
    description: 'Running and recent background jobs, newest first: status, prompt head, cwd, start time, duration. Jobs that were running when an earlier server stopped show as "lost".',
    inputSchema: z.object({}).strict(),
    outputSchema: z.object({jobs: z.array(jobViewSchema)}),
    annotations: readAnnotations,
  }),
  failure: () => ({jobs: []}),
  handler: ({ctx, runner}) => async () => {
    // A list, not results: each output is cut short (get_agent / wait_agents show them in full).
    const jobs = runner.store.list().map((job) => fitJob(job, (outcome, _share, key) => ctx.fitOutput(outcome, Number.MAX_SAFE_INTEGER, key)))
    const text = jobs.length === 0 ? 'No jobs.' : jobs.map((job) => `${job.jobId} ${job.status} ${job.createdAt} ${job.cwd} — ${job.agents.map((a) => a.promptHead).join(' | ')}`).join('\n')
    return toolResult({jobs: jobs.map((job) => toJobView(job))}, text)
  },
})
