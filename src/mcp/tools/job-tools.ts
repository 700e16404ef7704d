import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {threadIdSchema} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
import {isTerminal, type Job} from '../../jobs/job-schema.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import {defaults} from '../../config/schema.js'
import type {ServerContext} from '../context.js'
import {blockingBudgetMs} from '../client-deadline.js'
import {fitJob, jobText, jobViewSchema, nextCallSchema, toJobView, waitNext} from '../job-views.js'
import {lessBarrier, ProgressReporter} from '../progress.js'
import {findOverlaps} from '../../workspaces/changed-files.js'
import {describeOverlaps} from '../../workspaces/describe.js'
import {changesOf} from '../../parallel/changes.js'
import {spawnAgentInputSchema} from './spawn-agent.js'
import {parallelAgentSchema} from './spawn-agents-parallel.js'

/** wait_agents' wait when the client's deadline is unknown: under every client's default seen so far. */
const DEFAULT_WAIT_MS = 45_000

const jobIdSchema = z.string().min(1).describe('A jobId returned by start_agent or start_agents.')
const threadIdArgument = threadIdSchema.describe('The threadId of an earlier agent (a UUID from its result) to continue its conversation.')

const errorShape = (error: CodexMcpError) => error.toJSON()
const unknownJob = (jobId: string) =>
  new CodexMcpError(`No job ${jobId} on this server.`, {kind: 'invalid-input', fix: 'Call list_agents to see the known jobs and their jobIds.'})

function result(structured: Record<string, unknown>, text: string, isError = false): CallToolResult {
  return {content: [{type: 'text', text}], structuredContent: structured, isError}
}

const startOutputSchema = z.object({
  jobId: z.string(),
  status: jobViewSchema.shape.status,
  agents: jobViewSchema.shape.agents,
  message: z.string().optional(),
  next: nextCallSchema.optional(),
  error: agentErrorSchema.optional(),
})

export const startCallFailure = (message: string) => ({jobId: '', status: 'failed', agents: [], error: {kind: 'invalid-input', message, retryable: false}})

const refusedKinds = new Set<string>(['forbidden', 'invalid-input', 'invalid-config'])

/**
 * The answer to start_agent / start_agents, once every agent that has a free slot has started: statuses as
 * they are, `running` or (behind the server's concurrency limit) `queued`, never a stale `queued`.
 */
async function started(runner: JobRunner, ctx: ServerContext, first: Job): Promise<CallToolResult> {
  // Refused before any agent started (a forbidden sandbox or cwd, a bad threadId): an error, not a job to poll.
  const refusals = first.agents.map((agent) => agent.outcome?.error).filter((error) => error && refusedKinds.has(error.kind))
  const refused = refusals.length === first.agents.length ? refusals[0] : undefined
  if (refused) {
    const text = [`Not started (${refused.kind}): ${refused.message}`, ...(refused.fix ? [`Fix: ${refused.fix}`] : [])].join('\n')
    return result({jobId: first.jobId, status: first.status, agents: first.agents, error: refused}, text, true)
  }
  const current = () => runner.store.get(first.jobId)!
  const settled = () => current().agents.every((agent) => agent.status !== 'queued') || ctx.limiter.running >= ctx.limiter.limit
  await runner.store.waitUntil(settled, 10_000)
  const job = current()
  const count = (status: string) => job.agents.filter((agent) => agent.status === status).length
  const counts = [`${count('running')} running`, count('queued') ? `${count('queued')} queued behind the server's limit of ${ctx.limiter.limit}` : '', count('failed') ? `${count('failed')} failed to start` : ''].filter(Boolean).join(', ')
  const message = `Started job ${job.jobId} (${job.agents.length} agent${job.agents.length > 1 ? 's' : ''}: ${counts}). Call wait_agents({"jobIds": ["${job.jobId}"]}) to get the result.`
  const structured: Record<string, unknown> = {jobId: job.jobId, status: job.status, agents: job.agents, message}
  if (!isTerminal(job.status)) structured.next = waitNext([job.jobId], 'The job runs in the background; wait_agents returns its results when done.')
  return result(structured, `${message}\n\n${jobText(job)}`)
}

const background = 'Returns at once with a jobId; the agent runs in the background (it survives a client tool-call deadline). Then call wait_agents (long-polls up to timeoutSeconds) or get_agent; cancel_agent stops it.'

