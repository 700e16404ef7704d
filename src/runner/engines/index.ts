import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {engines} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
import {type AgentRun, assertDirectory, codexBinaryFor, killAllAgents as killExecAgents, type RunHooks, runAgent as runExecAgent} from '../run-agent.js'
import type {RunOptions} from '../run-options.js'
import {PINNED_CODEX_VERSION, SUPPORTED_CODEX_RANGE} from './app-server/protocol.js'
import {runThread} from './app-server/run-thread.js'
import {shutdownAppServers, warmServer} from './app-server/supervisor.js'
import {placeAgent} from '../../hosts/placement.js'

export {engines}
export {shutdownAppServers}
export type EngineName = (typeof engines)[number]

const warned = new Set<string>()
function warnOnce(message: string): void {
  if (warned.has(message)) return
  warned.add(message)
  process.stderr.write(`codex-mcp: ${message}\n`)
}

/**
 * The one runner entry point: runs an agent on the engine its options name. Both engines give the same
 * result shape, error kinds and progress events, so nothing above the runner knows which one ran.
 */
export async function runAgent(options: RunOptions, hooks: RunHooks = {}): Promise<AgentRun> {
  const steered = options.resumeThreadId ? await steer(options.resumeThreadId, options, hooks.signal) : undefined
  if (steered) return steered
  let entry: RunningThread | undefined
  const done = (async () => {
    const run = await runOnEngine(options, {
      ...hooks,
      onEvent(event) {
        if (event.type === 'thread.started' && !entry) {
          entry = {done}
          runningThreads.set(event.thread_id, entry)
        }
        hooks.onEvent?.(event)
      },
    }, (steerTurn) => {
      if (entry) entry.steer = steerTurn
    })
    return options.outputSchema ? withStructured(run) : run
  })()
  try {
    return await done
  } finally {
    for (const [threadId, each] of runningThreads) if (each === entry) runningThreads.delete(threadId)
  }
}

/** A running agent, by thread id: what `reply_agent` on it steers (app-server) or is told to wait for (exec). */
interface RunningThread {
  done: Promise<AgentRun>
  /** Adds input to the running turn; false when the turn already ended. */
  steer?: (prompt: string) => Promise<boolean>
}
const runningThreads = new Map<string, RunningThread>()

/**
 * A reply to an agent that is still running: on app-server the message joins its running turn (turn/steer)
 * and the reply's result is that turn's result; exec cannot take input while it runs, which is an error.
 * Undefined when the thread is not running here (the reply then resumes it as usual).
 */
async function steer(threadId: string, options: RunOptions, signal: AbortSignal | undefined): Promise<AgentRun | undefined> {
  const running = runningThreads.get(threadId)
  if (!running) return undefined
  if (!running.steer) {
    throw new CodexMcpError(`The agent with thread ${threadId} is still running, on the exec engine, which takes no input while it runs.`, {
      kind: 'invalid-input',
      threadId,
      fix: 'Wait for it to finish (wait_agents), then reply; or run agents with --engine app-server, where a reply to a running agent steers it.',
    })
  }
  if (!(await running.steer(options.prompt))) return undefined
  // Cancelling the reply stops waiting; the steered agent belongs to whoever started it.
  return new Promise<AgentRun>((resolve, reject) => {
    const onAbort = () => reject(new CodexMcpError(`Agent cancelled: agent in ${options.cwd}`, {kind: 'cancelled', threadId}))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, {once: true})
    running.done.then(resolve, reject).finally(() => signal?.removeEventListener('abort', onAbort))
  })
}

/** The answer to an outputSchema, parsed; Codex does not check it, so a non-JSON answer is our error. */
function withStructured(run: AgentRun): AgentRun {
  try {
    return {...run, structured: JSON.parse(run.output)}
  } catch (error) {
    throw new CodexMcpError(`The agent's final message is not the JSON its outputSchema asks for: ${(error as Error).message}`, {
      kind: 'invalid-output',
      retryable: true,
      threadId: run.threadId,
      fix: `Run it again, or continue the thread (${run.threadId ?? 'its threadId'}) asking for the answer as JSON only. The message began: ${JSON.stringify(run.output.slice(0, 200))}`,
    })
  }
}

