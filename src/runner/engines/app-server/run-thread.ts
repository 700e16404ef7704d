import {randomUUID} from 'node:crypto'

import {CodexMcpError} from '../../../errors.js'
import type {CodexEvent} from '../../events.js'
import {reconnectWatchdog} from '../../reconnect-watchdog.js'
import {OutcomeTracker} from '../../outcome.js'
import type {AgentRun, RunHooks} from '../../run-agent.js'
import type {RunOptions} from '../../run-options.js'
import type {CodexBinary} from '../../resolve-codex.js'
import {RpcError} from './connection.js'
import {shortCommand} from '../../describe-event.js'
import type {ApprovalAnswer, ApprovalRecord, ApprovalRequest} from '../approvals.js'
import {commandApprovalParamsSchema, fileChangeApprovalParamsSchema, threadResultSchema, turnResultSchema} from './protocol.js'
import type {WarmServer} from './supervisor.js'
import {AGENT_MARKER, ThreadProcesses, watchThread} from './thread-processes.js'
import {emptyTurnUsage, toExecEvent} from './translate.js'
import {type HostPlacement, hostFailureAfterTurn, killHostCommands, resumeTakesConfig} from '../../../hosts/placement.js'
import {isRemote} from '../../../hosts/resolve.js'

type StopReason = 'timeout' | 'cancelled' | 'provider-unreachable' | 'crashed' | 'host-down'

/** Per-thread settings as JSON fields, never as strings built into config: the values are the resolved ones. */
/** With approvals "ask" an agent runs sandboxed (workspace-write unless set stricter) and asks when it needs more. */
function effectiveSandbox(options: RunOptions): RunOptions['sandbox'] {
  return options.approvals === 'ask' && options.sandbox === 'danger-full-access' ? 'workspace-write' : options.sandbox
}
const approvalPolicy = (options: RunOptions) => (options.approvals === 'ask' ? 'on-request' : 'never')

function threadParams(options: RunOptions, agentId: string): Record<string, unknown> {
  const config: Record<string, unknown> = {...options.configOverrides}
  if (options.reasoningEffort) config.model_reasoning_effort = options.reasoningEffort
  // Every command of this thread (and its children) carries the agent id: how we find them to kill them.
  config[`shell_environment_policy.set.${AGENT_MARKER}`] = agentId
  return {
    cwd: options.cwd,
    sandbox: effectiveSandbox(options),
    approvalPolicy: approvalPolicy(options),
    ...(options.model ? {model: options.model} : {}),
    config,
  }
}

/** The resolved sandbox as a turn's policy: a rejoined loaded thread keeps its old one unless the turn says so. */
function sandboxPolicy(sandbox: RunOptions['sandbox']): Record<string, unknown> {
  if (sandbox === 'danger-full-access') return {type: 'dangerFullAccess'}
  if (sandbox === 'read-only') return {type: 'readOnly', networkAccess: false}
  return {type: 'workspaceWrite', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false}
}

/** Per-turn settings: the same resolved values again, for a thread app-server still had loaded. */
function turnOverrides(options: RunOptions): Record<string, unknown> {
  return {
    cwd: options.cwd,
    approvalPolicy: approvalPolicy(options),
    sandboxPolicy: sandboxPolicy(effectiveSandbox(options)),
    ...(options.model ? {model: options.model} : {}),
    ...(options.reasoningEffort ? {effort: options.reasoningEffort} : {}),
  }
}

