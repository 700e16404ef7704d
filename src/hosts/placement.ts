import {within} from '../config/duration.js'
import {CodexMcpError} from '../errors.js'
import {type HostRpc, hostError, type HostPool, hostPool, threadEnvironments} from './pool.js'
import {type HostSpec, isRemote} from './resolve.js'

/** An agent's place: the host, the thread's `environments` for it, and the slot to give back. */
export interface HostPlacement {
  host: HostSpec
  pool: HostPool
  environments: Array<{environmentId: string; cwd: string}>
  release(): void
}

/** Picks the agent's host (the asked-for one, else the least busy ready one) on this app-server. */
export async function placeAgent(rpc: HostRpc, options: {hosts: HostSpec[]; host?: string; cwd: string; isolation?: string}, signal?: AbortSignal): Promise<HostPlacement> {
  const pool = hostPool(rpc, options.hosts)
  // An isolated agent's worktree is made here: it runs on this machine (checkHostIsolation refused the rest).
  const localOnly = options.isolation === 'worktree'
  try {
    await pool.register()
  } catch (error) {
    throw new CodexMcpError(`Codex app-server did not take the hosts (environment/add): ${(error as Error).message}`, {
      kind: 'invalid-config',
      fix: 'Check "hosts" in the config; environments need Codex 0.169 or newer.',
      cause: error,
    })
  }
  const {host, release} = await pool.place(options.host, signal, localOnly)
  return {host, pool, environments: threadEnvironments(host, options.cwd), release}
}

/**
 * Kills a host thread's commands, backgrounded ones included, on the host: `thread/backgroundTerminals/clean`
 * (turn/interrupt leaves them running; our /proc walk cannot see another machine). A dead host gets a bounded wait.
 */
export async function killHostCommands(rpc: HostRpc, threadId: string | undefined, timeoutMs = 3000): Promise<void> {
  if (!threadId || !rpc.alive) return
  await within(rpc.request('thread/backgroundTerminals/clean', {threadId}).catch(() => {}), timeoutMs)
}

/** After a turn that looked finished: a host that is gone meanwhile ran nothing to the end, so the agent failed. */
export async function hostFailureAfterTurn(placement: HostPlacement): Promise<CodexMcpError | undefined> {
  if (!isRemote(placement.host)) return undefined
  const status = await placement.pool.status(placement.host, false).catch(() => undefined)
  if (!status || status.state === 'ready') return undefined
  return hostError(placement.host, status, 'while the agent ran')
}

/**
 * Whether a thread/resume on this placement may carry `config`. Codex 0.169 rebuilds a resumed thread that gets
 * config overrides with every registered environment, and waits ~45 s on one that is down; turn/start's
 * `environments` come too late to help. A remote host's thread needs no kill marker (the host kills its
 * commands), so its resume goes without; a local one keeps it unless a host is down.
 */
export async function resumeTakesConfig(placement: HostPlacement): Promise<boolean> {
  if (isRemote(placement.host)) return false
  const statuses = await Promise.all(placement.pool.hosts.filter(isRemote).map((host) => placement.pool.status(host, false).catch(() => undefined)))
  return statuses.every((status) => status?.state === 'ready')
}
