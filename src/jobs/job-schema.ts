import * as z from 'zod'

/** Job ids name files in the state dir: nothing that could be a path. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

import {agentOutcomeSchema} from '../runner/agent-outcome.js'
import {agentStatuses, groupStatus} from './summary.js'

export const jobStatuses = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled', 'lost'] as const
export const terminalJobStatuses = new Set<JobStatus>(['succeeded', 'partial', 'failed', 'cancelled', 'lost'])

export const jobAgentSchema = z.object({
  index: z.number().int(),
  name: z.string().optional(),
  promptHead: z.string().describe('The first 120 characters of the prompt.'),
  status: z.enum(agentStatuses),
  activity: z.string().optional().describe('What the agent did last.'),
  threadId: z.string().optional().describe('Codex thread id, as soon as Codex reports it: reply_agent on a running agent steers it (app-server engine).'),
  agentId: z.string().optional().describe('Marker in the environment of every process of the agent, to reap them if the server dies.'),
  host: z.string().optional().describe('With hosts configured: the host the agent runs its commands on.'),
  outcome: agentOutcomeSchema.optional().describe('Set once the agent finished.'),
})
export type JobAgent = z.infer<typeof jobAgentSchema>

/** A background job: one agent (`start_agent`) or a batch (`start_agents`). Persisted as JSON in the state directory. */
export const jobSchema = z.object({
  jobId: z.string().regex(JOB_ID_PATTERN, 'must be a job id (letters, digits, - and _)'),
  kind: z.enum(['agent', 'batch']),
  status: z.enum(jobStatuses),
  statusMessage: z.string().optional(),
  cwd: z.string(),
  createdAt: z.string().describe('ISO time.'),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  agents: z.array(jobAgentSchema),
  /** Recent activity lines, newest last. */
  log: z.array(z.string()),
  /** The server process that runs it: a job whose server is gone was lost. */
  serverPid: z.number().int(),
  /** Boot id and start time of that process: a reused pid is not the server (Linux). */
  serverIdentity: z.string().optional(),
})
export type Job = z.infer<typeof jobSchema>
export type JobStatus = Job['status']

export const isTerminal = (status: JobStatus) => terminalJobStatuses.has(status)

/** A job's status from its agents' statuses (the rule: src/jobs/summary.ts). */
export const jobStatusOf = (agents: readonly JobAgent[]): JobStatus => groupStatus(agents.map((agent) => agent.status))
