// Read as early as bin/run.js can (else when this module loads), not when serving starts: on a loaded
// machine the parent may die in between.
const initialParent: number = (globalThis as {codexMcpInitialParent?: number}).codexMcpInitialParent ?? process.ppid

/**
 * Ends the server cleanly — every agent's process tree killed, then exit 0 — when the client goes away
 * (stdin closed), on SIGTERM/SIGINT, or when our parent dies without closing stdin.
 */
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
  const parent = initialParent
  const checkParent = () => {
    if (process.ppid !== parent) shutdown()
  }
  checkParent()
  setInterval(checkParent, 1000).unref()
}
