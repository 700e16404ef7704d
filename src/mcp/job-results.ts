import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'

import type {Job} from '../jobs/job-schema.js'
import {outcomeWithout, runningBatchSummary} from '../jobs/summary.js'
import type {ServerContext} from './context.js'
import {fitJob, jobText, waitNext} from './job-views.js'
import {agentToolResult, batchHeadline, batchToolResult} from './tool-results.js'

/** A finished job's agents as batch entries (an agent without an outcome was lost or cancelled before it ran). */
function entries(job: Job) {
  return job.agents.map((agent) => ({
    ...(agent.outcome ?? outcomeWithout(agent.status, job.statusMessage)),
    index: agent.index,
    ...(agent.name ? {name: agent.name} : {}),
  }))
}

/** The tool result a finished job stands for: as spawn_agent / spawn_agents_parallel would have answered. */
export function jobToolResult(unfitted: Job, fit: ServerContext['fitOutput']): CallToolResult {
  const all = entries(fitJob(unfitted, fit))
  if (unfitted.kind === 'agent') {
    const {index: _i, name: _n, ...outcome} = all[0]
    return agentToolResult(outcome)
  }
  return batchToolResult(all)
}

/**
 * A blocking call that answers before its job finished (the client's deadline is near): status "running", the
 * job id and the exact call that brings the result. Everything the model needs is in structuredContent,
 * because that is all Claude Code shows it.
 */
export function runningToolResult(unfitted: Job, waitedMs: number, fit: ServerContext['fitOutput']): CallToolResult {
  const job = fitJob(unfitted, fit)
  const seconds = Math.round(waitedMs / 1000)
  const next = waitNext([job.jobId], `The ${job.kind === 'agent' ? 'agent is' : 'agents are'} still running (detached after ${seconds}s to answer within your client's tool-call deadline); wait_agents returns the results when done.`)
  const message = `Still running after ${seconds}s: job ${job.jobId} continues in the background. Call wait_agents({"jobIds": ["${job.jobId}"]}) for the result.`
  const text = `${message}\n\n${jobText(job)}`
  if (job.kind === 'agent') {
    return {
      content: [{type: 'text', text}],
      structuredContent: {status: 'running', output: '', durationMs: waitedMs, jobId: job.jobId, message, next},
    }
  }
  const summary = runningBatchSummary(job.agents.map((agent) => agent.status))
  const finished = entries(job).filter((_entry, i) => job.agents[i].outcome)
  return {
    content: [{type: 'text', text}],
    structuredContent: {status: 'running', headline: batchHeadline(summary), summary, agents: finished, jobId: job.jobId, message, next},
  }
}
