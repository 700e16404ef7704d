import {readFileSync} from 'node:fs'
import path from 'node:path'
import semver from 'semver'

import {type McpServerEntry, mcpServers, readCodexConfig, runsCodexMcpServe} from '../config/codex-config.js'

/** What the server knows of its client's limit on one tool call. */
export interface ClientDeadline {
  client: 'codex' | 'claude-code' | 'other'
  /** A fixed limit per tool call that progress does not extend; undefined when there is none (or none known). */
  deadlineMs?: number
  /** Where the limit came from, in words. */
  source: string
}

export interface ClientInfo {
  name?: string
  version?: string
}

/** `clientInfo.name` of Codex's MCP client (0.169). */
export const CODEX_CLIENT_NAME = 'codex-mcp-client'

/**
 * Codex's per-call deadline when `tool_timeout_sec` is not set. Codex raised it over time (60 s, later 120 s,
 * then 300 s: openai/codex#28234); 0.169 is the first release measured with 300 s. Older or unknown
 * versions get the smallest known value: detaching early costs a poll, a missed deadline costs the call.
 */
export function codexDefaultToolTimeoutSec(version?: string): number {
  const clean = version ? semver.coerce(version)?.version : undefined
  return clean && semver.gte(clean, '0.169.0') ? 300 : 60
}

/** The environment of the process that started this one (Linux), where Codex's own CODEX_HOME is. */
function parentEnv(ppid: number): Record<string, string> | undefined {
  try {
    const raw = readFileSync(`/proc/${ppid}/environ`, 'utf8')
    return Object.fromEntries(raw.split('\0').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  } catch {
    return undefined
  }
}

/**
 * The `tool_timeout_sec` of the `[mcp_servers.*]` entries in Codex's config that run `codex-mcp serve` (the
 * one that runs this script when it can tell, else the smallest): Codex's config is found from Codex's own
 * environment, since the entry's `env` table may give this server a different CODEX_HOME.
 */
function codexDeadline(version: string | undefined, env: Record<string, string | undefined>, ppid: number, script: string | undefined): ClientDeadline {
  const fallback = codexDefaultToolTimeoutSec(version)
  const codexEnv = parentEnv(ppid) ?? env
  let entries: McpServerEntry[]
  try {
    entries = mcpServers(readCodexConfig(codexEnv)).filter((entry) => entry.enabled && runsCodexMcpServe(entry))
  } catch {
    entries = []
  }
  const mine = script ? entries.filter((entry) => entry.args.some((arg) => path.resolve(arg) === path.resolve(script))) : []
  const candidates = mine.length > 0 ? mine : entries
  const seconds = candidates.map((entry) => (typeof entry.toolTimeoutSec === 'number' && entry.toolTimeoutSec > 0 ? entry.toolTimeoutSec : fallback))
  if (seconds.length === 0) return {client: 'codex', deadlineMs: fallback * 1000, source: `Codex ${version ?? '(version unknown)'} default of ${fallback} s (no [mcp_servers] entry for codex-mcp found)`}
  const min = Math.min(...seconds)
  const named = candidates.find((entry, i) => seconds[i] === min)!
  const set = typeof named.toolTimeoutSec === 'number' && named.toolTimeoutSec > 0
  return {client: 'codex', deadlineMs: min * 1000, source: set ? `tool_timeout_sec = ${min} of [mcp_servers.${named.name}] in ${named.file}` : `Codex ${version ?? '(version unknown)'} default of ${min} s ([mcp_servers.${named.name}] sets no tool_timeout_sec)`}
}

/**
 * Who the client is and how long it lets one tool call run, from `initialize`'s clientInfo and the environment
 * the client started this server with. Claude Code passes its own environment on, MCP_TOOL_TIMEOUT included.
 */
export function detectClientDeadline(
  clientInfo: ClientInfo | undefined,
  env: Record<string, string | undefined> = process.env,
  options: {ppid?: number; script?: string} = {},
): ClientDeadline {
  const name = clientInfo?.name ?? ''
  if (name === CODEX_CLIENT_NAME) return codexDeadline(clientInfo?.version, env, options.ppid ?? process.ppid, options.script ?? process.argv[1])
  if (/claude/i.test(name) || env.CLAUDECODE === '1') {
    const ms = Number(env.MCP_TOOL_TIMEOUT)
    if (Number.isInteger(ms) && ms > 0) return {client: 'claude-code', deadlineMs: ms, source: `MCP_TOOL_TIMEOUT=${ms} in Claude Code's environment`}
    return {client: 'claude-code', source: 'Claude Code without MCP_TOOL_TIMEOUT: no fixed limit; progress keeps its idle watchdog alive'}
  }
  return {client: 'other', source: `client ${name || '(unnamed)'}: no known limit`}
}

/** Room left for the answer to travel back: 10 % of the deadline, at least 2 s, at most 10 s. */
export function safetyMarginMs(deadlineMs: number): number {
  return Math.min(10_000, Math.max(2000, deadlineMs / 10))
}

/**
 * How long a call may block before it must answer: the client's deadline less a margin, capped by any
 * configured or requested limit. Undefined: no limit at all.
 */
export function blockingBudgetMs(deadline: ClientDeadline, ...limits: Array<number | undefined>): number | undefined {
  const candidates = limits.filter((limit): limit is number => typeof limit === 'number')
  if (deadline.deadlineMs !== undefined) candidates.push(Math.max(0, deadline.deadlineMs - safetyMarginMs(deadline.deadlineMs)))
  return candidates.length > 0 ? Math.min(...candidates) : undefined
}
