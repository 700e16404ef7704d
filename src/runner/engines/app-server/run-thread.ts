import {randomUUID} from 'node:crypto'

import {within} from '../../../config/duration.js'
import {CodexMcpError} from '../../../errors.js'
import type {CodexEvent} from '../../events.js'
import {type AgentResult, UNKNOWN_THREAD_TEXT, unknownThreadError} from '../../outcome.js'
import {AGENT_MARKER} from '../../process-tree.js'
import {type AgentLifecycle, runLifecycle} from '../lifecycle.js'
import type {AgentRun, RunHooks, Steer} from '../types.js'
import type {RunOptions} from '../../run-options.js'
import type {CodexBinary} from '../../resolve-codex.js'
import {RpcError} from './connection.js'
import {shortCommand} from '../../describe-event.js'
import type {ApprovalAnswer, ApprovalRecord, ApprovalRequest} from '../approvals.js'
import {commandApprovalParamsSchema, fileChangeApprovalParamsSchema, type Notification, threadResultSchema, turnResultSchema} from './protocol.js'
import type {WarmServer} from './supervisor.js'
import {ThreadProcesses, watchThread} from './thread-processes.js'
import {emptyTurnUsage, toExecEvent} from './translate.js'
import {type HostPlacement, hostFailureAfterTurn, killHostCommands, resumeTakesConfig} from '../../../hosts/placement.js'
import {isRemote} from '../../../hosts/resolve.js'

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

/** One agent for a warm app-server: what it runs, on which server and Codex, and where. */
export interface ThreadRun {
  options: RunOptions
  hooks: RunHooks
  server: WarmServer
  binary: CodexBinary
  /** When the agent's call began (its result's duration counts from there). */
  started: number
  onSteerable?: (steer: Steer) => void
  /** With hosts: where the thread's commands run (its `environments`); a remote host is watched while it runs. */
  placement?: HostPlacement
}

/** Runs one agent as a thread of a warm `codex app-server`: same result and errors as the exec engine. */
export function runThread(run: ThreadRun): Promise<AgentRun> {
  return runLifecycle(run.options, run.hooks, (life) => driveThread(life, run))
}

