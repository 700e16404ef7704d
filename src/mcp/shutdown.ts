/**
 * Ends the server cleanly — every agent's process tree killed, then exit 0 — when the client goes away
 * (stdin closed), on SIGTERM/SIGINT, or when our parent dies without closing stdin.
 */
// Read as the module loads, as early as serve can: a parent that dies during start-up still counts.
const parentAtStart = process.ppid

export function watchForShutdown(close: () => Promise<void>): void {
  let closing = false
  const shutdown = () => {
    if (closing) return
    closing = true
    close()
      .catch(() => {})
      .finally(() => process.exit(0))
  }
  process.stdin.once('end', shutdown)
  process.stdin.once('close', shutdown)
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  process.once('SIGHUP', shutdown)
  const parent = parentAtStart
  if (process.ppid !== parent) setImmediate(shutdown)
  setInterval(() => {
    if (process.ppid !== parent) shutdown()
  }, 1000).unref()
}
