import {type ChildProcess, spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

import {within} from '../../../config/duration.js'
import {supervised} from '../../supervisor.js'
import {TailBuffer} from '../../tail-buffer.js'
import {incomingSchema, type Notification, parseNotification} from './protocol.js'

export type RequestId = string | number

/** What one thread of the app-server hears: its notifications, requests for it, and the process's end. */
export interface ThreadListener {
  onNotification(notification: Notification): void
  /** A request the server sent about this thread (an approval); resolve with the `result` to send back. */
  onServerRequest?(method: string, params: unknown): Promise<unknown>
  /** A notification we rely on failed its schema (a Codex whose protocol changed): `issues` says how. */
  onMismatch?(method: string, issues: string): void
  onExit(reason: string): void
}

export class RpcError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message)
  }
}

/**
 * One `codex app-server` process spoken to over stdio, one JSON object a line. Notifications and server
 * requests are routed to listeners by `params.threadId`; everything else is answered or dropped here.
 */
export class AppServerConnection {
  readonly child: ChildProcess
  readonly stderr = new TailBuffer(16 * 1024)
  private nextId = 1
  private readonly pending = new Map<RequestId, {resolve: (value: unknown) => void; reject: (error: Error) => void}>()
  private readonly threads = new Map<string, ThreadListener>()
  private exitReason?: string
  /** Thread id → the agent marker its shell environment was opened with (threads stay loaded after their turn). */
  readonly markers = new Map<string, string>()
  readonly exited: Promise<string>

  constructor(file: string, args: string[], env: Record<string, string>) {
    // Under the same supervisor as an exec agent: if codex-mcp dies (even by SIGKILL), it takes app-server and
    // every thread's commands down; a command that double-forks out of its session stays in its tree.
    const command = supervised(file, [...args, 'app-server'], env)
    this.child = spawn(command.file, command.args, {env, stdio: ['pipe', 'pipe', 'pipe'], detached: true})
    // A warm server must not keep a finished CLI alive: a running agent's own timers hold the event loop.
    this.child.unref()
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) (stream as unknown as {unref?: () => void})?.unref?.()
    this.child.stdin?.on('error', () => {}) // EPIPE after a crash: reported through `exited`
    this.child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')))
    const lines = createInterface({input: this.child.stdout!, crlfDelay: Infinity})
    lines.on('line', (line) => this.receive(line))
    this.exited = new Promise((resolve) => {
      const done = (reason: string) => {
        if (this.exitReason) return
        this.exitReason = reason
        for (const {reject} of this.pending.values()) reject(new RpcError(`Codex app-server ${reason}`))
        this.pending.clear()
        for (const listener of this.threads.values()) listener.onExit(reason)
        this.threads.clear()
        resolve(reason)
      }
      this.child.once('error', (error) => done(`could not start: ${error.message}`))
      this.child.once('exit', (code, signal) => done(signal ? `was killed by ${signal}` : `exited with code ${code}`))
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get alive(): boolean {
    return this.exitReason === undefined
  }

  request(method: string, params: unknown): Promise<unknown> {
    if (this.exitReason) return Promise.reject(new RpcError(`Codex app-server ${this.exitReason}`))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve, reject})
      this.send({id, method, params})
    })
  }

  notify(method: string, params?: unknown): void {
    this.send(params === undefined ? {method} : {method, params})
  }

  listen(threadId: string, listener: ThreadListener): () => void {
    this.threads.set(threadId, listener)
    return () => {
      if (this.threads.get(threadId) === listener) this.threads.delete(threadId)
    }
  }

  private send(message: object): void {
    if (this.exitReason) return
    this.child.stdin?.write(`${JSON.stringify(message)}\n`)
  }

  private receive(line: string): void {
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      return // not protocol: ignore, as the exec engine ignores non-JSON lines
    }
    const parsed = incomingSchema.safeParse(raw)
    if (!parsed.success) return
    const message = parsed.data
    if (message.method === undefined && message.id !== undefined) {
      const waiter = this.pending.get(message.id)
      if (!waiter) return
      this.pending.delete(message.id)
      if (message.error) waiter.reject(new RpcError(message.error.message, message.error.code))
      else waiter.resolve(message.result)
      return
    }
    if (message.method === undefined) return
    const threadId = (message.params as {threadId?: unknown} | undefined)?.threadId
    const listener = typeof threadId === 'string' ? this.threads.get(threadId) : undefined
    if (message.id !== undefined) {
      void this.answer(message.id, message.method, message.params, listener)
      return
    }
    if (!listener) return
    const checked = parseNotification(message.method, message.params)
    try {
      if (checked?.notification) listener.onNotification(checked.notification)
      else if (checked?.issues) listener.onMismatch?.(message.method, checked.issues)
    } catch {}
  }

  /** Every server request gets an answer: unhandled ones are declined, never left waiting forever. */
  private async answer(id: RequestId, method: string, params: unknown, listener: ThreadListener | undefined): Promise<void> {
    try {
      if (!listener?.onServerRequest) throw new RpcError(`codex-mcp does not handle ${method} here`, -32601)
      this.send({id, result: await listener.onServerRequest(method, params)})
    } catch (error) {
      this.send({id, error: {code: error instanceof RpcError && error.code ? error.code : -32603, message: (error as Error).message}})
    }
  }

  /** Closes stdin (app-server then ends its threads and their commands), then TERM, then KILL. */
  async close(graceMs = 2000): Promise<void> {
    if (this.exitReason) return
    this.child.stdin?.end()
    if ((await this.waitExit(graceMs)) || !this.child.pid) return
    signalGroup(this.child.pid, 'SIGTERM')
    if (await this.waitExit(graceMs)) return
    signalGroup(this.child.pid, 'SIGKILL')
    await this.waitExit(graceMs)
  }

  /** True once the process has exited, false after `ms`; the timer holds the event loop meanwhile (the child does not). */
  private waitExit(ms: number): Promise<boolean> {
    return within(this.exited.then(() => true), ms).then((exited) => exited ?? false)
  }
}

export function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig)
  } catch {
    try {
      process.kill(pid, sig)
    } catch {}
  }
}
