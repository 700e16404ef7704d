import type {CodexEvent} from '../../events.js'
import type {AppServerItem, Notification} from './protocol.js'

/**
 * app-server items and notifications as the exec engine's `--json` events, so that outcome judging,
 * progress descriptions and the reconnect watchdog are one implementation for both engines.
 */
export function toExecItem(item: AppServerItem): Record<string, unknown> | undefined {
  const it = item as Record<string, any>
  switch (item.type) {
    case 'agentMessage':
      return {id: it.id, type: 'agent_message', text: it.text}
    case 'commandExecution':
      return {id: it.id, type: 'command_execution', command: it.command, aggregated_output: it.aggregatedOutput ?? undefined, exit_code: it.exitCode ?? null, status: it.status}
    case 'fileChange':
      return {
        id: it.id,
        type: 'file_change',
        changes: (it.changes as Array<{path: string; kind?: {type?: string}}>).map((change) => ({path: change.path, kind: change.kind?.type})),
        status: it.status,
      }
    case 'mcpToolCall':
      return {id: it.id, type: 'mcp_tool_call', server: it.server, tool: it.tool, status: it.status}
    case 'reasoning':
      return {id: it.id, type: 'reasoning', text: (it.summary ?? []).join('\n')}
    case 'webSearch':
      return {id: it.id, type: 'web_search', query: it.query}
    case 'plan':
      return {id: it.id, type: 'todo_list'}
    case 'userMessage':
      return undefined // the prompt we sent: exec does not echo it either
    default:
      return {id: it.id, type: item.type}
  }
}

/** Usage of one model call, summed over the turn into exec's `turn.completed` usage. */
export interface TurnUsage {
  input_tokens: number
  cached_input_tokens: number
  output_tokens: number
  reasoning_output_tokens: number
}

export function emptyTurnUsage(): TurnUsage {
  return {input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0}
}

export function toExecEvent(notification: Notification, usage: TurnUsage): CodexEvent | undefined {
  switch (notification.method) {
    case 'turn/started':
      return {type: 'turn.started'}
    case 'item/started':
    case 'item/completed': {
      const item = toExecItem(notification.params.item)
      if (!item) return undefined
      return {type: notification.method === 'item/started' ? 'item.started' : 'item.completed', item} as CodexEvent
    }
    case 'thread/tokenUsage/updated': {
      const last = notification.params.tokenUsage.last
      usage.input_tokens += last.inputTokens
      usage.cached_input_tokens += last.cachedInputTokens
      usage.output_tokens += last.outputTokens
      usage.reasoning_output_tokens += last.reasoningOutputTokens
      return undefined
    }
    case 'error': {
      const message = notification.params.error.message
      // exec prints these retries as "Reconnecting… N/M"; the watchdog keys on that wording.
      if (notification.params.willRetry) return {type: 'error', message: /^Reconnecting\b/i.test(message) ? message : `Reconnecting... ${message}`}
      return {type: 'error', message}
    }
    case 'warning':
      return {type: 'item.completed', item: {type: 'error', message: notification.params.message}} as CodexEvent
    case 'turn/completed': {
      const turn = notification.params.turn
      if (turn.status === 'completed') return {type: 'turn.completed', usage: {...usage}} as CodexEvent
      return {type: 'turn.failed', error: {message: turn.error?.message ?? `turn ${turn.status}`}}
    }
    default:
      return undefined
  }
}
