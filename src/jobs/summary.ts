/**
 * The one place that rolls agents' statuses up into a job's or a batch's, counts them, and finds the files two
 * agents both changed. Every view (job store, MCP results, `parallel`'s table) asks here, so they agree.
 *
 * The rule:
 * - An agent is `queued`, `running`, `succeeded`, `failed`, `cancelled` or (a background job whose server
 *   died) `lost`. A cancelled agent is `cancelled` everywhere, whether it was stopped while running or before
 *   it started, with error kind `cancelled`; never `failed`. Status `cancelled` ⇔ error kind `cancelled`.
 * - A group (a job, a batch): `running` while any agent runs or some (not all) are queued; `queued` while all
 *   are; then `succeeded` when all succeeded, `partial` when some did, `lost` when any was lost, `cancelled`
 *   when all were cancelled, else `failed`.
 */
import type {AgentOutcome} from '../runner/agent-outcome.js'
import {changesOf} from '../parallel/changes.js'
import {findOverlaps} from '../workspaces/changed-files.js'

export const agentStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost'] as const
export type AgentStatus = (typeof agentStatuses)[number]
export type GroupStatus = AgentStatus | 'partial'

export interface StatusCounts {
  total: number
  succeeded: number
  failed: number
  cancelled: number
  running: number
  queued: number
  lost: number
}

/** How many agents are in each status. */
export function countStatuses(statuses: readonly AgentStatus[]): StatusCounts {
  const counts: StatusCounts = {total: statuses.length, succeeded: 0, failed: 0, cancelled: 0, running: 0, queued: 0, lost: 0}
  for (const status of statuses) counts[status]++
  return counts
}

/** A group's status from its agents' (see the rule above). */
export function groupStatus(statuses: readonly AgentStatus[]): GroupStatus {
  const counts = countStatuses(statuses)
  if (counts.running > 0) return 'running'
  if (counts.queued > 0) return counts.queued === counts.total ? 'queued' : 'running'
  if (counts.succeeded === counts.total) return 'succeeded'
  if (counts.succeeded > 0) return 'partial'
  if (counts.lost > 0) return 'lost'
  if (counts.cancelled === counts.total) return 'cancelled'
  return 'failed'
}

/** A finished batch's status: its agents' outcomes are succeeded, failed or cancelled. */
export const batchStatus = (entries: ReadonlyArray<Pick<AgentOutcome, 'status'>>) =>
  groupStatus(entries.map((entry) => entry.status)) as 'succeeded' | 'partial' | 'failed' | 'cancelled'

/** The counts a batch result reports (a lost agent counts as cancelled, as its outcome says: see outcomeWithout). */
export function batchSummary(statuses: readonly AgentStatus[]) {
  const {total, succeeded, failed, cancelled, lost} = countStatuses(statuses)
  return {total, succeeded, failed, cancelled: cancelled + lost}
}

/** A batch that still runs: the counts with running and queued. */
export function runningBatchSummary(statuses: readonly AgentStatus[]) {
  const {running, queued} = countStatuses(statuses)
  return {...batchSummary(statuses), running, queued}
}

/** "3 succeeded, 1 failed": succeeded always, the others when there are some. */
export function countsText(statuses: readonly AgentStatus[]): string {
  const counts = countStatuses(statuses)
  return (['succeeded', 'failed', 'cancelled', 'running', 'queued', 'lost'] as const)
    .filter((status) => counts[status] > 0 || status === 'succeeded')
    .map((status) => `${counts[status]} ${status}`)
    .join(', ')
}

/** The outcome of an agent that never produced one: cancelled before it ran, or lost with its server. */
export function outcomeWithout(status: AgentStatus, message?: string): AgentOutcome {
  return {
    status: 'cancelled',
    output: '',
    durationMs: 0,
    error: {kind: 'cancelled', message: message ?? (status === 'lost' ? 'Agent lost: the server that ran it stopped.' : 'Agent cancelled before it started.'), retryable: true},
  }
}

/**
 * Files that two or more agents changed, each agent named by `key` (a batch's index, or `jobId` /
 * `jobId#index` across jobs: see agentRef). Agents without an outcome changed nothing.
 */
export function overlapsOf<K extends string | number>(agents: ReadonlyArray<{key: K; outcome?: AgentOutcome}>): Array<{path: string; agents: K[]}> {
  return findOverlaps(agents.map(({key, outcome}) => ({key, ...(outcome ? changesOf(outcome) : {})})))
}

/** An agent across jobs: its job id, plus `#index` within a batch job. */
export const agentRef = (job: {jobId: string; kind: 'agent' | 'batch'}, index: number) => (job.kind === 'agent' ? job.jobId : `${job.jobId}#${index}`)