/** Runs one agent as a thread of a warm `codex app-server`: same result and errors as the exec engine. */
export async function runThread(
  options: RunOptions,
  hooks: RunHooks,
  server: WarmServer,
  binary: CodexBinary,
  started: number,
  onSteerable?: (steer: (prompt: string) => Promise<boolean>) => void,
  /** With hosts: where the thread's commands run (its `environments`); a remote host is watched while it runs. */
  placement?: HostPlacement,
): Promise<AgentRun> {
  const {connection} = server
  // A thread this app-server still has loaded keeps the shell environment it was opened with: reuse its marker.
  const agentId = (options.resumeThreadId && connection.markers.get(options.resumeThreadId)) || randomUUID()
  const outcome = new OutcomeTracker()
  const events: CodexEvent[] = []
  const usage = emptyTurnUsage()
  const remote = placement && isRemote(placement.host) ? placement : undefined
  // A remote host's commands are out of /proc's reach: Codex kills them there (backgroundTerminals/clean).
  const processes = remote ? {kill: () => killHostCommands(connection, threadId)} : new ThreadProcesses(agentId, connection.pid)
  const unwatch = processes instanceof ThreadProcesses ? watchThread(processes) : () => {}
  let hostFailure: CodexMcpError | undefined
  let unwatchHost = () => {}
  const environments = placement ? {environments: placement.environments} : {}

  let stopReason: StopReason | undefined
  let crash: string | undefined
  let threadId: string | undefined
  let turnId: string | undefined
  let settle!: () => void
  const turnDone = new Promise<void>((resolve) => (settle = resolve))
  let killing: Promise<void> | undefined

  const emit = (event: CodexEvent) => {
    outcome.observe(event)
    if (hooks.keepEvents) events.push(event)
    reconnects.observe(event)
    try {
      hooks.onEvent?.(event)
    } catch {}
  }
  const stop = (reason: StopReason) => {
    if (stopReason) return
    stopReason = reason
    if (threadId && turnId) connection.request('turn/interrupt', {threadId, turnId}).catch(() => {})
    // Interrupt leaves the thread's commands running (backgrounded ones too): kill them ourselves.
    killing = processes.kill()
    settle()
  }
  const reconnects = reconnectWatchdog(options.reconnectTimeoutMs, () => stop('provider-unreachable'))
  const timeout = setTimeout(() => stop('timeout'), options.timeoutMs)
  const onAbort = () => stop('cancelled')
  hooks.signal?.addEventListener('abort', onAbort, {once: true})
  let unlisten = () => {}
  let diff = ''
  const approvals: ApprovalRecord[] = []
  const fileChanges = new Map<string, string[]>()
  const agentEnded = new AbortController()
  const decide = async (method: string, params: unknown): Promise<unknown> => {
    const request = approvalRequest(method, params, options, fileChanges)
    if (!request) throw new RpcError(`codex-mcp does not handle ${method}`, -32601)
    let timer: NodeJS.Timeout | undefined
    const answer = await Promise.race([
      hooks.onApproval ? hooks.onApproval(request, agentEnded.signal).catch((): ApprovalAnswer => ({decision: 'decline', decidedBy: 'unsupported'})) : Promise.resolve<ApprovalAnswer>({decision: 'decline', decidedBy: 'unsupported'}),
      new Promise<ApprovalAnswer>((resolve) => (timer = setTimeout(() => resolve({decision: 'decline', decidedBy: 'timeout'}), options.approvalTimeoutMs))),
    ]).finally(() => clearTimeout(timer))
    approvals.push({
      kind: request.kind,
      ...(request.command ? {command: request.command} : {}),
      ...(request.paths ? {path: request.paths.join(', ')} : {}),
      decision: answer.decision === 'accept' ? 'accepted' : 'declined',
      decidedBy: answer.decidedBy,
    })
    return {decision: answer.decision}
  }

  try {
    try {
      hooks.onSpawn?.({pid: connection.pid ?? 0, agentId, ...(placement ? {host: placement.host.name} : {})})
    } catch {}
    const params = threadParams(options, agentId)
    const opened = threadResultSchema.parse(
      options.resumeThreadId
        ? await connection.request('thread/resume', {threadId: options.resumeThreadId, ...(placement && !(await resumeTakesConfig(placement)) ? {...params, config: undefined} : params), excludeTurns: true})
        : await connection.request('thread/start', {...params, ...environments}),
    )
    threadId = opened.thread.id
    if (remote) {
      unwatchHost = remote.pool.watch(remote.host, (error) => {
        hostFailure = error
        stop('host-down')
      })
    }
    connection.markers.set(threadId, agentId)
    unlisten = connection.listen(threadId, {
      onNotification(notification) {
        if ('turnId' in notification.params && turnId && notification.params.turnId && notification.params.turnId !== turnId) return
        if (notification.method === 'turn/completed' && turnId && notification.params.turn.id !== turnId) return
        if (notification.method === 'turn/diff/updated') diff = notification.params.diff
        if (notification.method === 'item/started' && notification.params.item.type === 'fileChange') {
          const item = notification.params.item as {id: string; changes?: Array<{path: string}>}
          fileChanges.set(item.id, (item.changes ?? []).map((change) => change.path))
        }
        const event = toExecEvent(notification, usage)
        if (event) emit(event)
        if (notification.method === 'turn/completed') settle()
      },
      onServerRequest: decide,
      onExit(reason) {
        crash = reason
        stop('crashed')
      },
    })
    emit({type: 'thread.started', thread_id: threadId} as CodexEvent)
    if (!stopReason) {
      const turn = turnResultSchema.parse(
        await connection.request('turn/start', {threadId, input: [{type: 'text', text: options.prompt, text_elements: []}], ...turnOverrides(options), ...environments, ...(options.outputSchema ? {outputSchema: options.outputSchema} : {})}),
      )
      turnId = turn.turn.id
      const steeredTurn = turnId
      onSteerable?.(async (prompt) => {
        if (stopReason || !connection.alive) return false
        try {
          await connection.request('turn/steer', {threadId, expectedTurnId: steeredTurn, input: [{type: 'text', text: prompt, text_elements: []}]})
          return true
        } catch {
          return false // the turn ended meanwhile: the reply resumes the thread instead
        }
      })
      if (stopReason) connection.request('turn/interrupt', {threadId, turnId}).catch(() => {})
    }
    await turnDone
    // Codex finishes a turn whose host went away (its commands "still running", or never run): not a success.
    if (remote && !stopReason) {
      hostFailure = await hostFailureAfterTurn(remote)
      if (hostFailure) stopReason = 'host-down'
    }
  } catch (error) {
    if (!stopReason) {
      if (error instanceof RpcError && !connection.alive) crash = error.message
      else throw requestError(error, options)
    }
  } finally {
    agentEnded.abort()
    clearTimeout(timeout)
    reconnects.stop()
    unwatchHost()
    hooks.signal?.removeEventListener('abort', onAbort)
    await killing
    unlisten()
    unwatch()
    // Unload the thread: while app-server holds it, no other process (codex exec resume, another server) may write it.
    if (threadId && connection.alive) await connection.request('thread/unsubscribe', {threadId}).catch(() => {})
  }

  const durationMs = Date.now() - started
  const stderrTail = connection.stderr.toString()
  const id = outcome.threadId
  if (stopReason === 'timeout') {
    throw new CodexMcpError(`Codex timed out after ${options.timeoutMs} ms: agent in ${options.cwd}`, {
      kind: 'timeout',
      timedOut: true,
      retryable: true,
      threadId: id,
      fix: 'Raise timeoutMs (--timeout), or split the task.',
    })
  }
  if (stopReason === 'host-down' && hostFailure) {
    throw new CodexMcpError(hostFailure.shortMessage, {
      kind: hostFailure.kind,
      retryable: true,
      threadId: id,
      fix: `${hostFailure.fix ?? ''}${id ? ` The thread can be continued elsewhere: reply_agent with threadId ${id} (and another host).` : ''}`.trim(),
    })
  }
  if (stopReason === 'cancelled') throw new CodexMcpError(`Agent cancelled: agent in ${options.cwd}`, {kind: 'cancelled', threadId: id})
  if (stopReason === 'provider-unreachable') {
    throw new CodexMcpError(
      `Codex could not reach its model provider for ${options.reconnectTimeoutMs} ms (it kept printing "Reconnecting…"); the agent was stopped.`,
      {
        kind: 'provider-unreachable',
        retryable: true,
        threadId: id,
        fix: 'Check the network and the provider\'s base_url in Codex\'s config.toml (`codex-mcp doctor` shows which provider is active).',
      },
    )
  }
  if (crash !== undefined || stopReason === 'crashed') {
    throw new CodexMcpError(`Codex app-server ${crash ?? 'exited'} while the agent ran (${binary.file})`, {
      kind: 'exit-nonzero',
      retryable: true,
      threadId: id,
      stderrTail: stderrTail || undefined,
      fix: id ? `Run it again; the thread can be continued with reply_agent (threadId ${id}).` : 'Run it again.',
    })
  }
  const finished = {
    ...outcome.finish({exitCode: 0, signal: null, stderrTail: '', durationMs}),
    ...(diff ? {diff: capDiff(diff, options.cwd)} : {}),
    ...(options.approvals === 'ask' ? {approvals} : {}),
  }
  return hooks.keepEvents ? {...finished, events} : finished
}

