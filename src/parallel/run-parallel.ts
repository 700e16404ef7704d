import * as z from 'zod'

import {type AgentOutcome, agentOutcomeSchema, failed} from '../runner/agent-outcome.js'
import {describeEvent} from '../runner/describe-event.js'
import type {Approver} from '../runner/engines/approvals.js'
import type {CodexEvent} from '../runner/events.js'
import type {RunOptions} from '../runner/run-options.js'
import {settleAgentRun} from '../workspaces/settle.js'
import {Limiter} from './limiter.js'

export const parallelEntrySchema = agentOutcomeSchema.extend({
  index: z.number().int().describe('Position of the agent in the request (0-based).'),
  name: z.string().optional(),
})
export type ParallelEntry = z.infer<typeof parallelEntrySchema>

export type AgentState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface ParallelAgent {
  name?: string
  options: RunOptions
}

export interface AgentUpdate {
  index: number
  name?: string
  state: AgentState
  /** A Codex event (while running), with its human description when it has one. */
  event?: CodexEvent
  activity?: string
  /** Set once, when Codex started. */
  spawned?: {pid: number; agentId: string; host?: string}
  /** Set once the agent is finished. */
  entry?: ParallelEntry
}

export interface RunParallelOptions {
  /** Shared limiter (a server's), or a number for a private one. */
  concurrency: Limiter | number
  signal?: AbortSignal
  /** Stop queued agents and kill running ones at the first failure. */
  failFast?: boolean
  onUpdate?: (update: AgentUpdate) => void
  /** Decides the agents' approval requests (approvals "ask"). */
  onApproval?: Approver
}

/**
 * Runs agents concurrently up to the limit, queueing the rest; results in input order. One failed agent
 * never hides the others: each entry is an outcome, success or not. Shared by `codex-mcp parallel` and
 * the `spawn_agents_parallel` MCP tool.
 */
export async function runParallel(agents: ParallelAgent[], options: RunParallelOptions): Promise<ParallelEntry[]> {
  const limiter = typeof options.concurrency === 'number' ? new Limiter(options.concurrency) : options.concurrency
  const stopAll = new AbortController()
  const onOuterAbort = () => stopAll.abort()
  options.signal?.addEventListener('abort', onOuterAbort, {once: true})
  if (options.signal?.aborted) stopAll.abort()
  const notify = (update: AgentUpdate) => {
    try {
      options.onUpdate?.(update)
    } catch {}
  }

  const entries = await Promise.all(
    agents.map(async (agent, index): Promise<ParallelEntry> => {
      const base = {index, ...(agent.name ? {name: agent.name} : {})}
      notify({...base, state: 'queued'})
      let outcome: AgentOutcome
      try {
        outcome = await limiter.run(async () => {
          notify({...base, state: 'running'})
          const settled = await settleAgentRun(agent.options, {
            signal: stopAll.signal,
            onApproval: options.onApproval,
            onEvent: (event) => notify({...base, state: 'running', event, activity: describeEvent(event)}),
            onSpawn: (spawned) => notify({...base, state: 'running', spawned}),
          })
          // Abort while still holding the slot: releasing it first would start a queued agent only to kill it.
          if (options.failFast && settled.status === 'failed') stopAll.abort()
          return settled
        }, stopAll.signal)
      } catch (error) {
        outcome = failed(error, 0) // cancelled while queued
      }
      const entry: ParallelEntry = {...outcome, ...base}
      if (options.failFast && entry.status === 'failed') stopAll.abort()
      notify({...base, state: entry.status, entry})
      return entry
    }),
  )
  options.signal?.removeEventListener('abort', onOuterAbort)
  return entries
}
