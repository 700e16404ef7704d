import {longTimeout} from '../../config/duration.js'
import {CodexMcpError} from '../../errors.js'
import type {CodexEvent} from '../events.js'
import {type AgentResult, OutcomeTracker, unknownThreadError} from '../outcome.js'
import {reconnectWatchdog} from '../reconnect-watchdog.js'
import type {RunOptions} from '../run-options.js'
import type {AgentRun, RunHooks} from './types.js'

/** Why an agent was stopped before its engine finished it. Each has one error (stopError). */
export type StopReason = 'timeout' | 'cancelled' | 'provider-unreachable' | 'unknown-thread' | 'engine-crashed' | 'protocol-mismatch' | 'host-down'

/** What an engine supplies once its agent is started: how to ask it to stop, and how to kill its processes. */
export interface AgentControls {
  /** Asks the engine to end the turn (app-server: turn/interrupt). Optional: exec has only kill. */
  interrupt?(): void
  /** Kills every process of the agent (the one kill loop of process-tree.ts). */
  kill(): Promise<void>
}

/** The one "Agent cancelled" error. */
export function cancelledError(cwd: string, threadId?: string): CodexMcpError {
  return new CodexMcpError(`Agent cancelled: agent in ${cwd}`, {kind: 'cancelled', threadId})
}

/**
 * One agent's life, the same on every engine: the timeout (longTimeout, so any duration works), the caller's
 * abort, the reconnect watchdog, a resumed thread that comes back as another one, the engine's crash or a
 * protocol mismatch — each a stop reason with one error; the first stop interrupts and kills the agent once.
 * The engine starts the agent, feeds its events to `observe`, and hands its controls to `started`.
 */
export class AgentLifecycle {
  readonly outcome = new OutcomeTracker()
  private readonly events: CodexEvent[] = []
  private reason?: StopReason
  private detail?: string
  private cause?: CodexMcpError
  private controls?: AgentControls
  private killing?: Promise<void>
  private readonly stoppedController = new AbortController()
  private readonly endedController = new AbortController()
  private readonly cancelTimeout: () => void
  private readonly watchdog: ReturnType<typeof reconnectWatchdog>
  private readonly onAbort = () => this.stop('cancelled')
  /** Codex's stderr (or app-server's), for the errors that show it. */
  stderrTail: () => string = () => ''

  constructor(
    readonly options: RunOptions,
    private readonly hooks: RunHooks,
  ) {
    if (hooks.signal?.aborted) throw cancelledError(options.cwd)
    this.cancelTimeout = longTimeout(() => this.stop('timeout'), options.timeoutMs)
    this.watchdog = reconnectWatchdog(options.reconnectTimeoutMs, () => this.stop('provider-unreachable'))
    hooks.signal?.addEventListener('abort', this.onAbort, {once: true})
  }

  /** Aborted at the first stop. */
  get stopped(): AbortSignal {
    return this.stoppedController.signal
  }

  /** Aborted when the agent's life is over (its pending approval questions are then moot). */
  get ended(): AbortSignal {
    return this.endedController.signal
  }

  get stopReason(): StopReason | undefined {
    return this.reason
  }

  /** The engine started the agent: a stop from now on (or one that came first) interrupts and kills it. */
  started(controls: AgentControls): void {
    this.controls = controls
    if (this.reason) this.halt()
  }

  /** An event from the agent: outcome, kept events, watchdog, progress. */
  observe(event: CodexEvent): void {
    this.outcome.observe(event)
    if (this.hooks.keepEvents) this.events.push(event)
    // Codex 0.47 and 0.100 answer `exec resume <unknown id>` with a fresh thread instead of an error: the context is lost.
    const resumed = this.options.resumeThreadId
    if (resumed && event.type === 'thread.started' && event.thread_id.toLowerCase() !== resumed.toLowerCase()) this.stop('unknown-thread')
    this.watchdog.observe(event)
    try {
      this.hooks.onEvent?.(event)
    } catch {}
  }

  /** Stops the agent for `reason` (the first reason wins); `detail` goes into its error. */
  stop(reason: StopReason, detail?: string): void {
    if (this.reason) return
    this.reason = reason
    this.detail = detail
    this.stoppedController.abort()
    this.halt()
  }

