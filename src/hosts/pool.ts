import {CodexMcpError} from '../errors.js'
import {type HostSpec, isRemote} from './resolve.js'
import {LOCAL_HOST} from '../config/hosts.js'

/** What the hosts need of a `codex app-server` connection: requests (environment/add, environment/status). */
export interface HostRpc {
  request(method: string, params: unknown): Promise<unknown>
  readonly alive: boolean
}

export type HostState = 'ready' | 'pending' | 'disconnected' | 'unknown'
export interface HostStatus {
  state: HostState
  /** Codex's words for a state other than ready. */
  error?: string
}

/** How long an exec-server may take to accept the WebSocket (environment/add's connectTimeoutMs). */
export const CONNECT_TIMEOUT_MS = 5000
/** How often a running agent's host is looked at: a dead exec-server shows as disconnected at once. */
export const WATCH_INTERVAL_MS = 1000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A host's Codex status as our error: a refused token is an auth problem, anything else unreachable. */
export function hostError(host: HostSpec, status: HostStatus, when: string): CodexMcpError {
  const detail = status.error ?? status.state
  if (/\b401\b|unauthori[sz]ed|\b403\b|forbidden/i.test(detail)) {
    return new CodexMcpError(`Host "${host.name}" refused codex-mcp's token (${host.url}) ${when}: ${detail}`, {
      kind: 'auth',
      fix: host.tokenEnv
        ? `Make ${host.tokenEnv} hold the same token as the exec-server's --ws-token-file on that host.`
        : `The exec-server wants a token: add "tokenEnv" naming a variable that holds it to host "${host.name}" in the config.`,
    })
  }
  return new CodexMcpError(`Host "${host.name}" is unreachable (${host.url}) ${when}: ${detail}`, {
    kind: 'host-unreachable',
    retryable: true,
    fix: `Check that \`codex exec-server --listen …\` runs on ${host.name} and is reachable at ${host.url}; run it again on another host (\`host\`), or without one.`,
  })
}

/**
 * The configured hosts as one warm app-server sees them: registered once as its environments, each with a
 * count of the agents running there. Placement picks the least busy ready host with a free slot; a host
 * whose exec-server is down or refuses the token is skipped (or, when asked for by name, fails the agent).
 */
export class HostPool {
  private registered?: Promise<void>
  private readonly running = new Map<string, number>()
  private readonly waiting = new Set<() => void>()

  constructor(
    private readonly rpc: HostRpc,
    readonly hosts: HostSpec[],
  ) {}

  /** environment/add for every remote host (answers {} even for a dead one: the status tells). */
  register(): Promise<void> {
    this.registered ??= Promise.all(
      this.hosts.filter(isRemote).map((host) => {
        const token = host.token()
        return this.rpc.request('environment/add', {
          environmentId: host.name,
          execServerUrl: host.url,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          ...(token ? {authBearerToken: token} : {}),
        })
      }),
    ).then(() => undefined)
    return this.registered
  }

  /** The host's status now; with `settle`, waits out "pending" (the first connection) up to the connect timeout. */
  async status(host: HostSpec, settle = true): Promise<HostStatus> {
    if (!isRemote(host)) return {state: 'ready'}
    await this.register()
    const deadline = Date.now() + CONNECT_TIMEOUT_MS + 1000
    for (;;) {
      const answer = (await this.rpc.request('environment/status', {environmentId: host.name})) as {status?: HostState; error?: string}
      const status: HostStatus = {state: answer.status ?? 'unknown', ...(answer.error ? {error: answer.error} : {})}
      if (status.state !== 'pending' || !settle || Date.now() > deadline) return status
      await sleep(100)
    }
  }

  runningOn(name: string): number {
    return this.running.get(name) ?? 0
  }

  /** A slot on the asked-for host, or the least busy ready one; waits while every ready host is full. */
  async place(requested: string | undefined, signal?: AbortSignal, localOnly = false): Promise<{host: HostSpec; release: () => void}> {
    const candidates = requested ? this.hosts.filter((host) => host.name === requested) : this.hosts.filter((host) => !localOnly || !isRemote(host))
    for (;;) {
      if (signal?.aborted) throw new CodexMcpError('Agent cancelled while waiting for a host.', {kind: 'cancelled'})
      const statuses = await Promise.all(candidates.map(async (host) => ({host, status: await this.status(host)})))
      const ready = statuses.filter(({status}) => status.state === 'ready').map(({host}) => host)
      if (ready.length === 0) {
        if (requested) throw hostError(candidates[0], statuses[0].status, 'before the agent started')
        const problems = statuses.map(({host, status}) => `${host.name}: ${status.error ?? status.state}`).join('; ')
        throw new CodexMcpError(`No host is reachable: ${problems}`, {
          kind: 'host-unreachable',
          retryable: true,
          fix: 'Start `codex exec-server` on the hosts (see the README, "Hosts"), or add a host named "local" to run on this machine.',
        })
      }
      const free = ready.filter((host) => this.runningOn(host.name) < (host.maxAgents ?? Number.POSITIVE_INFINITY))
      if (free.length > 0) {
        const host = free.reduce((best, each) => (this.runningOn(each.name) < this.runningOn(best.name) ? each : best))
        this.running.set(host.name, this.runningOn(host.name) + 1)
        let released = false
        return {
          host,
          release: () => {
            if (released) return
            released = true
            this.running.set(host.name, this.runningOn(host.name) - 1)
            for (const wake of [...this.waiting]) wake()
          },
        }
      }
      await this.slotFreed(signal)
    }
  }

  /** Resolves when an agent leaves a host (or after a while: a host may have come back), or on abort. */
  private slotFreed(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiting.delete(done)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, 2000)
      this.waiting.add(done)
      signal?.addEventListener('abort', done, {once: true})
    })
  }

  /**
   * Looks at `host` every WATCH_INTERVAL_MS while an agent runs there; calls `onDown` once when it is no longer
   * ready (Codex reconnects on its own, but an agent must not hang meanwhile). Returns the stop function.
   */
  watch(host: HostSpec, onDown: (error: CodexMcpError) => void): () => void {
    if (!isRemote(host)) return () => {}
    let stopped = false
    const timer = setInterval(() => {
      if (stopped || !this.rpc.alive) return
      this.status(host, false).then(
        (status) => {
          if (stopped || status.state === 'ready') return
          stopped = true
          clearInterval(timer)
          onDown(hostError(host, status, 'while the agent ran'))
        },
        () => {},
      )
    }, WATCH_INTERVAL_MS)
    timer.unref()
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }
}

const pools = new WeakMap<HostRpc, HostPool>()

/** The pool of one app-server connection (hosts are the same for a process: its config). */
export function hostPool(rpc: HostRpc, hosts: HostSpec[]): HostPool {
  let pool = pools.get(rpc)
  if (!pool) {
    pool = new HostPool(rpc, hosts)
    pools.set(rpc, pool)
  }
  return pool
}

/** The environments of a thread on `host`: its cwd there (the host's own cwd, else the agent's). */
export function threadEnvironments(host: HostSpec, agentCwd: string): Array<{environmentId: string; cwd: string}> {
  return [{environmentId: isRemote(host) ? host.name : LOCAL_HOST, cwd: host.cwd ?? agentCwd}]
}