/** `codex exec --output-schema` takes a file: a private copy for the agent's lifetime. */
async function runExec(options: RunOptions, hooks: RunHooks): Promise<AgentRun> {
  if (!options.outputSchema) return runExecAgent(options, hooks)
  const dir = await mkdtemp(path.join(tmpdir(), 'codex-mcp-schema-'))
  try {
    const file = path.join(dir, 'output-schema.json')
    await writeFile(file, JSON.stringify(options.outputSchema), {mode: 0o600})
    return await runExecAgent({...options, outputSchemaFile: file}, hooks)
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

async function runOnEngine(options: RunOptions, hooks: RunHooks, onSteerable: (steer: (prompt: string) => Promise<boolean>) => void): Promise<AgentRun> {
  if ((options.engine ?? 'exec') === 'exec') {
    if (options.hosts) throw hostsNeedAppServer('the engine is "exec"')
    return runExec(options, hooks)
  }
  const started = Date.now()
  if (hooks.signal?.aborted) throw new CodexMcpError(`Agent cancelled: agent in ${options.cwd}`, {kind: 'cancelled'})
  assertDirectory(options.cwd)
  // A profile is per process in app-server, and Codex 0.169's app-server refuses -p: such agents run on exec.
  if (options.profile && options.approvals === 'ask') throw askNeedsAppServer(`the agent has a profile ("${options.profile}"), and codex app-server takes no --profile`)
  if (options.hosts && options.profile) throw hostsNeedAppServer(`the agent has a profile ("${options.profile}"), and codex app-server takes no --profile`)
  if (options.profile) {
    warnOnce(`agents with a profile ("${options.profile}") run on the exec engine: codex app-server takes no --profile`)
    return runExec(options, hooks)
  }
  const binary = codexBinaryFor(options)
  // The warm server's handles are unref'd (it must not keep a finished CLI alive): an agent in flight holds the loop.
  const hold = setInterval(() => {}, 1 << 30)
  try {
    const server = await warmServer(binary, {...options.env, ...binary.env})
    if (!server.supported) {
      if (options.hosts) throw hostsNeedAppServer(`Codex ${server.version} is not a version the app-server engine was tested with (${SUPPORTED_CODEX_RANGE})`)
      if (options.approvals === 'ask') throw askNeedsAppServer(`Codex ${server.version} is not a version the app-server engine was tested with (${SUPPORTED_CODEX_RANGE})`)
      warnOnce(
        `Codex ${server.version} is not a version whose app-server protocol codex-mcp was tested with (${SUPPORTED_CODEX_RANGE}, pinned ${PINNED_CODEX_VERSION}): agents run on the exec engine`,
      )
      return await runExec(options, hooks)
    }
    if (!options.hosts) return await runThread(options, hooks, server, binary, started, onSteerable)
    const placement = await placeAgent(server.connection, {hosts: options.hosts, host: options.host, cwd: options.cwd, isolation: options.isolation}, hooks.signal)
    try {
      hooks.onHost?.(placement.host.name)
      return await runThread(options, hooks, server, binary, started, onSteerable, placement)
    } finally {
      placement.release()
    }
  } finally {
    clearInterval(hold)
  }
}

function hostsNeedAppServer(why: string): CodexMcpError {
  return new CodexMcpError(`hosts need the app-server engine, but ${why}.`, {
    kind: 'invalid-config',
    fix: `Run Codex ${PINNED_CODEX_VERSION} without a profile, or remove "hosts" from the config.`,
  })
}

function askNeedsAppServer(why: string): CodexMcpError {
  return new CodexMcpError(`approvals "ask" needs the app-server engine, but ${why}.`, {
    kind: 'invalid-config',
    fix: `Use approvals "never", or run Codex ${PINNED_CODEX_VERSION} without a profile.`,
  })
}

/** Kills every agent this process is running, on every engine, and shuts the warm app-servers down. */
export async function killAllAgents(): Promise<void> {
  await Promise.all([killExecAgents(), shutdownAppServers()])
}
