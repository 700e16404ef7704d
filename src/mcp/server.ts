import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import path from 'node:path'

import {type Config, defaults} from '../config/schema.js'
import {JobRunner} from '../jobs/job-runner.js'
import {defaultStateDir, JobStore} from '../jobs/job-store.js'
import {Limiter} from '../parallel/limiter.js'
import {allowedRoots, sandboxLimits} from '../runner/limits.js'
import {killAllAgents} from '../runner/engines/index.js'
import {reapAgents, signalAllAgents} from '../runner/run-agent.js'
import {elicitationApprover} from './approvals.js'
import {installCallRouter} from './call-router.js'
import {type ClientDeadline, detectClientDeadline} from './client-deadline.js'
import type {ServerContext} from './context.js'
import {registerJobResources} from './job-resources.js'
import {ServerLogger} from './logger.js'
import {packageInfo} from '../package-info.js'
import {JobTaskStore} from './task-store.js'
import {OutputStore, perAgentBudget} from './output-store.js'
import {jobToolFailureShapes, registerJobTools} from './tools/job-tools.js'
import {registerReplyAgentTool} from './tools/reply-agent.js'
import {agentCallFailure, registerSpawnAgentTool} from './tools/spawn-agent.js'
import {batchCallFailure, registerSpawnAgentsParallelTool} from './tools/spawn-agents-parallel.js'
import {registerListWorkspacesTool} from './tools/list-workspaces.js'
import {applyWorkspaceFailure, registerApplyWorkspaceTool} from './tools/apply-workspace.js'
import {discardWorkspaceFailure, registerDiscardWorkspaceTool} from './tools/discard-workspace.js'


export const SERVER_INSTRUCTIONS = `codex-mcp runs Codex CLI coding agents (codex exec) on this machine and returns their final messages.
- Short tasks: spawn_agent (one) or spawn_agents_parallel (several independent ones). They block until done and report progress. If your client would cut the call off first (its tool-call deadline, when the server knows it, or detachAfterMs), they answer status "running" with a jobId and \`next\`: make that call (wait_agents) for the result.
- Work you want to start and check on later: start_agent / start_agents, then wait_agents (long-polls as long as your client allows; call again while it answers \`next\`), get_agent, cancel_agent. Clients that speak MCP Tasks can also call spawn_agent as a task.
- Follow-ups to a finished agent: reply_agent with its threadId keeps the agent's context.
- Agents see none of your conversation: give each a complete, self-contained prompt (files, constraints, definition of done).
- Agents run in the server's working directory unless you pass cwd, and by default with no sandbox: they can change files and run commands.
- isolation "worktree" gives an agent its own git worktree and branch; its result lists exactly what it changed. list_workspaces, apply_workspace (into the user's tree, uncommitted) and discard_workspace manage them.`

/** What this server allows, so a model does not waste calls on what will be refused. */
function limitsInstructions(config: Config, baseCwd: string): string {
  const {sandbox, ceiling} = sandboxLimits(config)
  const roots = allowedRoots(config, path.resolve(baseCwd, config.cwd ?? '.'))
  return `- Limits set by the person running this server: sandbox "${sandbox}" by default, at most "${ceiling}" per call; cwd must be inside ${roots.join(', ')}.${config.allowPerCallProfile === false ? ' Per-call profiles are off.' : ''}${config.hosts?.length ? `\n- Hosts (pass \`host\` to choose; default: the least busy reachable one): ${config.hosts.map((host) => host.name).join(', ')}. An agent's commands run on its host; its model calls stay here.` : ''}`
}

export interface CreateServerOptions {
  config: Config
  baseCwd?: string
}

/** The MCP server with its tools; `close()` kills every agent it started. The serve command only connects stdio. */
export function createServer(options: CreateServerOptions) {
  let runner: JobRunner | undefined
  const taskStore = new JobTaskStore(() => runner!, (outcome, share, key) => context.fitOutput(outcome, share, key))
  const server = new McpServer(
    {name: packageInfo.name, version: packageInfo.version, title: 'Codex agents'},
    {
      capabilities: {logging: {}, tasks: {list: {}, cancel: {}, requests: {tools: {call: {}}}}},
      instructions: `${SERVER_INSTRUCTIONS}\n${limitsInstructions(options.config, options.baseCwd ?? process.cwd())}`,
      taskStore,
    },
  )
  const shutdown = new AbortController()
  const stateDir = options.config.stateDir ?? defaultStateDir()
  const outputs = new OutputStore(path.join(stateDir, 'outputs'), options.config.finishedJobTtlMs ?? defaults.finishedJobTtlMs)
  const maxOutputChars = options.config.maxOutputChars ?? defaults.maxOutputChars
  const context: ServerContext = {
    config: options.config,
    baseCwd: options.baseCwd ?? process.cwd(),
    limiter: new Limiter(options.config.maxConcurrency ?? defaults.maxConcurrency),
    heartbeatMs: options.config.heartbeatMs ?? defaults.heartbeatMs,
    logger: new ServerLogger(server),
    clientDeadline: () => (deadline ??= detectClientDeadline(server.server.getClientVersion())),
    shutdownSignal: shutdown.signal,
    fitOutput: (outcome, share, key) => outputs.bound(outcome, perAgentBudget(maxOutputChars, share), key),
    approve: elicitationApprover(server),
  }
  let deadline: ClientDeadline | undefined
  server.server.oninitialized = () => {
    deadline = undefined
    const known = context.clientDeadline()
    context.logger.log('notice', `client ${server.server.getClientVersion()?.name ?? '(unnamed)'}: ${known.deadlineMs === undefined ? 'no tool-call deadline' : `tool-call deadline ${known.deadlineMs} ms`} (${known.source})`)
  }
  const store = new JobStore({
    dir: stateDir,
    maxFinished: options.config.maxFinishedJobs,
    maxAgeMs: options.config.finishedJobTtlMs,
  })
  // An earlier server that was killed outright could not stop its agents: whatever of them still runs goes now.
  void reapAgents(store.lostAgentIds)
  runner = new JobRunner(context, store)

  const spawnAgent = registerSpawnAgentTool(server, context, runner)
  const spawnAgentsParallel = registerSpawnAgentsParallelTool(server, context, runner)
  registerReplyAgentTool(server, context, runner)
  registerJobTools(server, context, runner)
  registerListWorkspacesTool(server, context)
  registerApplyWorkspaceTool(server, context)
  registerDiscardWorkspaceTool(server, context)
  registerJobResources(server, context, store)
  outputs.register(server)
  installCallRouter(server, {
    blocking: {spawn_agent: spawnAgent, spawn_agents_parallel: spawnAgentsParallel},
    failureShapes: {
      spawn_agent: agentCallFailure,
      reply_agent: agentCallFailure,
      spawn_agents_parallel: batchCallFailure,
      ...jobToolFailureShapes,
      apply_workspace: applyWorkspaceFailure,
      discard_workspace: discardWorkspaceFailure,
    },
  })

  return {
    server,
    context,
    jobs: runner,
    /** Kills every agent (running jobs become `cancelled`), writes the job store, closes the transport. */
    async close() {
      signalAllAgents() // every tree gets its SIGTERM first, within milliseconds of the shutdown signal
      shutdown.abort()
      await killAllAgents()
      await runner!.settled()
      await server.close()
    },
  }
}