export const MAX_DIFF_CHARS = 100_000

/** A result is no place for a huge diff: the head of it, and where the rest is. */
export function capDiff(diff: string, cwd: string): string {
  if (diff.length <= MAX_DIFF_CHARS) return diff
  return `${diff.slice(0, MAX_DIFF_CHARS)}\n… ${diff.length - MAX_DIFF_CHARS} more characters of diff: see \`git diff\` in ${cwd}\n`
}

/** An approval request from app-server as what a person decides on; undefined for requests we do not handle. */
function approvalRequest(method: string, params: unknown, options: RunOptions, fileChanges: Map<string, string[]>): ApprovalRequest | undefined {
  if (method === 'item/commandExecution/requestApproval') {
    const parsed = commandApprovalParamsSchema.safeParse(params)
    if (!parsed.success) return undefined
    const {command, cwd, reason} = parsed.data
    return {kind: 'command', command: command ? shortCommand(command) : undefined, cwd: cwd ?? options.cwd, reason: reason ?? undefined}
  }
  if (method === 'item/fileChange/requestApproval') {
    const parsed = fileChangeApprovalParamsSchema.safeParse(params)
    if (!parsed.success) return undefined
    return {kind: 'file-change', paths: fileChanges.get(parsed.data.itemId) ?? [], cwd: options.cwd, reason: parsed.data.reason ?? parsed.data.grantRoot ?? undefined}
  }
  return undefined
}

/** A refused request (thread/start, thread/resume, turn/start) as a typed error. */
function requestError(error: unknown, options: RunOptions): CodexMcpError {
  const message = error instanceof Error ? error.message : String(error)
  if (options.resumeThreadId && /no rollout found|not found|invalid thread id|unknown thread/i.test(message)) {
    return new CodexMcpError(`No Codex thread with that id: ${message}`, {
      kind: 'unknown-thread',
      threadId: options.resumeThreadId,
      fix: 'Use a threadId returned by an earlier agent run on this machine (Codex keeps threads in its CODEX_HOME).',
    })
  }
  if (/input exceeds|too large|maximum length/i.test(message)) return new CodexMcpError(`Codex refused the prompt: ${message}`, {kind: 'invalid-input'})
  return new CodexMcpError(`Codex app-server refused the agent: ${message}`, {kind: 'turn-failed', cause: error})
}
