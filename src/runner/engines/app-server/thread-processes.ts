import {readFileSync} from 'node:fs'

import {AGENT_MARKER, clockTicksNow, killLoop, processInfo, type ProcInfo, protectedPids, readProcessTable, type Sampled, treeSampler} from '../../process-tree.js'

/** The agent id in a process's environment, if it has one. */
function markerOf(pid: number): string | undefined {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'latin1')
    const at = environ.indexOf(`${AGENT_MARKER}=`)
    if (at === -1 || (at > 0 && environ[at - 1] !== '\0')) return undefined
    const end = environ.indexOf('\0', at)
    return environ.slice(at + AGENT_MARKER.length + 1, end === -1 ? undefined : end)
  } catch {
    return undefined
  }
}

/** Agent id → its marked processes, reading the environment only of processes started since `since`. */
function markedProcesses(table: Map<number, ProcInfo>, since: number, skip: Set<number>): Map<string, ProcInfo[]> {
  const out = new Map<string, ProcInfo[]>()
  for (const proc of table.values()) {
    if (proc.zombie || proc.start < since || skip.has(proc.pid)) continue
    const id = markerOf(proc.pid)
    if (id === undefined) continue
    const list = out.get(id)
    if (list) list.push(proc)
    else out.set(id, [proc])
  }
  return out
}

/**
 * The processes one app-server thread started. They are children of the shared app-server, so the tree
 * under it is no guide: each thread's commands get a unique marker variable (shell_environment_policy.set),
 * which their children inherit. While the thread runs we sample the marked processes and remember their
 * process groups and sessions (a child that dropped its environment still shares those); on kill, every
 * process marked or in a remembered group or session goes — never the app-server itself, nor us.
 */
/** Marked processes by table: with 16 threads sampled on one tick, the environ reads happen once. */
const markedByTable = new WeakMap<Map<number, ProcInfo>, {since: number; marked: Map<string, ProcInfo[]>}>()
function markedIn(table: Map<number, ProcInfo>, since: number): Map<string, ProcInfo[]> {
  const cached = markedByTable.get(table)
  if (cached && cached.since <= since) return cached.marked
  const marked = markedProcesses(table, since, protectedPids(table))
  markedByTable.set(table, {since, marked})
  return marked
}

export class ThreadProcesses implements Sampled {
  private readonly pgids = new Set<number>()
  private readonly sids = new Set<number>()
  readonly since: number
  private readonly shared: {pgid?: number; sid?: number}[]

  constructor(
    readonly agentId: string,
    /** The app-server's pid: its group and session are shared by all threads. */
    private readonly serverPid: number | undefined,
  ) {
    // Three small reads, not the whole process table: this runs once per agent.
    this.since = clockTicksNow()
    this.shared = [processInfo(process.pid) ?? {}, (serverPid && processInfo(serverPid)) || {}]
  }

  /** Remembers the groups and sessions of `procs`, this thread's marked processes. */
  remember(procs: ProcInfo[]): void {
    for (const proc of procs) {
      if (!this.shared.some((s) => s.pgid === proc.pgid)) this.pgids.add(proc.pgid)
      if (!this.shared.some((s) => s.sid === proc.sid)) this.sids.add(proc.sid)
    }
  }

  members(table: Map<number, ProcInfo> | undefined = readProcessTable()): number[] {
    if (!table) return []
    const keep = protectedPids(table)
    if (this.serverPid) keep.add(this.serverPid)
    const marked = markedProcesses(table, this.since, keep).get(this.agentId) ?? []
    this.remember(marked)
    const found = new Set(marked.map((proc) => proc.pid))
    for (const proc of table.values()) {
      if (!proc.zombie && !keep.has(proc.pid) && (this.pgids.has(proc.pgid) || this.sids.has(proc.sid))) found.add(proc.pid)
    }
    return [...found]
  }

  /** The shared sampler's tick: remembers the groups and sessions of this thread's marked processes. */
  sample(table: Map<number, ProcInfo> | undefined): void {
    if (table) this.remember(markedIn(table, this.since).get(this.agentId) ?? [])
  }

  /** The one kill loop (TERM, grace, KILL rounds) over this thread's processes. */
  kill(graceMs = 1000): Promise<void> {
    return killLoop(() => this.members(), {graceMs})
  }

  /** Synchronous last resort at process exit. */
  killNow(): void {
    for (const pid of this.members()) signal(pid, 'SIGKILL')
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {}
}

/** Running threads: sampled by the one sampler of every engine, signalled at shutdown. */
const watched = new Set<ThreadProcesses>()

export function watchThread(processes: ThreadProcesses): () => void {
  watched.add(processes)
  treeSampler.add(processes)
  return () => {
    watched.delete(processes)
    treeSampler.delete(processes)
  }
}

process.once('exit', () => {
  for (const each of watched) each.killNow()
})

/** SIGTERM to every process of every running thread (shutdown's first step). */
export function signalAllThreads(): void {
  const table = readProcessTable()
  for (const each of watched) for (const pid of each.members(table)) signal(pid, 'SIGTERM')
}

/** Kills every running thread's processes. */
export async function killAllThreads(): Promise<void> {
  await Promise.all([...watched].map((each) => each.kill()))
}
