import {isTerminal, type Job} from '../jobs/job-schema.js'
import type {JobStore} from '../jobs/job-store.js'
import type {ProgressReporter} from './progress.js'

/**
 * Forwards background jobs' changes to one tool call's progress until the returned function is called.
 * - `agent`: one job's agents (a blocking call): each agent of a batch that finishes advances the progress;
 *   an agent's new activity is a message.
 * - `job`: several jobs (wait_agents): each job that finishes advances it; a job's latest log line is a message.
 */
export function forwardJobProgress(store: JobStore, jobIds: readonly string[], progress: ProgressReporter, unit: 'agent' | 'job'): () => void {
  const get = (jobId: string) => store.get(jobId)!
  const finishedJobs = () => jobIds.filter((id) => isTerminal(get(id).status)).length
  let reported = finishedJobs()
  const seen = new Map(jobIds.map((id) => [id, get(id).agents.map((agent) => ({status: agent.status as string, activity: agent.activity}))]))
  const label = (job: Job, index: number) => (job.kind === 'batch' ? `agent #${index}${job.agents[index].name ? ` ${job.agents[index].name}` : ''}` : 'agent')

  const onChange = (jobId: string) => {
    if (!jobIds.includes(jobId)) return
    const job = get(jobId)
    if (unit === 'job') {
      if (finishedJobs() > reported) {
        reported = finishedJobs()
        progress.agentFinished(`job ${jobId} ${job.status}`)
      } else {
        const latest = job.log.at(-1)
        if (latest) progress.activity(`job ${jobId}: ${latest}`)
      }
      return
    }
    const before = seen.get(jobId)!
    for (const agent of job.agents) {
      const was = before[agent.index]
      if (agent.status !== was.status && isTerminal(agent.status)) {
        if (job.kind === 'batch') progress.agentFinished(`${label(job, agent.index)} ${agent.status}`)
      } else if (agent.activity && agent.activity !== was.activity) {
        progress.activity(job.kind === 'batch' ? `${label(job, agent.index)}: ${agent.activity}` : agent.activity)
      }
      before[agent.index] = {status: agent.status, activity: agent.activity}
    }
  }
  store.on('change', onChange)
  return () => store.off('change', onChange)
}
