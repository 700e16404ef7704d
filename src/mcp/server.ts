import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'

import {type Config, defaults} from '../config/schema.js'
import {JobRunner} from '../jobs/job-runner.js'
import {defaultStateDir, JobStore} from '../jobs/job-store.js'
import {Limiter} from '../parallel/limiter.js'
import {killAllAgents} from '../runner/engines/index.js'
import {reapAgents} from '../runner/run-agent.js'
import {elicitationApprover} from './approvals.js'
import {installCallRouter} from './call-router.js'
import type {ServerContext} from './context.js'
import {registerJobResources} from './job-resources.js'
import {ServerLogger} from './logger.js'
import {packageInfo} from '../package-info.js'
import {JobTaskStore} from './task-store.js'
import {jobToolFailureShapes, registerJobTools} from './tools/job-tools.js'
import {registerReplyAgentTool} from './tools/reply-agent.js'
import {agentCallFailure, registerSpawnAgentTool} from './tools/spawn-agent.js'
import {batchCallFailure, registerSpawnAgentsParallelTool} from './tools/spawn-agents-parallel.js'


export const SERVER_INSTRUCTIONS = `codex-mcp runs Codex CLI coding agents (codex exec) on this machine and returns their final messages.
- Short tasks: spawn_agent (one) or spawn_agents_parallel (several independent ones). They block until done and report progress.
- Work that may take longer than a minute, or a client that cuts tool calls off (Codex: tool_timeout_sec, default 60 s; Cursor: about 5 min): start_agent / start_agents, then wait_agents (long-polls up to 45 s; call again until done), get_agent, cancel_agent. Clients that speak MCP Tasks can also call spawn_agent as a task.
- Follow-ups to a finished agent: reply_agent with its threadId keeps the agent's context.
- Agents see none of your conversation: give each a complete, self-contained prompt (files, constraints, definition of done).
- Agents run in the server's working directory unless you pass cwd, and by default with no sandbox: they can change files and run commands.`

export interface CreateServerOptions {
  config: Config
  baseCwd?: string
}

/** The MCP server with its tools; `close()` kills every agent it started. The serve command only connects stdio. */
export function createServer(options: CreateServerOptions) {
  let runner: JobRunner | undefined
  const taskStore = new JobTaskStore(() => runner!)
  const server = new McpServer(
    {name: packageInfo.name, version: packageInfo.version, title: 'Codex agents'},
    {
      capabilities: {logging: {}, tasks: {list: {}, cancel: {}, requests: {tools: {call: {}}}}},
      instructions: SERVER_INSTRUCTIONS,
      taskStore,
    },
  )
  const shutdown = new AbortController()
  const context: ServerContext = {
    config: options.config,
    baseCwd: options.baseCwd ?? process.cwd(),
    limiter: new Limiter(options.config.maxConcurrency ?? defaults.maxConcurrency),
    heartbeatMs: options.config.heartbeatMs ?? defaults.heartbeatMs,
    logger: new ServerLogger(server),
    shutdownSignal: shutdown.signal,
    approve: elicitationApprover(server),
  }
  const store = new JobStore({
    dir: options.config.stateDir ?? defaultStateDir(),
    maxFinished: options.config.maxFinishedJobs,
    maxAgeMs: options.config.finishedJobTtlMs,
  })
  // An earlier server that was killed outright could not stop its agents: whatever of them still runs goes now.
  void reapAgents(store.lostAgentIds)
  runner = new JobRunner(context, store)

  const spawnAgent = registerSpawnAgentTool(server, context, runner)
  const spawnAgentsParallel = registerSpawnAgentsParallelTool(server, context, runner)
  registerReplyAgentTool(server, context)
  registerJobTools(server, context, runner)
  registerJobResources(server, store)
  installCallRouter(server, {
    blocking: {spawn_agent: spawnAgent, spawn_agents_parallel: spawnAgentsParallel},
    failureShapes: {
      spawn_agent: agentCallFailure,
      reply_agent: agentCallFailure,
      spawn_agents_parallel: batchCallFailure,
      ...jobToolFailureShapes,
    },
  })

  return {
    server,
    context,
    jobs: runner,
    /** Kills every agent (running jobs become `lost`), writes the job store, closes the transport. */
    async close() {
      shutdown.abort()
      await killAllAgents()
      await runner!.settled()
      await server.close()
    },
  }
}
