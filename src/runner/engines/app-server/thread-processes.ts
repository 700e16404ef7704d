import {readFileSync} from 'node:fs'

import {type ProcInfo, protectedPids, readProcessTable} from '../../process-tree.js'

export const AGENT_MARKER = 'CODEX_MCP_AGENT_ID'

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

/** The newest start time in the table: a process started later has a start time at least this. */
function newestStart(table: Map<number, ProcInfo> | undefined): number {
  let newest = 0
  for (const proc of table?.values() ?? []) newest = Math.max(newest, proc.start)
  return newest
}

/**
 * The processes one app-server thread started. They are children of the shared app-server, so the tree
 * under it is no guide: each thread's commands get a unique marker variable (shell_environment_policy.set),
 * which their children inherit. While the thread runs we sample the marked processes and remember their
 * process groups and sessions (a child that dropped its environment still shares those); on kill, every
 * process marked or in a remembered group or session goes — never the app-server itself, nor us.
 */
export class ThreadProcesses {
  private readonly pgids = new Set<number>()
  private readonly sids = new Set<number>()
  readonly since: number
  private readonly shared: {pgid?: number; sid?: number}[]

  constructor(
    readonly agentId: string,
    /** The app-server's pid: its group and session are shared by all threads. */
    private readonly serverPid: number | undefined,
  ) {
    const table = readProcessTable()
    this.since = newestStart(table)
    this.shared = [table?.get(process.pid) ?? {}, (serverPid && table?.get(serverPid)) || {}]
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

  /** TERM every member, KILL what is left after `graceMs`, and look again until none is left (verified by pid). */
  async kill(graceMs = 1000): Promise<void> {
    for (const pid of this.members()) signal(pid, 'SIGTERM')
    const deadline = Date.now() + graceMs
    while (Date.now() < deadline) {
      await sleep(50)
      if (this.members().length === 0) return
    }
    for (let round = 0; round < 5; round++) {
      const left = this.members()
      if (left.length === 0) return
      for (const pid of left) signal(pid, 'SIGKILL')
      await sleep(50)
    }
  }

  /** Synchronous last resort at process exit. */
  killNow(): void {
    for (const pid of this.members()) signal(pid, 'SIGKILL')
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {}
}

/** One timer samples every running thread: one /proc read per tick, one environ read per new process. */
const watched = new Set<ThreadProcesses>()
let timer: NodeJS.Timeout | undefined

function tick(): void {
  const table = readProcessTable()
  if (!table || watched.size === 0) return
  const since = Math.min(...[...watched].map((each) => each.since))
  const marked = markedProcesses(table, since, protectedPids(table))
  for (const each of watched) each.remember(marked.get(each.agentId) ?? [])
}

export function watchThread(processes: ThreadProcesses): () => void {
  watched.add(processes)
  timer ??= setInterval(tick, 500).unref()
  return () => {
    watched.delete(processes)
    if (watched.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
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
