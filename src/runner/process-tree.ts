import {readdirSync, readFileSync} from 'node:fs'

/**
 * Finds and kills every process an agent started, including the ones a plain tree kill misses.
 *
 * Codex runs each shell command in a new session (setsid), and a command's backgrounded grandchild keeps
 * that session and process group after it is re-parented to pid 1. So while an agent runs we sample its
 * descendants and remember their process groups and sessions, and every agent's Codex gets a unique marker
 * variable in its environment that its children inherit. On kill, the agent's processes are: descendants of
 * Codex, members of any remembered group or session, and any process carrying the marker.
 * Linux reads /proc; elsewhere only Codex's own process group is signalled.
 */

/** The environment variable that carries an agent's id into every process of the agent, on every engine. */
export const AGENT_MARKER = 'CODEX_MCP_AGENT_ID'
/** `AGENT_MARKER=<id>`, as it appears in a process's environment. */
export const agentMarker = (agentId: string) => `${AGENT_MARKER}=${agentId}`

/** After the grace period: how many times the kill loop looks again and SIGKILLs what is left (a process may fork between two looks). */
export const KILL_ROUNDS = 5

export interface ProcInfo {
  pid: number
  ppid: number
  pgid: number
  sid: number
  zombie: boolean
  /** Start time in clock ticks since boot. */
  start: number
}

const hasProc = process.platform === 'linux'

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may hold spaces and parentheses: the fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {pid, zombie: fields[0] === 'Z', ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), start: Number(fields[19])}
  } catch {
    return undefined // the process ended while we looked
  }
}

/** One process's /proc/<pid>/stat fields; undefined when it is gone or without /proc. */
export function processInfo(pid: number): ProcInfo | undefined {
  return hasProc ? readProc(pid) : undefined
}

/**
 * Now, in the clock ticks of {@link ProcInfo.start} (boot time, USER_HZ): a process started from now on has a
 * start time at least this. Read from /proc/uptime (centiseconds) instead of the newest start in a whole
 * process table: one small read, not one per process on the machine. USER_HZ is 100 on Linux (1024 on a few
 * old architectures, where this is lower than the truth: still a lower bound); one tick off for rounding.
 * 0 (everything counts) when /proc/uptime cannot be read.
 */
export function clockTicksNow(): number {
  if (!hasProc) return 0
  try {
    const seconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0])
    return Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds * 100) - 1) : 0
  } catch {
    return 0
  }
}

