import type {CodexEvent} from './events.js'

const firstLine = (text: string, max = 100) => {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

/** `/bin/bash -lc 'npm test'` → `npm test`. */
export function shortCommand(command: string): string {
  const match = /^\S*(?:ba|z)?sh -l?c (['"])([\s\S]*)\1$/.exec(command)
  return firstLine(match ? match[2] : command)
}

/**
 * What an event means to a person watching: "running: npm test", "editing src/auth.ts". Undefined for
 * events not worth a line. Shared by the CLI's progress and MCP progress notifications.
 */
export function describeEvent(event: CodexEvent): string | undefined {
  switch (event.type) {
    case 'thread.started':
      return 'started'
    case 'turn.completed':
      return event.usage ? `tokens used: ${event.usage.input_tokens + event.usage.output_tokens}` : undefined
    case 'turn.failed':
      return `failed: ${firstLine(event.error.message)}`
    case 'error':
      return firstLine(event.message)
    case 'item.started':
    case 'item.completed': {
      const item = event.item as Record<string, any>
      const done = event.type === 'item.completed'
      switch (item.type) {
        case 'command_execution':
          return done
            ? `ran: ${shortCommand(item.command)}${typeof item.exit_code === 'number' ? ` (exit ${item.exit_code})` : ''}`
            : `running: ${shortCommand(item.command)}`
        case 'file_change':
          return `${done ? 'edited' : 'editing'} ${(item.changes as Array<{path: string}>).map((c) => c.path).join(', ')}`
        case 'mcp_tool_call':
          return done ? `called ${item.server}.${item.tool}` : `calling ${item.server}.${item.tool}`
        case 'agent_message':
          return done ? `agent message: ${firstLine(item.text)}` : undefined
        case 'reasoning':
          return done ? 'thinking' : undefined
        case 'web_search':
          return done ? undefined : `searching the web: ${firstLine(String(item.query ?? ''))}`
        case 'todo_list':
          return 'updated its plan'
        default:
          return undefined
      }
    }
    default:
      return undefined
  }
}
