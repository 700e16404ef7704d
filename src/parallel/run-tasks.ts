import {createProgress, type ProgressMode} from './progress.js'
import {type ParallelEntry, runParallel} from './run-parallel.js'
import type {TaskAgent} from './tasks-file.js'

export interface RunTasksOptions {
  concurrency: number | import('./limiter.js').Limiter
  failFast?: boolean
  signal?: AbortSignal
  progress: ProgressMode
}

export interface TasksRun {
  entries: ParallelEntry[]
  wallMs: number
}

/** A batch through the shared executor with live progress on stderr; resolves once the view is closed. */
export async function runTasks(agents: TaskAgent[], options: RunTasksOptions): Promise<TasksRun> {
  const started = Date.now()
  const progress = await createProgress(
    agents.map((agent) => agent.label),
    options.progress,
  )
  try {
    const entries = await runParallel(agents, {
      concurrency: options.concurrency,
      failFast: options.failFast,
      signal: options.signal,
      onUpdate: (update) => progress.update(update),
    })
    return {entries, wallMs: Date.now() - started}
  } finally {
    await progress.stop()
  }
}

/** 0 all succeeded, 1 any failed or was cancelled, 130 interrupted (Ctrl-C, SIGTERM). */
export function batchExitCode(entries: ParallelEntry[], interrupted: boolean): number {
  if (interrupted) return 130
  return entries.every((entry) => entry.status === 'succeeded') ? 0 : 1
}