export function registerJobTools(server: McpServer, ctx: ServerContext, runner: JobRunner): void {
  const annotations = {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true}

  server.registerTool(
    'start_agent',
    {
      title: 'Start a Codex agent in the background',
      description: `Start one Codex CLI agent (as spawn_agent) without waiting for it: use this for work that may take longer than a minute, or that you want to check on later. ${background} With threadId, continues that agent's conversation instead. Runs WITHOUT a sandbox by default.`,
      inputSchema: spawnAgentInputSchema.extend({threadId: threadIdArgument.optional()}),
      outputSchema: startOutputSchema,
      annotations,
    },
    async (args) => started(runner, ctx, runner.start('agent', [args])),
  )

  server.registerTool(
    'start_agents',
    {
      title: 'Start Codex agents in the background',
      description: `Start several independent Codex CLI agents (as spawn_agents_parallel) as one background job. ${background}`,
      inputSchema: z.object({agents: z.array(parallelAgentSchema).min(1).max(ctx.config.maxParallelAgents ?? 32)}).strict(),
      outputSchema: startOutputSchema,
      annotations,
    },
    async ({agents}) => started(runner, ctx, runner.start('batch', agents)),
  )

  server.registerTool(
    'wait_agents',
    {
      title: 'Wait for background agents',
      description:
        'Long-poll background jobs: returns as soon as the named jobs are finished (mode "any": at least one; "all": every one), or when the wait is over with their current status and `next` (the same call to make again). By default it waits as long as your client allows one tool call (just under Codex\'s tool_timeout_sec, Claude Code\'s MCP_TOOL_TIMEOUT, else 45 s), so a long agent costs few calls. Finished jobs include every agent\'s full output. Without jobIds, waits for the jobs running now.',
      inputSchema: z.object({
        jobIds: z.array(jobIdSchema).optional().describe('Jobs to wait for. Default: every job running now.'),
        mode: z.enum(['any', 'all']).default('all').describe('"all" (default): until every job finished; "any": until one did.'),
        timeoutSeconds: z
          .number()
          .positive()
          .max(3600)
          .optional()
          .describe('Return after this many seconds at the latest (default: as long as your client allows; never past its deadline).'),
      }).strict(),
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
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async ({jobIds, mode, timeoutSeconds}, extra) => {
      const ids = jobIds ?? runner.store.list().filter((job) => !isTerminal(job.status)).map((job) => job.jobId)
      const missing = ids.filter((id) => !runner.store.get(id))
      if (missing.length > 0) {
        const error = unknownJob(missing.join(', '))
        return result({done: false, jobs: [], error: errorShape(error)}, error.message, true)
      }
      const deadline = ctx.clientDeadline()
      const fallbackMs = deadline.client === 'claude-code' ? defaults.timeoutMs : DEFAULT_WAIT_MS
      const bound = blockingBudgetMs(deadline, timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000)
      const waitMs = bound === undefined ? (timeoutSeconds === undefined ? fallbackMs : timeoutSeconds * 1000) : lessBarrier(bound, extra)!
      const finishedCount = () => ids.filter((id) => isTerminal(runner.store.get(id)!.status)).length
      const isDone = () => (mode === 'any' ? finishedCount() > 0 || ids.length === 0 : finishedCount() === ids.length)
      const progress = new ProgressReporter(extra, ids.length > 1 ? ids.length : undefined, ctx.heartbeatMs)
      let reported = finishedCount()
      const onChange = (jobId: string) => {
        if (!ids.includes(jobId)) return
        const job = runner.store.get(jobId)!
        if (finishedCount() > reported) {
          reported = finishedCount()
          progress.agentFinished(`job ${jobId} ${job.status}`)
        } else {
          const latest = job.log.at(-1)
          if (latest) progress.activity(`job ${jobId}: ${latest}`)
        }
      }
      runner.store.on('change', onChange)
      const done = await runner.store.waitUntil(isDone, waitMs, extra.signal)
      runner.store.off('change', onChange)
      await progress.stop()
      const share = ids.reduce((sum, id) => sum + runner.store.get(id)!.agents.length, 0)
      const jobs = ids.map((id) => fitJob(runner.store.get(id)!, ctx.fitOutput, share))
      const overlaps = findOverlaps(
        jobs.flatMap((job) => job.agents.map((agent) => ({key: job.kind === 'agent' ? job.jobId : `${job.jobId}#${agent.index}`, ...(agent.outcome ? changesOf(agent.outcome) : {})}))),
      )
      const overlapText = describeOverlaps(overlaps, (key) => key)
      const headline = `${jobs.filter((j) => isTerminal(j.status)).length}/${jobs.length} jobs finished.`
      const running = jobs.filter((j) => !isTerminal(j.status)).map((j) => j.jobId)
      const structured: Record<string, unknown> = {done, headline, jobs: jobs.map((job) => toJobView(job)), ...(overlaps.length > 0 ? {overlaps} : {})}
      if (running.length > 0 && !done) structured.next = waitNext(running, `Not done after ${Math.round(waitMs / 1000)}s; the agents keep running. Call again.`)
      const text = [`${done ? 'Done' : `Not done after ${Math.round(waitMs / 1000)}s; call wait_agents again`}: ${headline}`, ...(overlapText ? [overlapText] : []), ...jobs.map((job) => jobText(job))].join('\n\n')
      return result(structured, text)
    },
  )

  server.registerTool(
    'get_agent',
    {
      title: 'Get a background agent job',
      description: 'Status of one background job right now (does not wait): its agents\' latest activity, recent log, and full results once finished.',
      inputSchema: z.object({jobId: jobIdSchema}).strict(),
      outputSchema: z.object({job: jobViewSchema.optional(), next: nextCallSchema.optional(), error: agentErrorSchema.optional()}),
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async ({jobId}) => {
      const found = runner.store.get(jobId)
      if (!found) return result({error: errorShape(unknownJob(jobId))}, unknownJob(jobId).message, true)
      const job = fitJob(found, ctx.fitOutput)
      const next = isTerminal(job.status) ? {} : {next: waitNext([jobId], 'Still running; wait_agents blocks until it is done.')}
      return result({job: toJobView(job, {withLog: true}), ...next}, jobText(job, {withLog: true}))
    },
  )

  server.registerTool(
    'list_agents',
    {
      title: 'List background agent jobs',
      description: 'Running and recent background jobs, newest first: status, prompt head, cwd, start time, duration. Jobs that were running when an earlier server stopped show as "lost".',
      inputSchema: z.object({}).strict(),
      outputSchema: z.object({jobs: z.array(jobViewSchema)}),
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async () => {
      // A list, not results: each output is cut short (get_agent / wait_agents show them in full).
      const jobs = runner.store.list().map((job) => fitJob(job, (outcome, _share, key) => ctx.fitOutput(outcome, Number.MAX_SAFE_INTEGER, key)))
      const text = jobs.length === 0 ? 'No jobs.' : jobs.map((job) => `${job.jobId} ${job.status} ${job.createdAt} ${job.cwd} — ${job.agents.map((a) => a.promptHead).join(' | ')}`).join('\n')
      return result({jobs: jobs.map((job) => toJobView(job))}, text)
    },
  )

  server.registerTool(
    'cancel_agent',
    {
      title: 'Cancel a background agent job',
      description: 'Stop a background job: every agent of it and every process it started is killed; its status becomes "cancelled".',
      inputSchema: z.object({jobId: jobIdSchema}).strict(),
      outputSchema: z.object({cancelled: z.boolean(), job: jobViewSchema.optional(), error: agentErrorSchema.optional()}),
      annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false},
    },
    async ({jobId}) => {
      if (!runner.store.get(jobId)) return result({cancelled: false, error: errorShape(unknownJob(jobId))}, unknownJob(jobId).message, true)
      const cancelled = await runner.cancel(jobId)
      const job = fitJob(runner.store.get(jobId)!, ctx.fitOutput)
      return result({cancelled, job: toJobView(job)}, cancelled ? jobText(job) : `Job ${jobId} was not running (${job.status}).`)
    },
  )
}

export const jobToolFailureShapes = {
  start_agent: startCallFailure,
  start_agents: startCallFailure,
  wait_agents: (message: string) => ({done: false, jobs: [], error: {kind: 'invalid-input', message, retryable: false}}),
  get_agent: (message: string) => ({error: {kind: 'invalid-input', message, retryable: false}}),
  cancel_agent: (message: string) => ({cancelled: false, error: {kind: 'invalid-input', message, retryable: false}}),
}
