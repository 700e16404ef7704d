import {mcpServers, readCodexConfig, runsCodexMcpServe} from '../../config/codex-config.js'
import {type Config, defaults} from '../../config/schema.js'
import {serializeTreeMarker, TREE_ENV, type TreeMarker} from './marker.js'

/** A `-c` key for one entry: the name quoted when it is not a bare TOML key. */
const entryKey = (name: string, rest: string) => `mcp_servers.${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)}.${rest}`

/**
 * Codex config overrides that decide which of the user's Codex MCP servers an agent gets (agentMcpServers:
 * "inherit" all, "none", or a list of names), applied per agent with Codex's own `-c` / thread `config`.
 * codex-mcp's own entries (they run `codex-mcp serve`) are turned off for an agent at maxDepth, whatever
 * agentMcpServers says; when the agent may start agents, they get the tree marker in their `env` table (Codex
 * starts MCP servers with a trimmed environment: the variable would not reach them otherwise).
 */
export function agentMcpServerOverrides(
  config: Pick<Config, 'agentMcpServers'>,
  env: Record<string, string | undefined>,
  profile: string | undefined,
  marker: TreeMarker,
): Record<string, string | boolean> {
  const choice = config.agentMcpServers ?? defaults.agentMcpServers
  let entries
  try {
    entries = mcpServers(readCodexConfig(env, profile))
  } catch {
    return {}
  }
  const overrides: Record<string, string | boolean> = {}
  const agentMayNest = marker.depth < marker.maxDepth
  for (const entry of entries) {
    if (!entry.enabled) continue
    const chosen = choice === 'inherit' || (Array.isArray(choice) && choice.includes(entry.name))
    const ours = runsCodexMcpServe(entry)
    if (!chosen || (ours && !agentMayNest)) overrides[entryKey(entry.name, 'enabled')] = false
    else if (ours) overrides[entryKey(entry.name, `env.${TREE_ENV}`)] = serializeTreeMarker(marker)
  }
  return overrides
}
