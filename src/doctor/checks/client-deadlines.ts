import {parseDuration} from '../../config/duration.js'
import {defaults} from '../../config/schema.js'
import type {DoctorContext} from '../context.js'
import {mcpServers, mcpTableHeader, runsCodexMcpServe} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/** Codex's deadline for one MCP tool call when `tool_timeout_sec` is not set. */
export const CODEX_DEFAULT_TOOL_TIMEOUT_SEC = 60

export {runsCodexMcpServe}

/** The agent timeout a `serve` entry runs with: its own --timeout, else the config's, else the default. */
export function agentTimeoutMs(args: string[], configTimeoutMs: number | undefined): number {
  for (let i = 0; i < args.length; i++) {
    const value = args[i] === '--timeout' ? args[i + 1] : args[i].startsWith('--timeout=') ? args[i].slice('--timeout='.length) : undefined
    if (value === undefined) continue
    try {
      return parseDuration(value)
    } catch {}
  }
  return configTimeoutMs ?? defaults.timeoutMs
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`
  if (ms % 60_000 === 0) return `${ms / 60_000} min`
  return `${Math.round(ms / 1000)} s`
}

/**
 * Where Codex itself is the MCP client of codex-mcp: its `tool_timeout_sec` is a fixed deadline per call
 * (progress does not reset it), 60 s by default — far shorter than an agent.
 */
export function clientDeadlineChecks(ctx: Pick<DoctorContext, 'codexConfig' | 'config'>): CheckResult[] {
  const entries = mcpServers(ctx.codexConfig).filter((entry) => entry.enabled && runsCodexMcpServe(entry))
  if (entries.length === 0) {
    return [check('client-deadline', 'info', 'Codex\'s config does not register codex-mcp as an MCP server: no Codex tool deadline to check')]
  }
  return entries.map((entry) => {
    const id = `client-deadline:${entry.name}`
    const header = mcpTableHeader(entry.name)
    const agentMs = agentTimeoutMs(entry.args, ctx.config.timeoutMs)
    const wanted = Math.ceil(agentMs / 1000) + 60
    const fix = `add under ${header} in ${entry.file}: tool_timeout_sec = ${wanted} (or let Codex use start_agent + wait_agents, whose calls return within the default)`
    const raw = entry.toolTimeoutSec
    if (raw !== undefined && (typeof raw !== 'number' || !(raw > 0))) {
      return check(id, 'warn', `${header} has tool_timeout_sec = ${JSON.stringify(raw)}, not a positive number of seconds.`, fix)
    }
    const seconds = (raw as number | undefined) ?? CODEX_DEFAULT_TOOL_TIMEOUT_SEC
    const given = raw === undefined ? `${seconds} s per tool call (Codex's default; tool_timeout_sec is not set)` : `${seconds} s per tool call (tool_timeout_sec)`
    if (seconds * 1000 < agentMs) {
      return check(
        id,
        'warn',
        `Codex allows codex-mcp serve in ${header} ${given}, a fixed deadline that progress does not reset; agents may run ${formatDuration(agentMs)}, so longer calls fail in Codex.`,
        fix,
      )
    }
    return check(id, 'pass', `${header} (codex-mcp serve): ${given} covers the agent timeout of ${formatDuration(agentMs)}`)
  })
}
