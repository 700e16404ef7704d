import {randomUUID} from 'node:crypto'

import {longTimeout} from '../config/duration.js'
import {CodexMcpError} from '../errors.js'
import {type CodexEvent, parseEventLine} from './events.js'
import {reconnectWatchdog} from './reconnect-watchdog.js'
import {buildExecArgs} from './exec-args.js'
import {type AgentResult, OutcomeTracker} from './outcome.js'
import {isDirectory} from './is-directory.js'
import {LineSplitter} from './line-splitter.js'
import {AgentProcessTree, killProcessesWithMarkers, killTreesSync, terminateMembers, treeSampler} from './process-tree.js'
import {type CodexBinary, resolveCodex} from './resolve-codex.js'
import type {RunOptions} from './run-options.js'
import {supervised} from './supervisor.js'
import {TailBuffer} from './tail-buffer.js'

export interface RunHooks {
  /** Aborting kills the agent's whole process tree; the run then fails with kind `cancelled`. */
  signal?: AbortSignal
  /** Every event as it arrives (progress). Exceptions thrown here are ignored. */
  onEvent?: (event: CodexEvent) => void
  /** Codex started: its pid and the agent id every process of the agent carries (see reapAgents). */
  onSpawn?: (info: {pid: number; agentId: string; host?: string}) => void
  /** With hosts: the host the agent was placed on, before it starts. */
  onHost?: (host: string) => void
  /** Keep every parsed event on the result. */
  keepEvents?: boolean
  /** Decides an agent's approval requests (app-server engine, approvals "ask"); without it they are declined. */
  onApproval?: import('./engines/approvals.js').Approver
}

export interface AgentRun extends AgentResult {
  events?: CodexEvent[]
}

const AGENT_MARKER = 'CODEX_MCP_AGENT_ID'
/** A Codex event line longer than this is skipped (with a notice on the result): memory stays bounded. */
export const DEFAULT_MAX_EVENT_LINE_BYTES = 8 * 1024 * 1024
// Loaded on the first agent, not at start-up: execa is a third of `serve`'s cold start (npm run bench).
let execaModule: Promise<typeof import('execa')> | undefined
const running = new Set<AgentProcessTree>()

// A last resort when the process exits with agents still running (a crash, process.exit): nothing may outlive us.
process.once('exit', () => killTreesSync([...running]))

/**
 * Kills what is left of agents whose runner died without cleaning up (a SIGKILLed server): every process
 * that still carries one of their agent ids.
 */
export async function reapAgents(agentIds: string[]): Promise<number> {
  return killProcessesWithMarkers(agentIds.map((id) => `${AGENT_MARKER}=${id}`))
}

/** Kills every agent this process is running (server shutdown, Ctrl-C). */
export async function killAllAgents(): Promise<void> {
  terminateMembers([...running])
  await Promise.all([...running].map((tree) => tree.kill()))
}

/**
 * SIGTERM to every member of every running agent's tree, from one look at /proc: the first step of a
 * shutdown, before the per-tree waits.
 */
export function signalAllAgents(): void {
  terminateMembers([...running])
}

let cachedBinary: {key: string; binary: CodexBinary} | undefined
export function codexBinaryFor(options: RunOptions): CodexBinary {
  const key = [options.codexPath, options.env.CODEX_MCP_CODEX_PATH, options.env.PATH].join('\0')
  if (cachedBinary?.key !== key) cachedBinary = {key, binary: resolveCodex({codexPath: options.codexPath, env: options.env})}
  return cachedBinary.binary
}

export function assertDirectory(cwd: string): void {
  if (!isDirectory(cwd)) {
    throw new CodexMcpError(`Working directory does not exist or is not a directory: ${cwd}`, {
      kind: 'bad-cwd',
      fix: 'Pass an existing directory as cwd (absolute, or relative to the server\'s working directory).',
    })
  }
}

type StopReason = 'timeout' | 'cancelled' | 'provider-unreachable' | 'unknown-thread'

