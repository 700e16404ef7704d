import {McpServer} from '@modelcontextprotocol/sdk/server/mcp.js'
import path from 'node:path'

import {type Config, defaults} from '../config/schema.js'
import {JobRunner} from '../jobs/job-runner.js'
import {JobStore} from '../jobs/job-store.js'
import {defaultStateDir, stateLayout} from '../state/state-dir.js'
import {Limiter} from '../parallel/limiter.js'
import {pruneBudgets} from '../runner/nesting/budget.js'
import {type ProcessTree, processTree} from '../runner/nesting/current.js'
import {allowedRoots, sandboxLimits} from '../runner/limits.js'
import {killAllAgents, reapAgents, setEngineLog, signalAllAgents} from '../runner/engines/index.js'
import {elicitationApprover} from './approvals.js'
import {installTools} from './call-router.js'
import {type ClientDeadline, detectClientDeadline} from './client-deadline.js'
import type {ServerContext} from './context.js'
import {registerJobResources} from './job-resources.js'
import {ServerLogger} from './logger.js'
import {packageInfo} from '../package-info.js'
import {JobTaskStore} from './task-store.js'
import {OutputStore, perAgentBudget} from './output-store.js'
import {tools} from './tools/index.js'
import {limitsOf} from './tools/tool.js'

export const SERVER_INSTRUCTIONS = `codex-mcp runs Codex CLI coding agents on this machine and returns their final messages.
- Short tasks: spawn_agent (one) or spawn_agents_parallel (several independent ones). They block until done and report progress. If your client would cut the call off first (its tool-call deadline, when the server knows it, or detachAfterMs), they answer status "running" with a jobId and \`next\`: make that call (wait_agents) for the result.
- Work you want to start and check on later: start_agent / start_agents, then wait_agents (long-polls as long as your client allows; call again while it answers \`next\`), get_agent, cancel_agent. Clients that speak MCP Tasks can also call spawn_agent as a task.
- Follow-ups to a finished agent: reply_agent with its threadId keeps the agent's context.
- Agents see none of your conversation: give each a complete, self-contained prompt (files, constraints, definition of done).
- Agents run in the server's working directory unless you pass cwd, and by default with no sandbox: they can change files and run commands.
- isolation "worktree" gives an agent its own git worktree and branch; its result lists exactly what it changed. list_workspaces, apply_workspace (into the user's tree, uncommitted) and discard_workspace manage them.`

/** What this server allows, so a model does not waste calls on what will be refused. */
function limitsInstructions(config: Config, baseCwd: string, tree: ProcessTree | undefined): string {
  const {sandbox, ceiling} = sandboxLimits(config)
  const roots = allowedRoots(config, path.resolve(baseCwd, config.cwd ?? '.'))
  const limits = `- Limits set by the person running this server: sandbox "${sandbox}" by default, at most "${ceiling}" per call; cwd must be inside ${roots.join(', ')}.${config.allowPerCallProfile === false ? ' Per-call profiles are off.' : ''}${config.hosts?.length ? `\n- Hosts (pass \`host\` to choose; default: the least busy reachable one): ${config.hosts.map((host) => host.name).join(', ')}. An agent's commands run on its host; its model calls stay here.` : ''}`
  const position = tree?.position
  if (!position?.inherited) return limits
  const nested = position.depth > position.maxDepth
    ? `- This server runs inside an agent at depth ${position.depth - 1}, the deepest its root allows (maxDepth ${position.maxDepth}): the agent tools answer "forbidden". Do the work yourself.`
    : `- This server runs inside an agent at depth ${position.depth - 1} of ${position.maxDepth} allowed; its agents share the root server's limit of ${position.inherited.maxConcurrency} agents at once (when all are in use, a call is refused at once rather than queued).`
  return `${limits}\n${nested}`
}

/** The tree this server is part of; undefined when its marker is unreadable (every agent tool then says so). */
function treeOf(config: Config, baseCwd: string): ProcessTree | undefined {
  try {
    return processTree(config, baseCwd)
  } catch {
    return undefined
  }
}

