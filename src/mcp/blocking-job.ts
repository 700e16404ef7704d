import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'

import {isTerminal} from '../jobs/job-schema.js'
import type {JobAgentArgs, JobRunner} from '../jobs/job-runner.js'
import {blockingBudgetMs} from './client-deadline.js'
import type {ServerContext} from './context.js'
import {forwardJobProgress} from './job-progress.js'
import {jobToolResult, runningToolResult} from './job-results.js'
import {lessBarrier, ProgressReporter, type ToolExtra} from './progress.js'

/**
 * A blocking tool call (spawn_agent, spawn_agents_parallel, reply_agent) runs as a background job and waits
 * for it, with progress: it answers with the result when the job finishes in time, or — just before the
 * client's deadline, or after `detachAfterMs` — with status "running" and the call that waits for it, while
 * the agents carry on. A client that cancels the call cancels the job.
 */
export async function runBlockingJob(
  ctx: ServerContext,
  runner: JobRunner,
  kind: 'agent' | 'batch',
  agents: JobAgentArgs[],
  extra: ToolExtra,
  detachAfterMs?: number,
): Promise<CallToolResult> {
  const started = Date.now()
  const budget = lessBarrier(blockingBudgetMs(ctx.clientDeadline(), ctx.config.detachAfterMs, detachAfterMs), extra)
  const job = runner.start(kind, agents, undefined, {blocking: true})
  const current = () => runner.store.get(job.jobId)!
  const progress = new ProgressReporter(extra, kind === 'batch' ? agents.length : undefined, ctx.heartbeatMs)
  const stopForwarding = forwardJobProgress(runner.store, [job.jobId], progress, 'agent')
  try {
    await runner.store.waitUntil(() => isTerminal(current().status), budget, extra.signal)
  } finally {
    stopForwarding()
    await progress.stop()
  }
  if (!isTerminal(current().status) && extra.signal.aborted) await runner.cancel(job.jobId)
  const job_ = current()
  return isTerminal(job_.status) ? jobToolResult(job_, ctx.fitOutput) : runningToolResult(job_, Date.now() - started, ctx.fitOutput)
}