/** Runs one Codex agent (`codex exec --json … -`, prompt on stdin) to the end. Throws `CodexMcpError`. */
export async function runAgent(options: RunOptions, hooks: RunHooks = {}): Promise<AgentRun> {
  const started = Date.now()
  if (hooks.signal?.aborted) throw cancelledError(options, undefined)
  assertDirectory(options.cwd)
  const binary = codexBinaryFor(options)
  const agentId = randomUUID()
  const marker = `${AGENT_MARKER}=${agentId}`

  const {execa} = await (execaModule ??= import('execa'))
  const command = supervised(binary.file, [...binary.args, ...buildExecArgs(options)], options.env)
  const child = execa(command.file, command.args, {
    input: options.prompt,
    cwd: options.cwd,
    env: {...options.env, ...binary.env, [AGENT_MARKER]: agentId},
    extendEnv: false,
    detached: true,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
  })

  const outcome = new OutcomeTracker()
  const events: CodexEvent[] = []
  const stderr = new TailBuffer(16 * 1024)
  const tree = child.pid ? new AgentProcessTree(child.pid, marker) : undefined
  if (tree) {
    running.add(tree)
    treeSampler.add(tree)
    try {
      hooks.onSpawn?.({pid: tree.rootPid, agentId})
    } catch {}
  }

  let stopReason: StopReason | undefined
  let killing: Promise<void> | undefined
  const stop = (reason: StopReason) => {
    if (stopReason) return
    stopReason = reason
    killing = tree?.kill()
  }
  const cancelTimeout = longTimeout(() => stop('timeout'), options.timeoutMs)
  const onAbort = () => stop('cancelled')
  hooks.signal?.addEventListener('abort', onAbort, {once: true})
  const reconnects = reconnectWatchdog(options.reconnectTimeoutMs, () => stop('provider-unreachable'))

  // Always drain both pipes to the end: Codex panics on a closed pipe and the turn is lost.
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')))
  const onLine = (line: string) => {
    const event = parseEventLine(line)
    if (!event) return
    outcome.observe(event)
    if (hooks.keepEvents) events.push(event)
    if (startedOtherThread(options, event)) stop('unknown-thread')
    reconnects.observe(event)
    try {
      hooks.onEvent?.(event)
    } catch {}
  }
  const maxLineBytes = options.maxEventLineBytes ?? DEFAULT_MAX_EVENT_LINE_BYTES
  const lines = new LineSplitter(maxLineBytes, onLine, (bytes) =>
    outcome.notice(`Skipped a Codex event line of ${bytes} bytes (over the ${maxLineBytes}-byte limit, maxEventLineBytes); what it said is not in this result.`),
  )
  child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk))
  const linesClosed = child.stdout ? new Promise<void>((resolve) => child.stdout!.once('close', resolve)).then(() => lines.end()) : Promise.resolve()

  const result = await child
  await linesClosed
  cancelTimeout()
  reconnects.stop()
  hooks.signal?.removeEventListener('abort', onAbort)
  await killing
  // After a normal finish, what the agent deliberately left running (a dev server) stays, as with Codex
  // itself; killing Codex's own shell-snapshot helper there would leave its login shell's locks behind.
  if (tree) {
    treeSampler.delete(tree)
    running.delete(tree)
  }

  const durationMs = Date.now() - started
  const stderrTail = stderr.toString()
  if (stopReason === 'timeout') {
    throw new CodexMcpError(`Codex timed out after ${options.timeoutMs} ms: agent in ${options.cwd}`, {
      kind: 'timeout',
      timedOut: true,
      retryable: true,
      threadId: outcome.threadId,
      stderrTail,
      fix: 'Raise timeoutMs (--timeout), or split the task.',
    })
  }
  if (stopReason === 'cancelled') throw cancelledError(options, outcome.threadId)
  if (stopReason === 'unknown-thread') {
    throw new CodexMcpError(`No Codex thread with that id: ${options.resumeThreadId} (this Codex started a new thread instead, so it was stopped).`, {
      kind: 'unknown-thread',
      fix: 'Use a threadId returned by an earlier agent run on this machine (Codex keeps threads in its CODEX_HOME).',
    })
  }
  if (stopReason === 'provider-unreachable') {
    throw new CodexMcpError(
      `Codex could not reach its model provider for ${options.reconnectTimeoutMs} ms (it kept printing "Reconnecting…"); the agent was stopped.`,
      {
        kind: 'provider-unreachable',
        retryable: true,
        threadId: outcome.threadId,
        fix: 'Check the network and the provider\'s base_url in Codex\'s config.toml (`codex-mcp doctor` shows which provider is active).',
      },
    )
  }
  if (result.failed && result.exitCode === undefined && !result.isTerminated) {
    throw new CodexMcpError(`Could not start Codex (${binary.file}): ${result.originalMessage ?? result.shortMessage}`, {
      kind: 'spawn-failed',
      fix: 'Check that the codex binary is executable, or reinstall it: npm install -g @openai/codex@latest',
    })
  }
  const finished = outcome.finish({exitCode: result.exitCode ?? null, signal: result.signal ?? null, stderrTail, durationMs})
  return hooks.keepEvents ? {...finished, events} : finished
}

/** Codex 0.47 and 0.100 answer `exec resume <unknown id>` with a fresh thread instead of an error: the context is lost. */
function startedOtherThread(options: RunOptions, event: CodexEvent): boolean {
  return Boolean(options.resumeThreadId) && event.type === 'thread.started' && event.thread_id.toLowerCase() !== options.resumeThreadId!.toLowerCase()
}

function cancelledError(options: RunOptions, threadId: string | undefined): CodexMcpError {
  return new CodexMcpError(`Agent cancelled: agent in ${options.cwd}`, {kind: 'cancelled', threadId})
}
