import type {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {CodexMcpError} from '../../errors.js'
import {isTerminal, type Job} from '../../jobs/job-schema.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import type {ServerContext} from '../context.js'
import {jobText, jobViewSchema, toJobView} from '../job-views.js'
import {ProgressReporter} from '../progress.js'
import {spawnAgentInputSchema} from './spawn-agent.js'
import {parallelAgentSchema} from './spawn-agents-parallel.js'

const jobIdSchema = z.string().min(1).describe('A jobId returned by start_agent or start_agents.')
const threadIdSchema = z.string().min(1).describe('The threadId of an earlier agent (from its result) to continue its conversation.')

const errorShape = (error: CodexMcpError) => error.toJSON()
const unknownJob = (jobId: string) =>
  new CodexMcpError(`No job ${jobId} on this server.`, {kind: 'invalid-input', fix: 'Use list_agents to see the known jobs.'})

function result(structured: Record<string, unknown>, text: string, isError = false): CallToolResult {
  return {content: [{type: 'text', text}], structuredContent: structured, isError}
}

const startOutputSchema = z.object({
  jobId: z.string(),
  status: jobViewSchema.shape.status,
  agents: jobViewSchema.shape.agents,
  error: agentErrorSchema.optional(),
})

export const startCallFailure = (message: string) => ({jobId: '', status: 'failed', agents: [], error: {kind: 'invalid-input', message, retryable: false}})

const started = (job: Job) =>
  result(
    {jobId: job.jobId, status: job.status, agents: job.agents},
    `Started job ${job.jobId} (${job.agents.length} agent${job.agents.length > 1 ? 's' : ''}). Call wait_agents({jobIds: ["${job.jobId}"]}) to get the result.`,
  )

const background = 'Returns at once with a jobId; the agent runs in the background (it survives a client tool-call deadline). Then call wait_agents (long-polls up to timeoutSeconds) or get_agent; cancel_agent stops it.'

export function registerJobTools(server: McpServer, ctx: ServerContext, runner: JobRunner): void {
  const annotations = {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true}

  server.registerTool(
    'start_agent',
    {
      title: 'Start a Codex agent in the background',
      description: `Start one Codex CLI agent (as spawn_agent) without waiting for it: use this for work that may take longer than a minute, or when your client cuts tool calls off (Codex's tool_timeout_sec, default 60 s; Cursor about 5 min). ${background} With threadId, continues that agent's conversation instead. Runs WITHOUT a sandbox by default.`,
      inputSchema: spawnAgentInputSchema.extend({threadId: threadIdSchema.optional()}),
      outputSchema: startOutputSchema,
      annotations,
    },
    async (args) => started(runner.start('agent', [args])),
  )

  server.registerTool(
    'start_agents',
    {
      title: 'Start Codex agents in the background',
      description: `Start several independent Codex CLI agents (as spawn_agents_parallel) as one background job. ${background}`,
      inputSchema: z.object({agents: z.array(parallelAgentSchema).min(1).max(ctx.config.maxParallelAgents ?? 32)}),
      outputSchema: startOutputSchema,
      annotations,
    },
    async ({agents}) => started(runner.start('batch', agents)),
  )

  server.registerTool(
    'wait_agents',
    {
      title: 'Wait for background agents',
      description:
        'Long-poll background jobs: returns as soon as the named jobs are finished (mode "any": at least one; "all": every one), or after timeoutSeconds with their current status. Finished jobs include every agent\'s full output. Without jobIds, waits for the jobs running now. Keep timeoutSeconds below your client\'s tool-call deadline (default 45) and call again while done is false.',
      inputSchema: z.object({
        jobIds: z.array(jobIdSchema).optional().describe('Jobs to wait for. Default: every job running now.'),
        mode: z.enum(['any', 'all']).default('all').describe('"all" (default): until every job finished; "any": until one did.'),
        timeoutSeconds: z.number().positive().max(3600).default(45).describe('Return after this many seconds at the latest (default 45).'),
      }),
      outputSchema: z.object({
        done: z.boolean().describe('Whether the wait condition was met (false: timed out; call again).'),
        jobs: z.array(jobViewSchema),
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
      const finishedCount = () => ids.filter((id) => isTerminal(runner.store.get(id)!.status)).length
      const isDone = () => (mode === 'any' ? finishedCount() > 0 || ids.length === 0 : finishedCount() === ids.length)
      const progress = new ProgressReporter(extra, ids.length, ctx.heartbeatMs)
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
      const done = await runner.store.waitUntil(isDone, timeoutSeconds * 1000, extra.signal)
      runner.store.off('change', onChange)
      await progress.stop()
      const jobs = ids.map((id) => runner.store.get(id)!)
      const text = [`${done ? 'Done' : `Not done after ${timeoutSeconds}s; call wait_agents again`}: ${jobs.filter((j) => isTerminal(j.status)).length}/${jobs.length} jobs finished.`, ...jobs.map((job) => jobText(job))].join('\n\n')
      return result({done, jobs: jobs.map((job) => toJobView(job))}, text)
    },
  )

  server.registerTool(
    'get_agent',
    {
      title: 'Get a background agent job',
      description: 'Status of one background job right now (does not wait): its agents\' latest activity, recent log, and full results once finished.',
      inputSchema: z.object({jobId: jobIdSchema}),
      outputSchema: z.object({job: jobViewSchema.optional(), error: agentErrorSchema.optional()}),
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async ({jobId}) => {
      const job = runner.store.get(jobId)
      if (!job) return result({error: errorShape(unknownJob(jobId))}, unknownJob(jobId).message, true)
      return result({job: toJobView(job, {withLog: true})}, jobText(job, {withLog: true}))
    },
  )

  server.registerTool(
    'list_agents',
    {
      title: 'List background agent jobs',
      description: 'Running and recent background jobs, newest first: status, prompt head, cwd, start time, duration. Jobs that were running when an earlier server stopped show as "lost".',
      inputSchema: z.object({}),
      outputSchema: z.object({jobs: z.array(jobViewSchema)}),
      annotations: {readOnlyHint: true, openWorldHint: false},
    },
    async () => {
      const jobs = runner.store.list()
      const text = jobs.length === 0 ? 'No jobs.' : jobs.map((job) => `${job.jobId} ${job.status} ${job.createdAt} ${job.cwd} — ${job.agents.map((a) => a.promptHead).join(' | ')}`).join('\n')
      return result({jobs: jobs.map((job) => toJobView(job))}, text)
    },
  )

  server.registerTool(
    'cancel_agent',
    {
      title: 'Cancel a background agent job',
      description: 'Stop a background job: every agent of it and every process it started is killed; its status becomes "cancelled".',
      inputSchema: z.object({jobId: jobIdSchema}),
      outputSchema: z.object({cancelled: z.boolean(), job: jobViewSchema.optional(), error: agentErrorSchema.optional()}),
      annotations: {readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false},
    },
    async ({jobId}) => {
      if (!runner.store.get(jobId)) return result({cancelled: false, error: errorShape(unknownJob(jobId))}, unknownJob(jobId).message, true)
      const cancelled = await runner.cancel(jobId)
      const job = runner.store.get(jobId)!
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