/** How long after the client's `initialized` the agents of lost jobs are reaped (a client sends tools/list first). */
const REAP_LOST_AFTER_MS = 200

export interface CreateServerOptions {
  config: Config
  baseCwd?: string
}

/** The MCP server with its tools; `close()` kills every agent it started. The serve command only connects stdio. */
export function createServer(options: CreateServerOptions) {
  let runner: JobRunner | undefined
  const tree = treeOf(options.config, options.baseCwd ?? process.cwd())
  const limitsConfig = tree?.position.config ?? options.config
  const taskStore = new JobTaskStore(() => runner!, (outcome, share, key) => context.fitOutput(outcome, share, key))
  const server = new McpServer(
    {name: packageInfo.name, version: packageInfo.version, title: 'Codex agents'},
    {
      capabilities: {logging: {}, tasks: {list: {}, cancel: {}, requests: {tools: {call: {}}}}},
      instructions: `${SERVER_INSTRUCTIONS}\n${limitsInstructions(limitsConfig, options.baseCwd ?? process.cwd(), tree)}`,
      taskStore,
    },
  )
  const shutdown = new AbortController()
  const stateDir = options.config.stateDir ?? defaultStateDir()
  const outputs = new OutputStore(stateLayout(stateDir).outputs, options.config.finishedJobTtlMs ?? defaults.finishedJobTtlMs)
  const maxOutputChars = options.config.maxOutputChars ?? defaults.maxOutputChars
  const context: ServerContext = {
    config: options.config,
    baseCwd: options.baseCwd ?? process.cwd(),
    limiter: new Limiter(options.config.maxConcurrency ?? defaults.maxConcurrency, tree?.budget),
    heartbeatMs: options.config.heartbeatMs ?? defaults.heartbeatMs,
    logger: new ServerLogger(server),
    clientDeadline: () => (deadline ??= detectClientDeadline(server.server.getClientVersion())),
    shutdownSignal: shutdown.signal,
    fitOutput: (outcome, share, key) => outputs.bound(outcome, perAgentBudget(maxOutputChars, share), key),
    approve: elicitationApprover(server),
  }
  let deadline: ClientDeadline | undefined
  // Engine notes (a fallback to exec, an untested Codex) reach the client's log as well as stderr.
  setEngineLog((level, message) => context.logger.log(level, message))
  server.server.oninitialized = () => {
    setTimeout(() => reapLost(), REAP_LOST_AFTER_MS).unref()
    deadline = undefined
    const known = context.clientDeadline()
    context.logger.log('notice', `client ${server.server.getClientVersion()?.name ?? '(unnamed)'}: ${known.deadlineMs === undefined ? 'no tool-call deadline' : `tool-call deadline ${known.deadlineMs} ms`} (${known.source})`)
  }
  const store = new JobStore({
    dir: stateLayout(stateDir).jobs,
    maxFinished: options.config.maxFinishedJobs,
    maxAgeMs: options.config.finishedJobTtlMs,
  })
  // An earlier server that was killed outright could not stop its agents: whatever of them still runs goes, just
  // after the handshake (reading the stored jobs is not on the way to the client's first answers).
  let reaped = false
  const reapLost = () => {
    if (reaped) return
    reaped = true
    void reapAgents(store.lostAgentIds)
    if (!tree?.position.inherited) pruneBudgets(stateDir)
  }
  const reapTimer = setTimeout(reapLost, REAP_LOST_AFTER_MS * 10)
  reapTimer.unref()
  runner = new JobRunner(context, store)

  installTools(server, tools, {ctx: context, runner}, limitsOf(options.config))
  registerJobResources(server, context, store)
  outputs.register(server)

  return {
    server,
    context,
    jobs: runner,
    /** Kills every agent (running jobs become `cancelled`), writes the job store, closes the transport. */
    async close() {
      clearTimeout(reapTimer)
      signalAllAgents() // every tree gets its SIGTERM first, within milliseconds of the shutdown signal
      shutdown.abort()
      await killAllAgents()
      await runner!.settled()
      tree?.budget?.dispose()
      await server.close()
    },
  }
}
