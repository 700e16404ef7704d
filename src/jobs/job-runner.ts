import type {AgentTask, Config} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'
import {stateDirFix} from '../state/state-dir.js'
import type {Limiter} from '../parallel/limiter.js'
import type {Approver} from '../runner/engines/approvals.js'
import {prepareAgents} from '../parallel/prepare-agents.js'
import {runParallel} from '../parallel/run-parallel.js'
import type {Job} from './job-schema.js'
import type {JobStore} from './job-store.js'

const SHUTDOWN_MESSAGE = 'the server shut down (its client went away, or it was stopped) before the job finished.'

export type JobAgentArgs = AgentTask & {threadId?: string}

/** What the runner needs from whoever hosts it (the MCP server): settings, the shared limit, shutdown, a log. */
export interface JobRunnerContext {
  config: Config
  /** Relative agent `cwd`s resolve against this. */
  baseCwd: string
  limiter: Limiter
  shutdownSignal: AbortSignal
  logger: {log(level: 'info' | 'warning', message: string): void}
  approve?: Approver
}

const head = (prompt: string) => (prompt.length > 120 ? `${prompt.slice(0, 119)}…` : prompt).replace(/\s+/g, ' ')

/**
 * Runs jobs in the background under the server's concurrency limit, recording every state change in the
 * job store. A job can be cancelled (its agents' trees are killed); a server shutdown cancels its running
 * jobs (only a server that died without a shutdown leaves them `lost`).
 */
export class JobRunner {
  private readonly controllers = new Map<string, AbortController>()
  private readonly finished = new Map<string, Promise<void>>()

  constructor(
    private readonly ctx: JobRunnerContext,
    readonly store: JobStore,
  ) {}

  /** `blocking`: a call that waits for its job (it needs no state dir: without one the job lives in memory). */
  start(kind: Job['kind'], agents: JobAgentArgs[], jobId?: string, options: {blocking?: boolean} = {}): Job {
    if (this.store.unavailable && !options.blocking) {
      throw new CodexMcpError(`Background jobs are unavailable: ${this.store.unavailable}. Blocking tools (spawn_agent, spawn_agents_parallel) still work.`, {
        kind: 'invalid-config',
        fix: stateDirFix(this.store.dir!),
      })
    }
    const {runnable, invalid} = prepareAgents(this.ctx.config, agents, this.ctx.baseCwd)
    const job = this.store.create({
      jobId,
      kind,
      cwd: runnable[0]?.options.cwd ?? this.ctx.baseCwd,
      agents: agents.map((agent) => ({name: agent.name, promptHead: head(agent.prompt)})),
    })
    for (const [index, outcome] of invalid) this.store.updateAgent(job.jobId, index, {status: outcome.status, outcome}, `${outcome.status}: ${outcome.error?.message}`)
    const controller = new AbortController()
    this.controllers.set(job.jobId, controller)
    const run = runParallel(runnable, {
      concurrency: this.ctx.limiter,
      signal: AbortSignal.any([controller.signal, this.ctx.shutdownSignal]),
      onApproval: this.ctx.approve,
      onUpdate: (update) => {
        const index = runnable[update.index].index
        if (update.entry) {
          const {index: _i, name: _n, ...outcome} = update.entry
          // A shutdown (client gone, SIGTERM) cancels: the same status now and for the next server.
          if (this.ctx.shutdownSignal.aborted && outcome.status === 'cancelled') {
            this.store.setStatusMessage(job.jobId, SHUTDOWN_MESSAGE)
            if (outcome.error) outcome.error = {...outcome.error, message: `Agent cancelled: ${SHUTDOWN_MESSAGE}`}
          }
          this.store.updateAgent(job.jobId, index, {status: outcome.status, outcome}, outcome.status)
          this.ctx.logger.log(outcome.status === 'succeeded' ? 'info' : 'warning', `agent ${outcome.status} in ${outcome.durationMs} ms${outcome.error ? `: ${outcome.error.message}` : ''}`)
        } else if (update.spawned) {
          const {agentId, host} = update.spawned
          this.store.updateAgent(job.jobId, index, {status: 'running', agentId, ...(host ? {host, activity: `running on host ${host}`} : {})}, host ? `running on host ${host}` : undefined)
        } else if (update.state === 'running') {
          const threadId = update.event?.type === 'thread.started' ? {threadId: update.event.thread_id} : {}
          this.store.updateAgent(job.jobId, index, {status: 'running', ...threadId, ...(update.activity ? {activity: update.activity} : {})}, update.activity ?? (update.event ? undefined : 'started'))
        }
      },
    })
      .then(() => undefined)
      .finally(() => this.controllers.delete(job.jobId))
    this.finished.set(job.jobId, run)
    run.finally(() => this.finished.delete(job.jobId)).catch(() => {})
    return this.store.get(job.jobId)!
  }

  /** Kills the job's agents and resolves once their trees are gone. False when it was not running here. */
  async cancel(jobId: string): Promise<boolean> {
    const controller = this.controllers.get(jobId)
    if (!controller) return false
    controller.abort()
    await this.finished.get(jobId)
    return true
  }

  /** Resolves when every running job has ended (after a shutdown abort). */
  async settled(): Promise<void> {
    await Promise.all(this.finished.values())
    this.store.flush()
  }
}
