import {defaults} from '../../config/schema.js'
import type {DoctorContext} from '../context.js'
import {mcpServers, mcpTableHeader, runsCodexMcpServe} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/**
 * Codex's config registering codex-mcp itself: every agent codex-mcp starts reads that config, so its model
 * could start agents, which could start agents… maxDepth decides (src/runner/nesting): at 1, the default, codex-mcp
 * turns its own entries off for its agents; above 1 they get them, within the root's budget and limits.
 */
export function nestedAgentsCheck(ctx: Pick<DoctorContext, 'codexConfig' | 'config'>): CheckResult[] {
  const ours = mcpServers(ctx.codexConfig).filter((entry) => entry.enabled && runsCodexMcpServe(entry))
  if (ours.length === 0) return []
  const maxDepth = ctx.config.maxDepth ?? defaults.maxDepth
  const choice = ctx.config.agentMcpServers ?? defaults.agentMcpServers
  const handed = ours.filter((entry) => choice === 'inherit' || (Array.isArray(choice) && choice.includes(entry.name)))
  const names = ours.map((entry) => mcpTableHeader(entry.name)).join(', ')
  if (maxDepth <= 1 || handed.length === 0) {
    return [
      check(
        'nested-agents',
        'info',
        `Codex's config runs codex-mcp (${names}); agents codex-mcp starts do not get it (${maxDepth <= 1 ? 'maxDepth 1: an agent may not start agents' : 'agentMcpServers leaves it out'}), so they cannot start agents of their own`,
      ),
    ]
  }
  const concurrency = ctx.config.maxConcurrency ?? defaults.maxConcurrency
  return [
    check(
      'nested-agents',
      'warn',
      `Codex's config runs codex-mcp (${handed.map((entry) => mcpTableHeader(entry.name)).join(', ')}) and maxDepth is ${maxDepth}: every agent codex-mcp starts may start agents itself, ${maxDepth} levels deep. They all share this server's maxConcurrency (${concurrency}), sandbox ceiling and allowed roots, but each level is another Codex session with its own model cost.`,
      `keep it if you want agents to delegate; otherwise set "maxDepth": 1 (the default) in the codex-mcp config, or list the servers agents may have in "agentMcpServers" (without ${handed[0].name})`,
    ),
  ]
}
