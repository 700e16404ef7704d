import type {RequestHandlerExtra} from '@modelcontextprotocol/sdk/shared/protocol.js'
import type {ServerNotification, ServerRequest} from '@modelcontextprotocol/sdk/types.js'

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

/**
 * MCP progress for one tool call: a notification per meaningful event and a heartbeat while the agents are
 * silent (Claude Code resets its idle watchdog on progress). `progress` strictly increases: each finished
 * agent adds 1, and activity in between moves the fraction towards the next whole number without reaching it.
 */
export class ProgressReporter {
  private finished = 0
  private sinceFinish = 0
  private lastValue = -1
  private lastSentAt = Date.now()
  private lastActivity = 'started'
  private readonly startedAt = Date.now()
  private readonly heartbeat?: NodeJS.Timeout
  /** Notifications go out in order, and all of them before the tool's result. */
  private sent: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly extra: ToolExtra,
    private readonly total: number,
    heartbeatMs: number,
  ) {
    if (this.token === undefined) return
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastSentAt >= heartbeatMs - 50) {
        const seconds = Math.round((Date.now() - this.startedAt) / 1000)
        this.send(`still running (${seconds}s); last: ${this.lastActivity}`, false)
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
    this.send(message, false)
  }

  /** One more agent finished. */
  agentFinished(message: string): void {
    this.finished++
    this.sinceFinish = 0
    this.lastActivity = message
    this.send(message, true)
  }

  /** Stops the heartbeat; resolves once every notification is out (call it before returning the result). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat)
    await this.sent
  }

  private send(message: string, exact: boolean): void {
    if (this.token === undefined) return
    const value = exact ? this.finished : this.finished + (1 - 1 / (++this.sinceFinish + 1))
    if (value <= this.lastValue) return
    this.lastValue = value
    this.lastSentAt = Date.now()
    const notification = {method: 'notifications/progress' as const, params: {progressToken: this.token, progress: value, total: this.total, message}}
    this.sent = this.sent.then(() => this.extra.sendNotification(notification)).catch(() => {})
  }
}
