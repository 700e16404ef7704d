import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'
import * as z from 'zod'

import {CodexMcpError} from '../../errors.js'
import type {JobRunner} from '../../jobs/job-runner.js'
import {isTerminal, type Job} from '../../jobs/job-schema.js'
import {countStatuses} from '../../jobs/summary.js'
import {agentErrorSchema} from '../../runner/agent-outcome.js'
import type {ServerContext} from '../context.js'
import {jobText, jobViewSchema, nextCallSchema, waitNext} from '../job-views.js'
import {invalidInput, toolResult} from './tool.js'

/** What the background-job tools (start_agent, start_agents, wait_agents, get_agent, list_agents, cancel_agent) share. */

export const jobIdSchema = z.string().min(1).describe('A jobId returned by start_agent or start_agents.')

export const unknownJob = (jobId: string) =>
  new CodexMcpError(`No job ${jobId} on this server.`, {kind: 'invalid-input', fix: 'Call list_agents to see the known jobs and their jobIds.'})

export const backgroundText =
  'Returns at once with a jobId; the agent runs in the background (it survives a client tool-call deadline). Then call wait_agents (long-polls up to timeoutSeconds) or get_agent; cancel_agent stops it.'

export const startAnnotations = {readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true}
export const readAnnotations = {readOnlyHint: true, openWorldHint: false}

export const startOutputSchema = z.object({
  jobId: z.string(),
  status: jobViewSchema.shape.status,
  agents: jobViewSchema.shape.agents,
  message: z.string().optional(),
  next: nextCallSchema.optional(),
  error: agentErrorSchema.optional(),
})

export const startCallFailure = (message: string) => ({jobId: '', status: 'failed', agents: [], error: invalidInput(message)})

const refusedKinds = new Set<string>(['forbidden', 'invalid-input', 'invalid-config'])

/**
 * The answer to start_agent / start_agents, once every agent that has a free slot has started: statuses as
 * they are, `running` or (behind the server's concurrency limit) `queued`, never a stale `queued`.
 */
export async function started(runner: JobRunner, ctx: ServerContext, first: Job): Promise<CallToolResult> {
  // Refused before any agent started (a forbidden sandbox or cwd, a bad threadId): an error, not a job to poll.
  const refusals = first.agents.map((agent) => agent.outcome?.error).filter((error) => error && refusedKinds.has(error.kind))
  const refused = refusals.length === first.agents.length ? refusals[0] : undefined
  if (refused) {
    const text = [`Not started (${refused.kind}): ${refused.message}`, ...(refused.fix ? [`Fix: ${refused.fix}`] : [])].join('\n')
    return toolResult({jobId: first.jobId, status: first.status, agents: first.agents, error: refused}, text, true)
  }
  const current = () => runner.store.get(first.jobId)!
  const settled = () => current().agents.every((agent) => agent.status !== 'queued') || ctx.limiter.running >= ctx.limiter.limit
  await runner.store.waitUntil(settled, 10_000)
  const job = current()
  const count = countStatuses(job.agents.map((agent) => agent.status))
  const counts = [`${count.running} running`, count.queued ? `${count.queued} queued behind the server's limit of ${ctx.limiter.limit}` : '', count.failed ? `${count.failed} failed to start` : ''].filter(Boolean).join(', ')
  const message = `Started job ${job.jobId} (${job.agents.length} agent${job.agents.length > 1 ? 's' : ''}: ${counts}). Call wait_agents({"jobIds": ["${job.jobId}"]}) to get the result.`
  const structured: Record<string, unknown> = {jobId: job.jobId, status: job.status, agents: job.agents, message}
  if (!isTerminal(job.status)) structured.next = waitNext([job.jobId], 'The job runs in the background; wait_agents returns its results when done.')
  return toolResult(structured, `${message}\n\n${jobText(job)}`)
}
