import type {CreateTaskOptions, TaskStore} from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js'
import {McpError, ErrorCode, type Result, type Task} from '@modelcontextprotocol/sdk/types.js'
import {randomUUID} from 'node:crypto'

import {isTerminal, type Job} from '../jobs/job-schema.js'
import type {JobRunner} from '../jobs/job-runner.js'
import type {ServerContext} from './context.js'
import {jobToolResult} from './job-results.js'

const POLL_INTERVAL_MS = 1000

function taskStatus(job: Job | undefined): Task['status'] {
  if (!job || !isTerminal(job.status)) return 'working'
  if (job.status === 'cancelled') return 'cancelled'
  if (job.status === 'failed' || job.status === 'lost') return 'failed'
  return 'completed'
}

/**
 * MCP Tasks (protocol 2025-11-25) backed by the job store: a task-augmented spawn_agent call is a
 * background job, so `tasks/get`, `tasks/result` and `tasks/cancel` see what the job tools see.
 */
export class JobTaskStore implements TaskStore {
  private readonly ttls = new Map<string, {ttl: number | null; createdAt: string}>()

  constructor(
    private readonly runnerOf: () => JobRunner,
    private readonly fit: ServerContext['fitOutput'],
  ) {}

  private get runner(): JobRunner {
    return this.runnerOf()
  }

  async createTask(options: CreateTaskOptions): Promise<Task> {
    const taskId = randomUUID()
    const createdAt = new Date().toISOString()
    this.ttls.set(taskId, {ttl: options.ttl ?? null, createdAt})
    return {taskId, status: 'working', ttl: options.ttl ?? null, createdAt, lastUpdatedAt: createdAt, pollInterval: POLL_INTERVAL_MS}
  }

  async getTask(taskId: string): Promise<Task | null> {
    const job = this.runner.store.get(taskId)
    const meta = this.ttls.get(taskId)
    if (!job && !meta) return null
    const createdAt = job?.createdAt ?? meta!.createdAt
    return {
      taskId,
      status: taskStatus(job),
      ...(job?.statusMessage ? {statusMessage: job.statusMessage} : {}),
      ttl: meta?.ttl ?? null,
      createdAt,
      lastUpdatedAt: job?.finishedAt ?? new Date().toISOString(),
      pollInterval: POLL_INTERVAL_MS,
    }
  }

  // Jobs record their own results as they finish.
  async storeTaskResult(): Promise<void> {}

  async getTaskResult(taskId: string): Promise<Result> {
    const job = this.runner.store.get(taskId)
    if (!job || !isTerminal(job.status)) throw new McpError(ErrorCode.InvalidParams, `Task ${taskId} has no result yet`)
    return jobToolResult(job, this.fit)
  }

  async updateTaskStatus(taskId: string, status: Task['status']): Promise<void> {
    if (status === 'cancelled') await this.runner.cancel(taskId)
  }

  async listTasks(): Promise<{tasks: Task[]}> {
    const tasks = await Promise.all(this.runner.store.list().map((job) => this.getTask(job.jobId)))
    return {tasks: tasks.filter((task): task is Task => task !== null)}
  }
}
