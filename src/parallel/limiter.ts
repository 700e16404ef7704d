import {CodexMcpError} from '../errors.js'
import type {TreeBudget} from '../runner/nesting/budget.js'

/**
 * A FIFO semaphore: at most `limit` tasks at once, the rest wait their turn. One per server, so blocking
 * calls, batches and background jobs share the same limit. A waiting task whose signal aborts leaves the
 * queue without ever starting. With a tree budget (nested agents allowed), a task also takes one of the
 * tree's slots once it has its turn here (see TreeBudget for why only the root's tasks wait for one).
 */
export class Limiter {
  private active = 0
  private readonly waiting: Array<{start: () => void; signal?: AbortSignal; onAbort: () => void}> = []

  constructor(
    readonly limit: number,
    private readonly budget?: TreeBudget,
  ) {}

  get running(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal)
    let release: (() => void) | undefined
    try {
      release = await this.budget?.acquire(signal)
      return await task()
    } finally {
      release?.()
      this.active--
      this.next()
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(queuedCancelled())
    if (this.active < this.limit) {
      this.active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        signal,
        start: () => {
          signal?.removeEventListener('abort', entry.onAbort)
          this.active++
          resolve()
        },
        onAbort: () => {
          const at = this.waiting.indexOf(entry)
          if (at !== -1) this.waiting.splice(at, 1)
          reject(queuedCancelled())
        },
      }
      signal?.addEventListener('abort', entry.onAbort, {once: true})
      this.waiting.push(entry)
    })
  }

  private next(): void {
    if (this.active < this.limit) this.waiting.shift()?.start()
  }
}

const queuedCancelled = () => new CodexMcpError('Agent cancelled before it started.', {kind: 'cancelled'})
