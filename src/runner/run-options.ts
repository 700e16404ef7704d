import path from 'node:path'

import {type AgentSettings, type Config, countChars, defaults, MAX_PROMPT_CHARS, THREAD_ID_PATTERN} from '../config/schema.js'

export {MAX_PROMPT_CHARS}
import {CodexMcpError} from '../errors.js'
import {checkHostIsolation, checkRequestedHost, type HostSpec, resolveHosts} from '../hosts/resolve.js'
import {type EngineSetting, type Purpose, resolveEngineSetting} from './engines/select.js'
import {mergeEnv} from './env.js'
import {agentMcpServerOverrides} from './nesting/agent-mcp-servers.js'
import {processTree} from './nesting/current.js'
import {checkDepth, serializeTreeMarker, TREE_ENV} from './nesting/tree.js'
import {allowedRoots, checkCwdAllowed, checkIsolationAllowed, checkProfileAllowed, effectiveSandbox} from './limits.js'

/** Everything one agent run needs, fully resolved: what the runner takes and nothing else. */
export interface RunOptions {
  prompt: string
  cwd: string
  model?: string
  profile?: string
  sandbox: NonNullable<AgentSettings['sandbox']>
  reasoningEffort?: AgentSettings['reasoningEffort']
  timeoutMs: number
  reconnectTimeoutMs: number
  /** Longest Codex event line kept; a longer one is skipped with a notice. */
  maxEventLineBytes?: number
  /** The complete environment Codex gets. */
  env: Record<string, string>
  configOverrides: Record<string, string | number | boolean>
  codexPath?: string
  /** Continue this Codex thread (`codex exec resume`). */
  resumeThreadId?: string
  /** "worktree": run in a git worktree of its own (src/workspaces). */
  isolation: NonNullable<AgentSettings['isolation']>
  /** The config's stateDir (workspaces live there); undefined: the default state directory. */
  stateDir?: string
  /** JSON Schema for the final answer; the result then carries it parsed (`structured`). */
  outputSchema?: Record<string, unknown>
  /** The exec engine's copy of outputSchema on disk (`--output-schema FILE`), set by the engine itself. */
  outputSchemaFile?: string
  /** "ask": the agent runs sandboxed and may ask for more (app-server engine); the hooks' onApproval decides. */
  approvals?: Config['approvals']
  approvalTimeoutMs: number
  /**
   * Which engine runs the agent (src/runner/engines), decided here once: `exec`, `app-server`, or `auto` —
   * app-server when this Codex can run the agent, else exec (src/runner/engines/select.ts).
   */
  engine: EngineSetting
  /** The configured hosts (src/hosts); agents then run on them (app-server engine). */
  hosts?: HostSpec[]
  /** The host asked for (a configured name); undefined: the least busy one. */
  host?: string
}

/**
 * The one options funnel: config file + flags (already merged into `config`) + per-agent settings (MCP
 * arguments, a task) become run options. `context.purpose` (default serve: a long-lived process) is what
 * `engine: auto` depends on. Per-agent settings win; a relative agent `cwd` is relative to the
 * base working directory.
 */