async function driveThread(life: AgentLifecycle, {options, hooks, server, binary, started, onSteerable, placement}: ThreadRun): Promise<() => AgentResult> {
  const {connection} = server
  // A thread this app-server still has loaded keeps the shell environment it was opened with: reuse its marker.
  const agentId = (options.resumeThreadId && connection.markers.get(options.resumeThreadId)) || randomUUID()
  const usage = emptyTurnUsage()
  const remote = placement && isRemote(placement.host) ? placement : undefined
  // A remote host's commands are out of /proc's reach: Codex kills them there (backgroundTerminals/clean).
  const processes = remote ? {kill: () => killHostCommands(connection, threadId)} : new ThreadProcesses(agentId, connection.pid)
  const unwatch = processes instanceof ThreadProcesses ? watchThread(processes) : () => {}
  let unwatchHost = () => {}
  const environments = placement ? {environments: placement.environments} : {}
  life.stderrTail = () => connection.stderr.toString()

  let threadId: string | undefined
  let turnId: string | undefined
  const interrupt = () => {
    if (threadId && turnId) connection.request('turn/interrupt', {threadId, turnId}).catch(() => {})
  }
  // Interrupt leaves the thread's commands running (backgrounded ones too): the kill is ours.
  life.started({interrupt, kill: () => processes.kill()})
  const mismatch = (what: string, issues: string) => {
    server.mismatch ??= `Codex ${server.version} sent ${what} that the app-server engine does not understand (${issues})`
    life.stop('protocol-mismatch', `Codex ${server.version} sent ${what} that the app-server engine does not understand (${issues}); the agent was stopped`)
  }
  const crashed = (reason: string) => life.stop('engine-crashed', `Codex app-server (${binary.file}) ${reason}`)
  let turnEnded!: () => void
  const turnDone = new Promise<void>((resolve) => (turnEnded = resolve))
  life.stopped.addEventListener('abort', () => turnEnded(), {once: true})

  let unlisten = () => {}
  // A rejoined loaded thread may still report an earlier turn (one interrupted as its host died): until
  // turn/start names ours, a turn's notifications wait here, and only ours are taken.
  const early: Notification[] = []
  let completed!: () => void
  const turnCompleted = new Promise<void>((resolve) => (completed = resolve))
  let diff = ''
  const approvals: ApprovalRecord[] = []
  const fileChanges = new Map<string, string[]>()
  const decide = async (method: string, params: unknown): Promise<unknown> => {
    const request = approvalRequest(method, params, options, fileChanges)
    if (!request) throw new RpcError(`codex-mcp does not handle ${method}`, -32601)
    let timer: NodeJS.Timeout | undefined
    const answer = await Promise.race([
      hooks.onApproval ? hooks.onApproval(request, life.ended).catch((): ApprovalAnswer => ({decision: 'decline', decidedBy: 'unsupported'})) : Promise.resolve<ApprovalAnswer>({decision: 'decline', decidedBy: 'unsupported'}),
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
  /** A response we rely on, checked: a mismatch stops the agent (undefined), never a wrong result. */
  const expect = <T>(schema: {safeParse(value: unknown): {success: true; data: T} | {success: false; error: {message: string}}}, method: string, value: unknown): T | undefined => {
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    mismatch(`a ${method} response`, issuesOf(parsed.error))
    return undefined
  }

  const onNotification = (notification: Notification): void => {
    const ofTurn = turnOf(notification)
    if (ofTurn && !turnId) return void early.push(notification)
    if (ofTurn && ofTurn !== turnId) return
    if (notification.method === 'turn/diff/updated') diff = notification.params.diff
    if (notification.method === 'item/started' && notification.params.item.type === 'fileChange') {
      const item = notification.params.item as {id: string; changes?: Array<{path: string}>}
      fileChanges.set(item.id, (item.changes ?? []).map((change) => change.path))
    }
    const event = toExecEvent(notification, usage)
    if (event) life.observe(event)
    if (notification.method === 'turn/completed') {
      completed()
      turnEnded()
    }
  }

  try {
    try {
      hooks.onSpawn?.({pid: connection.pid ?? 0, agentId, ...(placement ? {host: placement.host.name} : {})})
    } catch {}
    const params = threadParams(options, agentId)
    const method = options.resumeThreadId ? 'thread/resume' : 'thread/start'
    const resumeParams = placement && !(await resumeTakesConfig(placement)) ? {...params, config: undefined} : params
    const opened = expect(
      threadResultSchema,
      method,
      await untilStopped(life, connection.request(method, options.resumeThreadId ? {threadId: options.resumeThreadId, ...resumeParams, excludeTurns: true} : {...params, ...environments})),
    )
    if (opened) {
      threadId = opened.thread.id
      if (remote) unwatchHost = remote.pool.watch(remote.host, (error) => life.stopWith('host-down', error))
      connection.markers.set(threadId, agentId)
      unlisten = connection.listen(threadId, {
        onNotification,
        onMismatch: (method, issues) => mismatch(`a ${method} notification`, issues),
        onServerRequest: decide,
        onExit: crashed,
      })
      life.observe({type: 'thread.started', thread_id: threadId} as CodexEvent)
    }
    if (threadId && !life.stopReason) {
      const turnRequest = connection.request('turn/start', {threadId, input: [{type: 'text', text: options.prompt, text_elements: []}], ...turnOverrides(options), ...environments, ...(options.outputSchema ? {outputSchema: options.outputSchema} : {})})
      const turnThread = threadId
      // A turn Codex names only after the agent was stopped (we stopped waiting) is interrupted then.
      turnRequest.then((late) => {
        const id = turnResultSchema.safeParse(late).data?.turn.id
        if (id && life.stopReason) connection.request('turn/interrupt', {threadId: turnThread, turnId: id}).catch(() => {})
      }, () => {})
      const turn = expect(turnResultSchema, 'turn/start', await untilStopped(life, turnRequest))
      turnId = turn?.turn.id
      for (const notification of early.splice(0)) onNotification(notification)
      const steeredTurn = turnId
      if (steeredTurn) {
        onSteerable?.(async (prompt) => {
          if (life.stopReason || !connection.alive) return false
          try {
            await connection.request('turn/steer', {threadId, expectedTurnId: steeredTurn, input: [{type: 'text', text: prompt, text_elements: []}]})
            return true
          } catch {
            return false // the turn ended meanwhile: the reply resumes the thread instead
          }
        })
      }
    }
    await turnDone
    // Codex finishes a turn whose host went away (its commands "still running", or never run): not a success.
    if (remote && threadId && !life.stopReason) {
      const hostFailure = await hostFailureAfterTurn(remote)
      if (hostFailure) life.stopWith('host-down', hostFailure)
    }
  } catch (error) {
    if (error instanceof RpcError && !connection.alive) crashed(error.message.replace(/^Codex app-server /, ''))
    else if (!life.stopReason) throw requestError(error, options)
  } finally {
    unwatchHost()
    await life.killed()
    // That thread stays loaded (below): its interrupted turn must be over before a reply starts the next one.
    if (life.stopReason === 'host-down' && turnId && connection.alive) await within(turnCompleted, INTERRUPT_WAIT_MS)
    unlisten()
    unwatch()
    // A thread whose host died stays loaded: resumed from disk, Codex (0.169–0.171) would select its dead
    // environment again and wait ~45 s on it; loaded, a reply rejoins it at once and its turn names another host.
    if (threadId && connection.alive && life.stopReason !== 'host-down') await releaseThread(server, threadId)
  }

  return () => {
    const finished = {
      ...life.outcome.finish({exitCode: 0, signal: null, stderrTail: '', durationMs: Date.now() - started}),
      ...(diff ? {diff: capDiff(diff, options.cwd)} : {}),
      ...(options.approvals === 'ask' ? {approvals} : {}),
    }
    return finished
  }
}

/** How long a stopped turn of a thread that stays loaded gets to end (measured: ~40 ms after turn/interrupt). */
const INTERRUPT_WAIT_MS = 5000
/** How long each step of handing a thread back may take (measured: 14–35 ms for all three). */
const RELEASE_STEP_MS = 2000

/** A request the agent's stop ends: the stop's error then stands for it, never a wait on a Codex that does not answer. */
function untilStopped<T>(life: AgentLifecycle, request: Promise<T>): Promise<T> {
  const {stopped} = life
  if (stopped.aborted) return Promise.reject(new Error('the agent was stopped'))
  return new Promise<T>((resolve, reject) => {
    const onStop = () => reject(new Error('the agent was stopped'))
    stopped.addEventListener('abort', onStop, {once: true})
    request.then(resolve, reject).finally(() => stopped.removeEventListener('abort', onStop))
  })
}

/** The turn a notification is about, if it is about one. */
function turnOf(notification: Notification): string | undefined {
  if (notification.method === 'turn/started' || notification.method === 'turn/completed') return notification.params.turn.id
  const turnId = (notification.params as {turnId?: unknown}).turnId
  return typeof turnId === 'string' ? turnId : undefined
}


/** A zod error as one short line. */
function issuesOf(error: {message: string}): string {
  return error.message.replace(/\s+/g, ' ').slice(0, 300)
}

/**
 * Hands the thread back to its rollout on disk, so another process (`codex exec resume`, another server) may write
 * it and our next turn on it reads what they wrote. Unsubscribing alone leaves it loaded, with app-server as its
 * only writer, until an idle timeout (Codex 0.169–0.171: `exec resume` fails with "already has an active writer").
 * `thread/archive` shuts the loaded thread down; `thread/unarchive` puts its rollout straight back (~20 ms).
 */
async function releaseThread({connection}: WarmServer, threadId: string): Promise<void> {
  // Each step is bounded: the agent's result must not wait on a Codex that does not answer.
  await within(connection.request('thread/unsubscribe', {threadId}).then(() => {}, () => {}), RELEASE_STEP_MS)
  const unarchive = async () => {
    connection.markers.delete(threadId) // no longer loaded: the next resume opens it with a new marker
    // An archived thread is hidden from `codex resume` and `exec resume`: never leave it so.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await connection.request('thread/unarchive', {threadId}).then(() => true, () => false)) return
    }
  }
  // Still loaded after a refusal (a Codex without archive): the next turn of ours rejoins it, as before.
  const archived = connection.request('thread/archive', {threadId}).then(() => true, () => false)
  const answered = await within(archived, RELEASE_STEP_MS)
  if (answered === undefined) {
    // Late: unarchive whenever Codex gets to it, without holding the agent's result.
    void archived.then((done) => (done ? unarchive() : undefined))
    return
  }
  if (answered) await within(unarchive(), RELEASE_STEP_MS)
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
  if (options.resumeThreadId && UNKNOWN_THREAD_TEXT.test(message)) return unknownThreadError(options.resumeThreadId, message)
  if (/input exceeds|too large|maximum length/i.test(message)) return new CodexMcpError(`Codex refused the prompt: ${message}`, {kind: 'invalid-input'})
  return new CodexMcpError(`Codex app-server refused the agent: ${message}`, {kind: 'turn-failed', cause: error})
}
