import type {CallToolResult} from '@modelcontextprotocol/sdk/types.js'

import {isTerminal} from '../jobs/job-schema.js'
import type {JobAgentArgs, JobRunner} from '../jobs/job-runner.js'
import {blockingBudgetMs} from './client-deadline.js'
import type {ServerContext} from './context.js'
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
  const seen = current().agents.map((agent) => ({status: agent.status as string, activity: agent.activity}))
  const label = (index: number) => (kind === 'batch' ? `agent #${index}${agents[index].name ? ` ${agents[index].name}` : ''}` : 'agent')
  const onChange = (jobId: string) => {
    if (jobId !== job.jobId) return
    for (const agent of current().agents) {
      const before = seen[agent.index]
      if (agent.status !== before.status && isTerminal(agent.status)) {
        if (kind === 'batch') progress.agentFinished(`${label(agent.index)} ${agent.status}`)
      } else if (agent.activity && agent.activity !== before.activity) {
        progress.activity(kind === 'batch' ? `${label(agent.index)}: ${agent.activity}` : agent.activity)
      }
      seen[agent.index] = {status: agent.status, activity: agent.activity}
    }
  }
  runner.store.on('change', onChange)
  try {
    await runner.store.waitUntil(() => isTerminal(current().status), budget, extra.signal)
  } finally {
    runner.store.off('change', onChange)
    await progress.stop()
  }
  if (!isTerminal(current().status) && extra.signal.aborted) await runner.cancel(job.jobId)
  const job_ = current()
  return isTerminal(job_.status) ? jobToolResult(job_, ctx.fitOutput) : runningToolResult(job_, Date.now() - started, ctx.fitOutput)
}
