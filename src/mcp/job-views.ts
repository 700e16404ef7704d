import * as z from 'zod'

import {type Job, jobSchema} from '../jobs/job-schema.js'

/** A job as tools show it (no internal fields). */
export const jobViewSchema = jobSchema.omit({serverPid: true, log: true}).extend({
  log: z.array(z.string()).optional().describe('Recent activity, newest last (get_agent only).'),
})
export type JobView = z.infer<typeof jobViewSchema>

export function toJobView(job: Job, options: {withLog?: boolean} = {}): JobView {
  const {serverPid: _pid, log, ...rest} = job
  return options.withLog ? {...rest, log: [...log]} : rest
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
  }
  if (options.withLog && job.log.length > 0) lines.push(`Recent activity:\n${job.log.join('\n')}`)
  return lines.join('\n\n')
}
