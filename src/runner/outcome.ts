import {CodexMcpError} from '../errors.js'
import {classifyFailure} from './classify-failure.js'
import {configRefusal} from './config-refusal.js'
import {type CodexEvent, isReconnectNotice} from './events.js'

export interface Usage {
  inputTokens: number
  cachedInputTokens: number
  outputTokens: number
  reasoningOutputTokens: number
  totalTokens: number
}

export interface AgentResult {
  output: string
  /** The final answer parsed as JSON, when the agent had an outputSchema. */
  structured?: unknown
  /** The turn's unified diff of file edits (app-server engine), capped. */
  diff?: string
  /** With approvals "ask": every approval request the agent made and what became of it. */
  approvals?: import('./engines/approvals.js').ApprovalRecord[]
  threadId?: string
  usage: Usage
  exitCode: number | null
  durationMs: number
  /** Things the caller should know that did not fail the run (e.g. a skipped over-long event line). */
  notices?: string[]
}

/** How Codex says it has no such thread: on stderr (exec) or in a refused request (app-server). */
export const UNKNOWN_THREAD_TEXT = /no rollout found|invalid thread id|unknown thread|thread not found/i

/** The one unknown-thread error, whichever engine found out. */
export function unknownThreadError(threadId: string | undefined, detail: string): CodexMcpError {
  return new CodexMcpError(`No Codex thread with that id: ${detail}`, {
    kind: 'unknown-thread',
    threadId,
    fix: 'Use a threadId returned by an earlier agent run on this machine (Codex keeps threads in its CODEX_HOME).',
  })
}

const emptyUsage = (): Usage => ({inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0, totalTokens: 0})

/**
 * Judges an agent's outcome from its event stream, not its exit code alone: `turn.failed` and top-level
 * `error` events fail it; `error` *items* (e.g. "Model metadata … not found") and "Reconnecting…" notices
 * do not.
 */
export class OutcomeTracker {
  threadId?: string
  private lastMessage?: string
  private failure?: string
  private completed = false
  private readonly notices: string[] = []
  readonly usage = emptyUsage()

  observe(event: CodexEvent): void {
    switch (event.type) {
      case 'thread.started':
        this.threadId = event.thread_id
        break
      case 'item.completed':
        if (event.item.type === 'agent_message' && 'text' in event.item && typeof event.item.text === 'string') {
          this.lastMessage = event.item.text
        }
        break
      case 'turn.completed': {
        this.completed = true
        const u = event.usage
        if (u) {
          this.usage.inputTokens += u.input_tokens
          this.usage.cachedInputTokens += u.cached_input_tokens
          this.usage.outputTokens += u.output_tokens
          this.usage.reasoningOutputTokens += u.reasoning_output_tokens
          this.usage.totalTokens = this.usage.inputTokens + this.usage.outputTokens
        }
        break
      }
      case 'turn.failed':
        this.failure = event.error.message
        break
      case 'error':
        if (!isReconnectNotice(event)) this.failure ??= event.message
        break
      default:
        break
    }
  }

  notice(text: string): void {
    if (this.notices.length < 20) this.notices.push(text)
  }

  /** The result, or the typed error, once Codex has exited. */
  finish(exit: {exitCode: number | null; signal?: string | null; stderrTail: string; durationMs: number}): AgentResult {
    const context = {threadId: this.threadId, stderrTail: withoutNoise(exit.stderrTail) || undefined, exitCode: exit.exitCode}
    if (this.failure !== undefined && !(this.completed && exit.exitCode === 0)) throw classifyFailure(this.failure, context)
    if (exit.exitCode !== 0 || !this.completed) {
      const lastLine = lastMeaningfulLine(exit.stderrTail)
      const refusal = configRefusal(exit.stderrTail, context)
      if (refusal) throw refusal
      const unknownThread = UNKNOWN_THREAD_TEXT.exec(exit.stderrTail)
      if (unknownThread) throw unknownThreadError(this.threadId, lastLine ?? unknownThread[0])
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`
      throw new CodexMcpError(`Codex ${how}${this.completed ? '' : ' before the turn completed'}${lastLine ? `: ${lastLine}` : ''}`, {
        ...context,
        kind: 'exit-nonzero',
        signal: exit.signal,
      })
    }
    return {output: this.lastMessage ?? '', threadId: this.threadId, usage: {...this.usage}, exitCode: exit.exitCode, durationMs: exit.durationMs, ...(this.notices.length > 0 ? {notices: [...this.notices]} : {})}
  }
}

const noise = [/^WARNING: proceeding, even though we could not create PATH aliases/, /^\s*$/, /^\s+\d+: /, /^stack backtrace:/, /^note: run with `RUST_BACKTRACE/, /^\s+at /]

/** Codex's stderr without its harmless warnings: what is left is worth showing. */
export function withoutNoise(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !noise[0].test(line))
    .join('\n')
    .trim()
}

function lastMeaningfulLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((line) => !noise.some((re) => re.test(line)))
  const errorLine = lines.find((line) => /error/i.test(line))
  return (errorLine ?? lines.at(-1))?.trim().slice(0, 500)
}