/** "<boot id>:<start time>" of a live process, unique across reboots; undefined without /proc. */
export function processIdentity(pid: number): string | undefined {
  const start = hasProc ? readProc(pid)?.start : undefined
  if (start === undefined) return undefined
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}:${start}`
  } catch {
    return undefined
  }
}

export function readProcessTable(): Map<number, ProcInfo> | undefined {
  if (!hasProc) return undefined
  const table = new Map<number, ProcInfo>()
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    const proc = readProc(pid)
    if (proc) table.set(pid, proc)
  }
  return table
}

function hasMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)
  } catch {
    return false
  }
}

const self = hasProc ? readProc(process.pid) : undefined

/** Ourselves and our ancestors: never signalled, whatever they share with an agent. */
export function protectedPids(table: Map<number, ProcInfo>): Set<number> {
  const pids = new Set<number>()
  for (let pid: number | undefined = process.pid; pid && pid > 1 && !pids.has(pid); pid = table.get(pid)?.ppid) pids.add(pid)
  pids.add(1)
  return pids
}

export class AgentProcessTree {
  private readonly pgids = new Set<number>()
  private readonly sids = new Set<number>()
  /** Codex's start time: only processes started after it can carry the marker (keeps the environ scan short). */
  private readonly startedAt: number

  /** `marker` is `NAME=value`, set in Codex's environment. */
  constructor(
    readonly rootPid: number,
    readonly marker: string,
  ) {
    this.pgids.add(rootPid) // Codex runs in its own process group (detached).
    this.startedAt = (hasProc && readProc(rootPid)?.start) || 0
  }

  /** Remembers the groups and sessions of the agent's current descendants. */
  sample(table: Map<number, ProcInfo> | undefined = readProcessTable()): void {
    if (!table) return
    for (const proc of this.descendants(table)) {
      if (proc.pgid !== self?.pgid) this.pgids.add(proc.pgid)
      if (proc.sid !== self?.sid) this.sids.add(proc.sid)
    }
  }

  /** Every live process that belongs to the agent. */
  members(table: Map<number, ProcInfo> | undefined = readProcessTable()): number[] {
    if (!table) return []
    this.sample(table)
    const keep = protectedPids(table)
    const found = new Set<number>(this.descendants(table).map((p) => p.pid))
    for (const proc of table.values()) {
      if (proc.zombie || keep.has(proc.pid) || found.has(proc.pid)) continue
      if (proc.pid === this.rootPid || this.pgids.has(proc.pgid) || this.sids.has(proc.sid)) found.add(proc.pid)
      else if (proc.start >= this.startedAt && hasMarker(proc.pid, this.marker)) found.add(proc.pid)
    }
    for (const pid of keep) found.delete(pid)
    return [...found].filter((pid) => !table.get(pid)?.zombie)
  }

  private descendants(table: Map<number, ProcInfo>): ProcInfo[] {
    const children = new Map<number, ProcInfo[]>()
    for (const proc of table.values()) {
      const list = children.get(proc.ppid)
      if (list) list.push(proc)
      else children.set(proc.ppid, [proc])
    }
    const out: ProcInfo[] = []
    const stack = [this.rootPid]
    while (stack.length > 0) {
      for (const child of children.get(stack.pop()!) ?? []) {
        out.push(child)
        stack.push(child.pid)
      }
    }
    return out
  }

  /**
   * SIGTERM to every member at once, Codex included; SIGKILL whatever is left after `graceMs`. The members are
   * found first: Codex, once signalled, kills its own commands' processes itself, racing our SIGTERM to them.
   */
  kill(graceMs = 1000): Promise<void> {
    return killLoop(() => this.members(), {graceMs, group: this.rootPid})
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The one kill loop of every engine: SIGTERM to every process `look()` finds (and to `group`, a process group
 * led by the agent's root), up to `graceMs` for them to go, then SIGKILL what is left, looking again each
 * round ({@link KILL_ROUNDS}). A login shell killed outright leaves its locks behind: TERM always comes first.
 */
export async function killLoop(look: () => number[], {graceMs = 1000, group}: {graceMs?: number; group?: number} = {}): Promise<void> {
  const members = look()
  if (group) signal(-group, 'SIGTERM')
  for (const pid of members) signal(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    await sleep(50)
    if (look().length === 0 && !(group && alive(group))) return
  }
  for (let round = 0; round < KILL_ROUNDS; round++) {
    if (group) signal(-group, 'SIGKILL')
    const left = look()
    if (left.length === 0) return
    for (const pid of left) signal(pid, 'SIGKILL')
    await sleep(50)
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig)
  } catch {
    // already gone
  }
}

/** Whether a process with this pid exists (ours or another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return hasProc ? readProc(pid)?.zombie === false : true
  } catch {
    return false
  }
}

function pidsWithMarkers(markers: string[]): number[] {
  const table = readProcessTable()
  if (!table || markers.length === 0) return []
  const keep = protectedPids(table)
  return [...table.values()].filter((proc) => !proc.zombie && !keep.has(proc.pid) && markers.some((marker) => hasMarker(proc.pid, marker))).map((proc) => proc.pid)
}

/**
 * Kills every process whose environment holds one of `markers` — SIGTERM, up to `graceMs` to exit, then
 * SIGKILL (a login shell killed outright leaves its locks behind); returns how many there were.
 */
export async function killProcessesWithMarkers(markers: string[], graceMs = 1000): Promise<number> {
  const found = pidsWithMarkers(markers).length
  if (found > 0) await killLoop(() => pidsWithMarkers(markers), {graceMs})
  return found
}

/** Kills what is left of agents whose runner died without cleaning up (a SIGKILLed server), on any engine: every process carrying one of their ids. */
export function reapAgentProcesses(agentIds: string[]): Promise<number> {
  return killProcessesWithMarkers(agentIds.map(agentMarker))
}

/** SIGTERM to each agent's own process group (Codex, or its supervisor), at once and without a /proc scan: the first thing a shutdown does. */
export function signalRoots(trees: Iterable<AgentProcessTree>, sig: NodeJS.Signals = 'SIGTERM'): void {
  for (const tree of trees) signal(-tree.rootPid, sig)
}

/** SIGTERM to every member of every tree (found first, from one process table), then to each root's group. */
export function terminateMembers(trees: AgentProcessTree[]): void {
  if (trees.length === 0) return
  const table = readProcessTable()
  const members = trees.flatMap((tree) => tree.members(table))
  signalRoots(trees)
  for (const pid of members) signal(pid, 'SIGTERM')
}

/**
 * The last resort of a process that exits with agents still running: TERM every member, wait (synchronously:
 * nothing else runs in an exit handler) up to `graceMs`, then KILL what is left.
 */
export function killTreesSync(trees: AgentProcessTree[], graceMs = 500): void {
  if (trees.length === 0) return
  const table = readProcessTable()
  const pids = [...new Set(trees.flatMap((tree) => [tree.rootPid, ...tree.members(table)]))]
  signalRoots(trees)
  for (const pid of pids) signal(pid, 'SIGTERM')
  const nap = new Int32Array(new SharedArrayBuffer(4))
  const deadline = Date.now() + graceMs
  while (pids.some(alive) && Date.now() < deadline) Atomics.wait(nap, 0, 0, 20)
  signalRoots(trees, 'SIGKILL')
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL')
}

/** What the sampler keeps up to date: an agent's remembered process groups and sessions. */
export interface Sampled {
  sample(table: Map<number, ProcInfo> | undefined): void
}

/** One timer samples every running agent, on every engine: with 16 agents, one /proc read per tick, not 16. */
class TreeSampler {
  private readonly trees = new Set<Sampled>()
  private timer?: NodeJS.Timeout

  constructor(private readonly intervalMs: number) {}

  add(tree: Sampled): void {
    this.trees.add(tree)
    this.timer ??= setInterval(() => this.tick(), this.intervalMs).unref()
  }

  delete(tree: Sampled): void {
    this.trees.delete(tree)
    if (this.trees.size === 0 && this.timer) {
      clearInterval(this.timer)
      this.timer = undefined
    }
  }

  private tick(): void {
    const table = readProcessTable()
    for (const tree of this.trees) tree.sample(table)
  }

  /** Everything being sampled (shutdown signals them all). */
  get all(): Sampled[] {
    return [...this.trees]
  }
}

export const treeSampler = new TreeSampler(500)
