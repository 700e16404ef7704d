import * as z from 'zod'

import {defaults} from '../../config/schema.js'
import {isTerminal} from '../../jobs/job-schema.js'
import {agentRef, overlapsOf} from '../../jobs/summary.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {describeOverlaps} from '../../workspaces/describe.js'
import {blockingBudgetMs} from '../client-deadline.js'
import {forwardJobProgress} from '../job-progress.js'
import {fitJob, jobText, jobViewSchema, nextCallSchema, toJobView, waitNext} from '../job-views.js'
import {lessBarrier, ProgressReporter} from '../progress.js'
import {jobIdSchema, readAnnotations, unknownJob} from './job-tool-parts.js'
import {defineTool, invalidInput, toolResult} from './tool.js'

/** wait_agents' wait when the client's deadline is unknown: under every client's default seen so far. */
const DEFAULT_WAIT_MS = 45_000

export const waitAgentsTool = defineTool({
  name: 'wait_agents',
  readme: {blocks: 'as long as the client allows (see [Long tasks](#long-tasks-which-mode-with-which-client))', does: 'returns when the jobs finish (`mode` `all` or `any`), or with their current status and `next`'},
  config: () => ({
    title: 'Wait for background agents',
    description:
      'Long-poll background jobs: returns as soon as the named jobs are finished (mode "any": at least one; "all": every one), or when the wait is over with their current status and `next` (the same call to make again). By default it waits as long as your client allows one tool call (just under Codex\'s tool_timeout_sec, Claude Code\'s MCP_TOOL_TIMEOUT, else 45 s), so a long agent costs few calls. Finished jobs include every agent\'s full output. Without jobIds, waits for the jobs running now.',
    inputSchema: z
      .object({
        jobIds: z.array(jobIdSchema).optional().describe('Jobs to wait for. Default: every job running now.'),
        mode: z.enum(['any', 'all']).default('all').describe('"all" (default): until every job finished; "any": until one did.'),
        timeoutSeconds: z
          .number()
          .positive()
          .max(3600)
          .optional()
          .describe('Return after this many seconds at the latest (default: as long as your client allows; never past its deadline).'),
      })
      .strict(),
    outputSchema: z.object({
      done: z.boolean().describe('Whether the wait condition was met (false: not yet; make the `next` call).'),
      headline: z.string().optional().describe('e.g. "1/2 jobs finished."'),
      jobs: z.array(jobViewSchema),
      overlaps: z
        .array(z.object({path: z.string(), agents: z.array(z.string()).describe('jobId (jobId#index for an agent of a batch job) of every agent that changed it.')}))
        .optional()
        .describe('Files that two or more finished agents changed (present only when there are some).'),
      next: nextCallSchema.optional(),
      error: agentErrorSchema.optional(),
    }),
    annotations: readAnnotations,
  }),
  failure: (message) => ({done: false, jobs: [], error: invalidInput(message)}),
  handler: ({ctx, runner}) => async ({jobIds, mode, timeoutSeconds}, extra) => {
    const ids = jobIds ?? runner.store.list().filter((job) => !isTerminal(job.status)).map((job) => job.jobId)
    const missing = ids.filter((id) => !runner.store.get(id))
    if (missing.length > 0) {
      const error = unknownJob(missing.join(', '))
      return toolResult({done: false, jobs: [], error: error.toJSON()}, error.message, true)
    }
    const deadline = ctx.clientDeadline()
    const fallbackMs = deadline.client === 'claude-code' ? defaults.timeoutMs : DEFAULT_WAIT_MS
    const bound = blockingBudgetMs(deadline, timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000)
    const waitMs = bound === undefined ? (timeoutSeconds === undefined ? fallbackMs : timeoutSeconds * 1000) : lessBarrier(bound, extra)!
    const finishedCount = () => ids.filter((id) => isTerminal(runner.store.get(id)!.status)).length
    const isDone = () => (mode === 'any' ? finishedCount() > 0 || ids.length === 0 : finishedCount() === ids.length)
    const progress = new ProgressReporter(extra, ids.length > 1 ? ids.length : undefined, ctx.heartbeatMs)
    const stopForwarding = forwardJobProgress(runner.store, ids, progress, 'job')
    // A job that finished as the wait ran out is done: the answer never reports finished jobs as `done: false`.
    const done = (await runner.store.waitUntil(isDone, waitMs, extra.signal)) || isDone()
    stopForwarding()
    await progress.stop()
    const share = ids.reduce((sum, id) => sum + runner.store.get(id)!.agents.length, 0)
    const jobs = ids.map((id) => fitJob(runner.store.get(id)!, ctx.fitOutput, share))
    const overlaps = overlapsOf(jobs.flatMap((job) => job.agents.map((agent) => ({key: agentRef(job, agent.index), outcome: agent.outcome}))))
    const overlapText = describeOverlaps(overlaps, (key) => key)
    const headline = `${jobs.filter((j) => isTerminal(j.status)).length}/${jobs.length} jobs finished.`
    const running = jobs.filter((j) => !isTerminal(j.status)).map((j) => j.jobId)
    const structured: Record<string, unknown> = {done, headline, jobs: jobs.map((job) => toJobView(job)), ...(overlaps.length > 0 ? {overlaps} : {})}
    if (running.length > 0 && !done) structured.next = waitNext(running, `Not done after ${Math.round(waitMs / 1000)}s; the agents keep running. Call again.`)
    const text = [`${done ? 'Done' : `Not done after ${Math.round(waitMs / 1000)}s; call wait_agents again`}: ${headline}`, ...(overlapText ? [overlapText] : []), ...jobs.map((job) => jobText(job))].join('\n\n')
    return toolResult(structured, text)
  },
})
