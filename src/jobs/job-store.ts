import {EventEmitter} from 'node:events'
import {chmodSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import path from 'node:path'
import {randomUUID} from 'node:crypto'

import {defaults} from '../config/schema.js'
import {pidAlive, processIdentity} from '../runner/process-tree.js'
import {type Job, type JobAgent, isTerminal, JOB_ID_PATTERN, jobSchema, jobStatusOf} from './job-schema.js'
import {ensurePrivateDir, writePrivateFile} from '../state/private-file.js'
import {stateDirProblem} from '../state/state-dir.js'

const LOG_LINES = 50

export interface JobStoreOptions {
  /** Where jobs are written; undefined keeps them in memory only. */
  dir?: string
  /** Finished jobs kept (newest first). */
  maxFinished?: number
  /** Finished jobs older than this are forgotten. */
  maxAgeMs?: number
}

/** The one place a job id becomes a path: only a validated id, only inside the state dir. */
function jobFile(dir: string, jobId: string): string {
  if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`refusing a job id that is not one: ${JSON.stringify(jobId)}`)
  return path.join(dir, `${jobId}.json`)
}

/** This process as no other, ever: boot id and start time (a pid alone is reused, e.g. after a reboot). */
export const serverIdentity = processIdentity(process.pid)

/** Whether the server that ran `job` is still this same process: pid alive AND the same boot and start time. */
function serverAlive(job: Job): boolean {
  if (job.serverPid === process.pid) return false // an earlier process with our pid, or ourselves reloading
  if (!pidAlive(job.serverPid)) return false
  if (job.serverIdentity === undefined || serverIdentity === undefined) return true // written before identities, or no /proc
  return processIdentity(job.serverPid) === job.serverIdentity
}

/** Jobs written before exitCode became optional-not-null carry `"exitCode": null`. */
function withoutNullExitCodes(raw: any): unknown {
  for (const agent of Array.isArray(raw?.agents) ? raw.agents : []) {
    if (agent?.outcome?.exitCode === null) delete agent.outcome.exitCode
  }
  return raw
}

/**
 * Every background job of a server, in memory and on disk (one JSON file a job, written atomically), so a
 * restarted server still reports finished jobs and their thread ids. Emits `change` with the job id (and
 * `created` for a new one). The files are read on first use, not at construction: a server's start (its
 * `initialize` and `tools/list`) never waits for what earlier servers stored.
 */
export class JobStore extends EventEmitter<{change: [jobId: string]; created: [jobId: string]}> {
  private readonly jobs = new Map<string, Job>()
  /** Why jobs cannot be kept (an unusable state dir): background jobs are refused with this. */
  readonly unavailable?: string
  private readonly lost: string[] = []
  private loaded = false
  private readonly dirty = new Set<string>()
  private flushTimer?: NodeJS.Timeout

  get dir(): string | undefined {
    return this.options.dir
  }

  constructor(private readonly options: JobStoreOptions = {}) {
    super()
    this.setMaxListeners(0)
    if (!options.dir) return
    this.unavailable = stateDirProblem(options.dir)
  }

  /** Agent ids of jobs found lost at load: their processes may still run (see reapAgents). */
  get lostAgentIds(): string[] {
    this.ensureLoaded()
    return this.lost
  }

  private ensureLoaded(): void {
    if (this.loaded) return
    this.loaded = true
    if (this.options.dir && !this.unavailable) this.load(this.options.dir)
  }

  /** Jobs from disk; one that was running in a server that is gone is `lost`, never silently missing. */
  private load(dir: string): void {
    let files: string[] = []
    try {
      files = readdirSync(dir)
    } catch {}
    for (const file of files) {
      if (!file.endsWith('.json')) continue
      try {
        const job = jobSchema.parse(withoutNullExitCodes(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))))
        // A job is known by its file's name; a file claiming another id is not ours to act on (or to delete).
        if (file !== `${job.jobId}.json`) continue
        chmodSync(path.join(dir, file), 0o600)
        if (!isTerminal(job.status) && !serverAlive(job)) {
          for (const agent of job.agents) {
            if (agent.status !== 'running' && agent.status !== 'queued') continue
            agent.status = 'lost'
            if (agent.agentId) this.lost.push(agent.agentId)
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
    this.ensureLoaded()
    const job: Job = {
      jobId: init.jobId ?? randomUUID(),
      kind: init.kind,
      status: 'queued',
      cwd: init.cwd,
      createdAt: new Date().toISOString(),
      agents: init.agents.map((agent, index) => ({index, ...agent, status: 'queued'})),
      log: [],
      serverPid: process.pid,
      ...(serverIdentity ? {serverIdentity} : {}),
    }
    this.jobs.set(job.jobId, job)
    this.persist(job.jobId)
    this.emit('created', job.jobId)
    this.emit('change', job.jobId)
    return job
  }

  get(jobId: string): Job | undefined {
    this.ensureLoaded()
    return this.jobs.get(jobId)
  }

  /** Newest first. */
  list(): Job[] {
    this.ensureLoaded()
    return [...this.jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** Applies a change to one agent of a job; the job's status follows. Terminal changes are written at once. */
  updateAgent(jobId: string, index: number, change: Partial<Pick<JobAgent, 'status' | 'activity' | 'outcome' | 'agentId' | 'threadId' | 'host'>>, logLine?: string): void {
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

  /** A note on the job for whoever looks at it (e.g. why it was cancelled). */
  setStatusMessage(jobId: string, message: string): void {
    const job = this.jobs.get(jobId)
    if (!job) return
    job.statusMessage = message
    this.persistSoon(jobId)
  }

  /** Resolves when `isDone(jobs)` holds or after `timeoutMs` (undefined: no limit), whichever is first. */
  async waitUntil(isDone: () => boolean, timeoutMs: number | undefined, signal?: AbortSignal): Promise<boolean> {
    if (isDone()) return true
    if (signal?.aborted) return false
    return new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer)
        this.off('change', onChange)
        signal?.removeEventListener('abort', onAbort)
        resolve(value)
      }
      const onChange = () => isDone() && finish(true)
      const onAbort = () => finish(false)
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(isDone()), timeoutMs)
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
      ensurePrivateDir(this.options.dir)
      const file = jobFile(this.options.dir, jobId)
      writePrivateFile(file, JSON.stringify(job, null, 2))
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
        if (this.options.dir) rmSync(jobFile(this.options.dir, job.jobId), {force: true})
      }
    })
  }
}
