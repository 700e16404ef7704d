import {EventEmitter} from 'node:events'
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {randomUUID} from 'node:crypto'

import {defaults} from '../config/schema.js'
import {type Job, type JobAgent, isTerminal, jobSchema, jobStatusOf} from './job-schema.js'

const LOG_LINES = 50

export interface JobStoreOptions {
  /** Where jobs are written; undefined keeps them in memory only. */
  dir?: string
  /** Finished jobs kept (newest first). */
  maxFinished?: number
  /** Finished jobs older than this are forgotten. */
  maxAgeMs?: number
}

/** `$XDG_STATE_HOME/codex-mcp` (default `~/.local/state/codex-mcp`), or the config's `stateDir`. */
export function defaultStateDir(env: Record<string, string | undefined> = process.env): string {
  return path.join(env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state'), 'codex-mcp')
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Every background job of a server, in memory and on disk (one JSON file a job, written atomically), so a
 * restarted server still reports finished jobs and their thread ids. Emits `change` with the job id.
 */
export class JobStore extends EventEmitter<{change: [jobId: string]}> {
  private readonly jobs = new Map<string, Job>()
  /** Agent ids of jobs found lost at load: their processes may still run (see reapAgents). */
  readonly lostAgentIds: string[] = []
  private readonly dirty = new Set<string>()
  private flushTimer?: NodeJS.Timeout

  constructor(private readonly options: JobStoreOptions = {}) {
    super()
    this.setMaxListeners(0)
    if (options.dir) this.load(options.dir)
  }

  /** Jobs from disk; one that was running in a server that is gone is `lost`, never silently missing. */
  private load(dir: string): void {
    mkdirSync(dir, {recursive: true})
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue
      try {
        const job = jobSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')))
        if (!isTerminal(job.status) && !(job.serverPid !== process.pid && pidAlive(job.serverPid))) {
          for (const agent of job.agents) {
            if (agent.status !== 'running' && agent.status !== 'queued') continue
            agent.status = 'lost'
            if (agent.agentId) this.lostAgentIds.push(agent.agentId)
          }
          job.status = 'lost'
          job.statusMessage = 'The server running this job stopped before it finished.'
          this.jobs.set(job.jobId, job)
          this.persist(job.jobId)
        } else {
          this.jobs.set(job.jobId, job)
        }
      } catch {
        // a corrupt or foreign file: not ours to delete
      }
    }
    this.prune()
  }

  create(init: {kind: Job['kind']; cwd: string; agents: Array<Pick<JobAgent, 'name' | 'promptHead'>>; jobId?: string}): Job {
    const job: Job = {
      jobId: init.jobId ?? randomUUID(),
      kind: init.kind,
      status: 'queued',
      cwd: init.cwd,
      createdAt: new Date().toISOString(),
      agents: init.agents.map((agent, index) => ({index, ...agent, status: 'queued'})),
      log: [],
      serverPid: process.pid,
    }
    this.jobs.set(job.jobId, job)
    this.persist(job.jobId)
    this.emit('change', job.jobId)
    return job
  }

  get(jobId: string): Job | undefined {
    return this.jobs.get(jobId)
  }

  /** Newest first. */
  list(): Job[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Applies a change to one agent of a job; the job's status follows. Terminal changes are written at once. */
  updateAgent(jobId: string, index: number, change: Partial<Pick<JobAgent, 'status' | 'activity' | 'outcome' | 'agentId' | 'threadId'>>, logLine?: string): void {
    const job = this.jobs.get(jobId)
    const agent = job?.agents[index]
    if (!job || !agent) return
    Object.assign(agent, change)
    if (logLine) {
      job.log.push(`${new Date().toISOString().slice(11, 19)} ${job.agents.length > 1 ? `#${index} ` : ''}${logLine}`)
      if (job.log.length > LOG_LINES) job.log.splice(0, job.log.length - LOG_LINES)
    }
    const before = job.status
    job.status = jobStatusOf(job.agents)
    if (isTerminal(job.status) && !isTerminal(before)) {
      job.finishedAt = new Date().toISOString()
      job.durationMs = Date.parse(job.finishedAt) - Date.parse(job.createdAt)
      this.persist(jobId)
      this.prune()
    } else if (change.agentId) {
      this.persist(jobId) // a server killed from now on leaves the id its successor needs to reap the agent
    } else {
      this.persistSoon(jobId)
    }
    this.emit('change', jobId)
  }

  /** Resolves when `isDone(jobs)` holds or after `timeoutMs`, whichever is first. */
  async waitUntil(isDone: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (isDone()) return true
    return new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer)
        this.off('change', onChange)
        signal?.removeEventListener('abort', onAbort)
        resolve(value)
      }
      const onChange = () => isDone() && finish(true)
      const onAbort = () => finish(false)
      const timer = setTimeout(() => finish(isDone()), timeoutMs)
      this.on('change', onChange)
      signal?.addEventListener('abort', onAbort, {once: true})
    })
  }

  /** Writes pending changes now (shutdown). */
  flush(): void {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    for (const jobId of this.dirty) this.persist(jobId)
  }

  private persistSoon(jobId: string): void {
    this.dirty.add(jobId)
    this.flushTimer ??= setTimeout(() => this.flush(), 1000).unref()
  }

  private persist(jobId: string): void {
    this.dirty.delete(jobId)
    const job = this.jobs.get(jobId)
    if (!this.options.dir || !job) return
    try {
      mkdirSync(this.options.dir, {recursive: true})
      const file = path.join(this.options.dir, `${jobId}.json`)
      writeFileSync(`${file}.tmp`, JSON.stringify(job, null, 2))
      renameSync(`${file}.tmp`, file)
    } catch {
      // a read-only state dir loses persistence, not the job
    }
  }

  private prune(): void {
    const maxFinished = this.options.maxFinished ?? defaults.maxFinishedJobs
    const oldest = Date.now() - (this.options.maxAgeMs ?? defaults.finishedJobTtlMs)
    const finished = this.list().filter((job) => isTerminal(job.status))
    finished.forEach((job, position) => {
      if (position >= maxFinished || Date.parse(job.finishedAt ?? job.createdAt) < oldest) {
        this.jobs.delete(job.jobId)
        if (this.options.dir) rmSync(path.join(this.options.dir, `${job.jobId}.json`), {force: true})
      }
    })
  }
}
