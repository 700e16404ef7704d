import type {RequestHandlerExtra} from '@modelcontextprotocol/sdk/shared/protocol.js'
import {EmptyResultSchema, type ServerNotification, type ServerRequest} from '@modelcontextprotocol/sdk/types.js'

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

/** A notification this recent may still sit unread next to the result in the client's input. */
const UNSETTLED_MS = 2000
const BARRIER_TIMEOUT_MS = 1000

/**
 * A deadline-bound wait less the time stop() may spend on its ping barrier, so the answer still leaves in time.
 */
export function lessBarrier(budgetMs: number | undefined, extra: ToolExtra): number | undefined {
  if (budgetMs === undefined || extra._meta?.progressToken === undefined) return budgetMs
  return Math.max(0, budgetMs - BARRIER_TIMEOUT_MS)
}

/**
 * MCP progress for one tool call: a notification per meaningful event and a heartbeat while the agents are
 * silent (Claude Code resets its idle watchdog on progress).
 * - A batch (`total` given) reports agents finished / total; activity in between adds only millionths, so a
 *   client's percentage means "agents finished". The last agent's finish is left to the result.
 * - A single agent (`total` undefined) reports messages with a plain counter and no total: there is no
 *   meaningful fraction of one agent's work.
 * `stop()` makes sure no notification can race the result (see there).
 */
export class ProgressReporter {
  private finished = 0
  private sinceFinish = 0
  private count = 0
  private lastValue = -1
  private lastSentAt = 0
  private lastActivity = 'started'
  private stopped = false
  private readonly startedAt = Date.now()
  private readonly heartbeat?: NodeJS.Timeout
  /** Notifications go out in order, and all of them before the tool's result. */
  private sent: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly extra: ToolExtra,
    private readonly total: number | undefined,
    heartbeatMs: number,
  ) {
    if (this.token === undefined) return
    this.lastSentAt = Date.now()
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastSentAt >= heartbeatMs - 50) {
        const seconds = Math.round((Date.now() - this.startedAt) / 1000)
        this.send(`still running (${seconds}s); last: ${this.lastActivity}`)
      }
    }, Math.max(50, Math.floor(heartbeatMs / 2)))
    this.heartbeat.unref()
  }

  private get token(): string | number | undefined {
    return this.extra._meta?.progressToken
  }

  /** Something happened (an agent ran a command, wrote a message…). */
  activity(message: string): void {
    this.lastActivity = message
    this.send(message)
  }

  /** One more agent of a batch finished. */
  agentFinished(message: string): void {
    this.finished++
    this.sinceFinish = 0
    this.lastActivity = message
    if (this.total !== undefined && this.finished >= this.total) return // the result says it
    this.send(message, true)
  }

  /**
   * Stops reporting. Resolves once every notification is written and, when one went out just now, the client
   * has answered a ping sent after it: the SDK's client handles a notification a tick later than a response
   * read in the same chunk, so a progress notification right before the result would reach a handler the
   * result already removed ("unknown token"). After the pong, the notification has been handled.
   */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.heartbeat)
    await this.sent
    if (this.count === 0 || Date.now() - this.lastSentAt > UNSETTLED_MS || this.extra.signal.aborted) return
    await this.extra.sendRequest({method: 'ping'}, EmptyResultSchema, {timeout: BARRIER_TIMEOUT_MS}).catch(() => {})
  }

  private send(message: string, exact = false): void {
    if (this.token === undefined || this.stopped) return
    let value: number
    if (this.total === undefined) value = this.count + 1
    else if (exact) value = this.finished
    else if (this.sinceFinish < 999) value = this.finished + ++this.sinceFinish / 1e6
    else return
    if (value <= this.lastValue) return
    this.lastValue = value
    this.lastSentAt = Date.now()
    this.count++
    const params = {progressToken: this.token, progress: value, ...(this.total === undefined ? {} : {total: this.total}), message}
    this.sent = this.sent.then(() => this.extra.sendNotification({method: 'notifications/progress', params})).catch(() => {})
  }
}