  /** Stops the agent for `reason` with the engine's own error (a host that went away: which host, why, how to fix). */
  stopWith(reason: 'host-down', error: CodexMcpError): void {
    if (this.reason) return
    this.cause = error
    this.stop(reason, error.shortMessage)
  }

  private halt(): void {
    if (!this.controls || this.killing) return
    try {
      this.controls.interrupt?.()
    } catch {}
    this.killing = this.controls.kill().catch(() => {})
  }

  /** Resolves once a stop's kill (if any) is done. */
  async killed(): Promise<void> {
    await this.killing
  }

  /** Timers off, the kill (if any) done. */
  async end(): Promise<void> {
    this.cancelTimeout()
    this.watchdog.stop()
    this.hooks.signal?.removeEventListener('abort', this.onAbort)
    await this.killing
    this.endedController.abort()
  }

  /** The error the stop stands for; undefined when nothing stopped the agent. */
  stopError(): CodexMcpError | undefined {
    const {options} = this
    const threadId = this.outcome.threadId
    switch (this.reason) {
      case undefined:
        return undefined
      case 'timeout':
        return new CodexMcpError(`Codex timed out after ${options.timeoutMs} ms: agent in ${options.cwd}`, {
          kind: 'timeout',
          timedOut: true,
          retryable: true,
          threadId,
          stderrTail: this.stderrTail() || undefined,
          fix: 'Raise timeoutMs (--timeout), or split the task.',
        })
      case 'cancelled':
        return cancelledError(options.cwd, threadId)
      case 'unknown-thread':
        return unknownThreadError(options.resumeThreadId, `${options.resumeThreadId} (this Codex started a new thread instead, so it was stopped).`)
      case 'provider-unreachable':
        return new CodexMcpError(
          `Codex could not reach its model provider for ${options.reconnectTimeoutMs} ms (it kept printing "Reconnecting…"); the agent was stopped.`,
          {
            kind: 'provider-unreachable',
            retryable: true,
            threadId,
            fix: 'Check the network and the provider\'s base_url in Codex\'s config.toml (`codex-mcp doctor` shows which provider is active).',
          },
        )
      case 'engine-crashed':
        return new CodexMcpError(`${this.detail ?? 'The engine process died'} while the agent ran`, {
          kind: 'engine-crashed',
          retryable: true,
          threadId,
          stderrTail: this.stderrTail() || undefined,
          fix: threadId ? `Run it again; the thread can be continued with reply_agent (threadId ${threadId}).` : 'Run it again.',
        })
      case 'protocol-mismatch':
        return new CodexMcpError(this.detail ?? 'Codex sent a message this engine does not understand', {
          kind: 'protocol-mismatch',
          retryable: true,
          threadId,
          fix: 'Run it again: later agents of this server run on the exec engine. To keep app-server, use a Codex release codex-mcp was tested with (`codex-mcp doctor` names them), and report the mismatch.',
        })
      case 'host-down': {
        const cause = this.cause
        return new CodexMcpError(cause?.shortMessage ?? this.detail ?? 'The agent\'s host went away while it ran', {
          kind: cause?.kind ?? 'host-unreachable',
          retryable: true,
          threadId,
          fix: `${cause?.fix ?? ''}${threadId ? ` The thread can be continued elsewhere: reply_agent with threadId ${threadId} (and another host).` : ''}`.trim(),
        })
      }
    }
  }

  /** The engine's result with the kept events, when asked for. */
  result(finished: AgentResult): AgentRun {
    return this.hooks.keepEvents ? {...finished, events: this.events} : finished
  }
}

/**
 * Runs one agent's life around an engine's `body`: the body starts the agent (calling `life.started`), feeds
 * `life.observe`, waits for the agent to end and returns how to build its result. A stop's error wins over
 * whatever the body threw or would return.
 */
export async function runLifecycle(
  options: RunOptions,
  hooks: RunHooks,
  body: (life: AgentLifecycle) => Promise<() => AgentResult>,
): Promise<AgentRun> {
  const life = new AgentLifecycle(options, hooks)
  let finish: () => AgentResult
  try {
    finish = await body(life)
  } catch (error) {
    await life.end()
    throw life.stopError() ?? error
  }
  await life.end()
  const stopped = life.stopError()
  if (stopped) throw stopped
  return life.result(finish())
}
