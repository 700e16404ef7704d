import {engines} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
import {assertDirectory} from '../codex-binary.js'
import type {RunOptions} from '../run-options.js'
import {execEngine} from './exec/run-exec.js'
import {noteOnce} from './log.js'
import {cancelledError} from './lifecycle.js'
import type {AgentRun, Engine, RunHooks, Steer} from './types.js'

export {engines}
export {setEngineLog} from './log.js'
export {type EngineSetting, DEFAULT_ENGINE} from './select.js'
export type {AgentRun, Engine, EngineName, RunHooks} from './types.js'

/**
 * The app-server engine loads with the first agent that may run on it: `spawn` runs exec (select.ts), and its
 * protocol's schemas and version checks were a good part of what came before Codex started (npm run bench).
 */
let appServer: typeof import('./app-server/engine.js') | undefined
async function loadAppServer(): Promise<typeof import('./app-server/engine.js')> {
  appServer ??= await import('./app-server/engine.js')
  return appServer
}

/** Every engine loaded: what shutdown goes through (an engine never loaded runs nothing). */
const loadedEngines = (): readonly Engine[] => (appServer ? [execEngine, appServer.appServerEngine] : [execEngine])

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
    const onAbort = () => reject(cancelledError(options.cwd, threadId))
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

/**
 * The engine that runs this agent. `exec`: exec. `auto`: app-server when it can run the agent, else exec (said
 * once). `app-server`: app-server; an agent it cannot run (a profile) or a server whose messages stopped
 * matching runs on exec, said once, but a Codex that cannot speak the protocol is an error, not a fallback.
 * Approvals "ask" and hosts need app-server whatever the setting.
 */
async function engineFor(options: RunOptions): Promise<Engine> {
  if (options.engine === 'exec') {
    if (options.hosts) throw hostsNeedAppServer('the engine is "exec"', (await loadAppServer()).NEWEST_TESTED_CODEX_VERSION)
    return execEngine
  }
  const {appServerEngine, NEWEST_TESTED_CODEX_VERSION} = await loadAppServer()
  let cannot: Awaited<ReturnType<Engine['cannotRun']>>
  try {
    cannot = await appServerEngine.cannotRun(options)
  } catch (error) {
    if (options.engine === 'app-server' || options.approvals === 'ask' || options.hosts || !(error instanceof CodexMcpError)) throw error
    cannot = {why: error.shortMessage, codexCannot: true}
  }
  if (cannot === undefined) return appServerEngine
  if (options.approvals === 'ask') throw askNeedsAppServer(cannot.why, NEWEST_TESTED_CODEX_VERSION)
  if (options.hosts) throw hostsNeedAppServer(cannot.why, NEWEST_TESTED_CODEX_VERSION)
  if (options.engine === 'app-server' && cannot.codexCannot) {
    throw new CodexMcpError(`engine "app-server" was asked for, but ${cannot.why}.`, {
      kind: 'invalid-config',
      fix: `Use engine "auto" (app-server where the Codex can, else exec) or "exec", or install a Codex the engine runs on (npm install -g @openai/codex@${NEWEST_TESTED_CODEX_VERSION}).`,
    })
  }
  noteOnce('warning', `${cannot.why}: ${cannot.codexCannot ? 'agents' : 'such agents'} run on the exec engine`)
  return execEngine
}

async function runOnEngine(options: RunOptions, hooks: RunHooks, onSteerable: (steer: Steer) => void): Promise<AgentRun> {
  if (hooks.signal?.aborted) throw cancelledError(options.cwd)
  assertDirectory(options.cwd)
  return (await engineFor(options)).run(options, hooks, onSteerable)
}

function hostsNeedAppServer(why: string, newestTested: string): CodexMcpError {
  return new CodexMcpError(`hosts need the app-server engine, but ${why}.`, {
    kind: 'invalid-config',
    fix: `Run agents without a profile, on a Codex the engine runs on (npm install -g @openai/codex@${newestTested}), or remove "hosts" from the config.`,
  })
}

function askNeedsAppServer(why: string, newestTested: string): CodexMcpError {
  return new CodexMcpError(`approvals "ask" needs the app-server engine, but ${why}.`, {
    kind: 'invalid-config',
    fix: `Use approvals "never", or run agents without a profile on a Codex the engine runs on (npm install -g @openai/codex@${newestTested}).`,
  })
}

/** SIGTERM to every process of every agent, on every engine, at once: the first step of a shutdown. */
export function signalAllAgents(): void {
  for (const engine of loadedEngines()) engine.signalAll()
}

/** Kills every agent this process is running, on every engine, and whatever the engines keep warm. */
export async function killAllAgents(): Promise<void> {
  await Promise.all(loadedEngines().map((engine) => engine.killAll()))
}

/** Kills what is left of agents whose runner died without cleaning up (a SIGKILLed server), whichever engine ran them. */
export async function reapAgents(agentIds: string[]): Promise<number> {
  if (agentIds.length === 0) return 0
  await loadAppServer() // its agents' processes may be left too
  let count = 0
  for (const engine of loadedEngines()) count += await engine.reap(agentIds)
  return count
}

/** A one-shot command ends its engines with itself: a warm app-server and its threads' commands do not outlive it. */
export async function shutdownEngines(): Promise<void> {
  await killAllAgents()
}
