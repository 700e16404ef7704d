/** Where engines' notes (a fallback, an untested Codex) go: stderr, unless the host (an MCP server) routes them to its logger. */
export type EngineLog = (level: 'notice' | 'warning' | 'error', message: string) => void

const toStderr: EngineLog = (_level, message) => {
  process.stderr.write(`codex-mcp: ${message}\n`)
}
let sink: EngineLog = toStderr
const said = new Set<string>()

/** Routes engine notes (e.g. to the MCP client's logger, which also writes stderr); undefined restores stderr. */
export function setEngineLog(log: EngineLog | undefined): void {
  sink = log ?? toStderr
}

/** Says `message` once per process, however many agents it concerns. */
export function noteOnce(level: Parameters<EngineLog>[0], message: string): void {
  if (said.has(message)) return
  said.add(message)
  try {
    sink(level, message)
  } catch {}
}
