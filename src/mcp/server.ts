import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import {createRequire} from 'node:module'

import {type Config, defaults} from '../config/schema.js'
import {Limiter} from '../parallel/limiter.js'
import {killAllAgents} from '../runner/run-agent.js'
import type {ServerContext} from './context.js'
import {ServerLogger} from './logger.js'
import {ensureStructuredErrors} from './structured-errors.js'
import {agentCallFailure, registerSpawnAgentTool} from './tools/spawn-agent.js'
import {batchCallFailure, registerSpawnAgentsParallelTool} from './tools/spawn-agents-parallel.js'

const pkg = createRequire(import.meta.url)('../../package.json') as {name: string; version: string}

export const SERVER_INSTRUCTIONS = `codex-mcp runs Codex CLI coding agents (codex exec) on this machine and returns their final messages.
- spawn_agent: one task, blocks until done (progress is reported). spawn_agents_parallel: several independent tasks at once.
- Agents see none of your conversation: give each a complete, self-contained prompt (files, constraints, definition of done).
- Agents run in the server's working directory unless you pass cwd, and by default with no sandbox: they can change files and run commands.`

export interface CreateServerOptions {
  config: Config
  baseCwd?: string
}

/** The MCP server with its tools; `close()` kills every agent it started. The serve command only connects stdio. */
export function createServer(options: CreateServerOptions): {server: McpServer; context: ServerContext; close(): Promise<void>} {
  const server = new McpServer(
    {name: pkg.name, version: pkg.version, title: 'Codex agents'},
    {capabilities: {logging: {}}, instructions: SERVER_INSTRUCTIONS},
  )
  const shutdown = new AbortController()
  const context: ServerContext = {
    config: options.config,
    baseCwd: options.baseCwd ?? process.cwd(),
    limiter: new Limiter(options.config.maxConcurrency ?? defaults.maxConcurrency),
    heartbeatMs: options.config.heartbeatMs ?? defaults.heartbeatMs,
    logger: new ServerLogger(server),
    shutdownSignal: shutdown.signal,
  }
  registerSpawnAgentTool(server, context)
  registerSpawnAgentsParallelTool(server, context)
  ensureStructuredErrors(server, {spawn_agent: agentCallFailure, spawn_agents_parallel: batchCallFailure})

  return {
    server,
    context,
    async close() {
      shutdown.abort()
      await killAllAgents()
      await server.close()
    },
  }
}
