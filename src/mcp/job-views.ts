import * as z from 'zod'

import {type Job, jobSchema} from '../jobs/job-schema.js'
import {describeChanges} from '../workspaces/describe.js'
import type {ServerContext} from './context.js'

/** The exact call the model should make next: tool name and arguments as they are. */
export const nextCallSchema = z
  .object({
    tool: z.string().describe('The tool of this server to call.'),
    arguments: z.record(z.string(), z.unknown()).describe('Its arguments, exactly.'),
    why: z.string(),
  })
  .describe('The call to make next (present while the work is not finished).')
export type NextCall = z.infer<typeof nextCallSchema>

/** Wait for jobs: the one call that brings a running job's results. */
export const waitNext = (jobIds: string[], why: string): NextCall => ({tool: 'wait_agents', arguments: {jobIds}, why})

/** A job as tools show it (no internal fields). */
export const jobViewSchema = jobSchema.omit({serverPid: true, serverIdentity: true, log: true}).extend({
  log: z.array(z.string()).optional().describe('Recent activity, newest last (get_agent only).'),
})
export type JobView = z.infer<typeof jobViewSchema>

export function toJobView(job: Job, options: {withLog?: boolean} = {}): JobView {
  const {serverPid: _pid, serverIdentity: _identity, log, ...rest} = job
  return options.withLog ? {...rest, log: [...log]} : rest
}

/** The job with each finished agent's output fitted to its share of a result holding `share` agents. */
export function fitJob(job: Job, fit: ServerContext['fitOutput'], share = job.agents.length): Job {
  return {...job, agents: job.agents.map((agent) => (agent.outcome ? {...agent, outcome: fit(agent.outcome, share, `job-${job.jobId}-${agent.index}`)} : agent))}
}

const seconds = (ms?: number) => (ms === undefined ? '' : ` in ${(ms / 1000).toFixed(1)}s`)

/** A job as text for the calling model: status, then each agent's full output or error. */
export function jobText(job: Job, options: {withLog?: boolean} = {}): string {
  const lines = [`Job ${job.jobId} (${job.kind}): ${job.status}${seconds(job.durationMs)}${job.statusMessage ? ` — ${job.statusMessage}` : ''}`]
  for (const agent of job.agents) {
    const label = job.agents.length > 1 ? `Agent #${agent.index}${agent.name ? ` ${agent.name}` : ''}: ` : ''
    const outcome = agent.outcome
    if (outcome?.status === 'succeeded') lines.push(`${label}succeeded${outcome.threadId ? ` (threadId ${outcome.threadId})` : ''}\n${outcome.output}`)
    else if (outcome?.error) lines.push(`${label}${outcome.status} (${outcome.error.kind}): ${outcome.error.message}${outcome.error.fix ? `\nFix: ${outcome.error.fix}` : ''}`)
    else lines.push(`${label}${agent.status}${agent.activity ? `; last: ${agent.activity}` : ''}`)
    const changes = outcome && describeChanges(outcome)
    if (changes) lines.push(changes)
  }
  if (options.withLog && job.log.length > 0) lines.push(`Recent activity:\n${job.log.join('\n')}`)
  return lines.join('\n\n')
}