export function resolveRunOptions(
  serverConfig: Config,
  agent: AgentSettings & {prompt: string; resumeThreadId?: string},
  context: {baseCwd?: string; baseEnv?: Record<string, string | undefined>; purpose?: Purpose} = {},
): RunOptions {
  if (agent.prompt.trim() === '') {
    throw new CodexMcpError('The prompt is empty: give the agent something to do.', {kind: 'invalid-input'})
  }
  const promptChars = agent.prompt.length > MAX_PROMPT_CHARS ? countChars(agent.prompt) : 0
  if (promptChars > MAX_PROMPT_CHARS) {
    throw new CodexMcpError(
      `The prompt is ${promptChars} characters; Codex accepts at most ${MAX_PROMPT_CHARS}.`,
      {kind: 'invalid-input', fix: 'Shorten the prompt, or put the material in a file in the working directory and refer to it.'},
    )
  }
  if (agent.resumeThreadId !== undefined && !THREAD_ID_PATTERN.test(agent.resumeThreadId)) {
    throw new CodexMcpError(`threadId ${JSON.stringify(agent.resumeThreadId.slice(0, 80))} is not a Codex thread id.`, {
      kind: 'invalid-input',
      fix: 'Pass the threadId (a UUID) from an earlier agent\'s result.',
    })
  }
  // Inside an agent (a nested codex-mcp): no deeper than the root allows, and within the root's limits.
  const tree = processTree(serverConfig, context.baseCwd ?? process.cwd(), context.baseEnv ?? process.env)
  checkDepth(tree.position)
  const config = tree.position.config
  const marker = tree.position.childMarker
  // `agent` may come from a tool call or a tasks file: it can narrow what the human allowed, never widen it.
  const ownEnv = context.baseEnv ?? process.env
  const env: Record<string, string> = {...mergeEnv(ownEnv, config.env), [TREE_ENV]: serializeTreeMarker(marker)}
  const hosts = resolveHosts(config.hosts, ownEnv)
  const host = checkRequestedHost(agent.host ?? config.host, hosts)
  // A host's token is for the exec-server alone: neither Codex nor the commands it runs here get it.
  for (const each of config.hosts ?? []) if (each.tokenEnv) delete env[each.tokenEnv]
  const baseCwd = path.resolve(context.baseCwd ?? process.cwd(), config.cwd ?? '.')
  const cwd = path.resolve(baseCwd, agent.cwd ?? '.')
  if (agent.cwd !== undefined || tree.position.inherited) checkCwdAllowed(cwd, allowedRoots(config, baseCwd))
  checkProfileAllowed(config, agent.profile)
  checkIsolationAllowed(config, agent.isolation)
  checkHostIsolation(agent.isolation ?? config.isolation, host, hosts)
  return {
    prompt: agent.prompt,
    cwd,
    model: agent.model ?? config.model,
    profile: agent.profile ?? config.profile,
    sandbox: effectiveSandbox(config, agent.sandbox),
    reasoningEffort: agent.reasoningEffort ?? config.reasoningEffort,
    timeoutMs: agent.timeoutMs ?? config.timeoutMs ?? defaults.timeoutMs,
    reconnectTimeoutMs: config.reconnectTimeoutMs ?? defaults.reconnectTimeoutMs,
    maxEventLineBytes: config.maxEventLineBytes,
    env,
    // Ours last: codex-mcp's own MCP entries stay off beyond maxDepth whatever configOverrides say.
    configOverrides: {...config.configOverrides, ...agentMcpServerOverrides(config, env, agent.profile ?? config.profile, marker)},
    codexPath: config.codexPath,
    resumeThreadId: agent.resumeThreadId,
    isolation: agent.isolation ?? config.isolation ?? defaults.isolation,
    stateDir: config.stateDir,
    outputSchema: agent.outputSchema ?? config.outputSchema,
    approvals: config.approvals,
    approvalTimeoutMs: config.approvalTimeoutMs ?? defaults.approvalTimeoutMs,
    engine: resolveEngineSetting(config, env.CODEX_MCP_ENGINE, context.purpose ?? 'serve'),
    ...(hosts ? {hosts} : {}),
    ...(host ? {host} : {}),
  }
}

/**
 * Layers configs: later wins per key, `env` and `configOverrides` merge key by key. Used for
 * file config < command-line flags.
 */
export function mergeConfig(...layers: Array<Config | undefined>): Config {
  const out: Config = {}
  for (const layer of layers) {
    if (!layer) continue
    for (const [key, value] of Object.entries(layer) as Array<[keyof Config, unknown]>) {
      if (value === undefined) continue
      if (key === 'env' || key === 'configOverrides') (out as any)[key] = {...(out as any)[key], ...(value as object)}
      else (out as any)[key] = value
    }
  }
  return out
}
