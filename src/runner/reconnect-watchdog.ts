import {type CodexEvent, isReconnectNotice} from './events.js'

/**
 * Codex repeats "Reconnecting…" while its provider is unreachable and never gives up on its own: after
 * `timeoutMs` of nothing but those notices, `onStuck` runs. Any other event resets the clock. Both engines use it.
 */
export function reconnectWatchdog(timeoutMs: number, onStuck: () => void) {
  let timer: NodeJS.Timeout | undefined
  return {
    observe(event: CodexEvent): void {
      if (isReconnectNotice(event)) {
        timer ??= setTimeout(onStuck, timeoutMs)
      } else if (timer) {
        clearTimeout(timer)
        timer = undefined
      }
    },
    stop(): void {
      clearTimeout(timer)
    },
  }
}
