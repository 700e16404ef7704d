/**
 * Engines: N trivial agents at once (N = 1, 4, 16) through `spawn_agents_parallel` on a warm `serve` with no
 * engine flag (the default, `engine: auto`), with `--engine exec` and with `--engine app-server`, beside N raw
 * `codex exec` started at once by bash (the floor).
 * Per contender: wall time of the batch, CPU time per agent (every process involved: serve, its app-server,
 * each Codex), and the peak total RSS of every process with the bench's CODEX_HOME, sampled every 25 ms.
 */
import {readdirSync, readFileSync} from 'node:fs'

import {connectServe, type ServeConnection} from '../test/support/mcp-client.js'
import {timedCall} from './clients.js'
import {type Launcher, type Rig, settle, startLauncher} from './setup.js'
import {median} from './stats.js'

export type Contender = 'raw' | 'default' | 'exec' | 'appServer'
const CONTENDERS: readonly Contender[] = ['raw', 'default', 'exec', 'appServer']
export interface EnginePoint {
  agents: number
  /** Medians over the reps: batch wall (ms), CPU per agent (ms), peak total RSS (MB). */
  wallMs: Record<Contender, number>
  cpuPerAgentMs: Record<Contender, number>
  rssMb: Record<Contender, number>
}
export interface EnginesResult {
  reps: number
  points: EnginePoint[]
}

const TICK_MS = 1000 / 100 // USER_HZ

/** utime+stime (+ reaped children's, when `children`) of a process, in ms. */
export function cpuMs(pid: number, children: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number)
    // Fields after comm start at state (index 0): utime 11, stime 12, cutime 13, cstime 14.
    return (f[11] + f[12] + (children ? f[13] + f[14] : 0)) * TICK_MS
  } catch {
    return 0
  }
}

function totalRssMb(pids: number[]): number {
  let kb = 0
  for (const pid of pids) {
    try {
      kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    } catch {}
  }
  return kb / 1024
}

/** `root` and its descendants. */
function treeOf(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), pid])
    } catch {}
  }
  const out = [root]
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []))
  return out
}

/** Peak of the summed RSS of `root`'s process tree while `work` runs (the launcher itself left out). */
async function withPeakRss<T>(root: number, exclude: number | undefined, work: () => Promise<T>): Promise<{value: T; peakMb: number}> {
  let peakMb = 0
  const timer = setInterval(() => (peakMb = Math.max(peakMb, totalRssMb(treeOf(root).filter((pid) => pid !== exclude)))), 25)
  try {
    return {value: await work(), peakMb}
  } finally {
    clearInterval(timer)
  }
}

/** The `codex app-server` a serve started (its child), if any. */
function appServerOf(servePid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid)) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== servePid) continue
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === 'app-server') return pid
    } catch {}
  }
  return undefined
}

/** N raw `codex exec` at once from the bench's warm launcher; CPU from the launcher's reaped children. */
async function rawBatch(launcher: Launcher, n: number): Promise<{wallMs: number; cpuMs: number}> {
  const before = cpuMs(launcher.pid, true) - cpuMs(launcher.pid, false)
  const wallMs = await launcher.raw(Array.from({length: n}, (_, i) => `[[reply:ok ${i}]] raw engine agent ${i}`))
  await new Promise((resolve) => setTimeout(resolve, 50)) // the launcher reaps its children
  return {wallMs, cpuMs: cpuMs(launcher.pid, true) - cpuMs(launcher.pid, false) - before}
}

/** `serve` for a batch; `keep`: the bench's long-lived processes (every serve and its app-server), which settling never waits for. */
async function serveBatch(rig: Rig, serve: ServeConnection, n: number, keep: () => number[]): Promise<{wallMs: number; cpuMs: number}> {
  const agents = Array.from({length: n}, (_, i) => ({prompt: `[[reply:ok ${i}]] engine agent ${i}`, cwd: rig.work}))
  const appServer = appServerOf(serve.pid)
  const before = cpuMs(serve.pid, true) + (appServer ? cpuMs(appServer, false) : 0)
  const wallMs = await timedCall(serve.client, 'spawn_agents_parallel', {agents}, {
    check: (result) => (result.structuredContent as {summary?: {succeeded?: number}})?.summary?.succeeded === n,
  })
  await settle(rig, keep())
  const after = cpuMs(serve.pid, true) + (appServer ? cpuMs(appServer, false) : 0)
  return {wallMs, cpuMs: after - before}
}

export async function measureEngines(rig: Rig, options: {sizes: number[]; reps: number; warmup?: boolean; log: (line: string) => void}): Promise<EnginesResult> {
  const launcher = startLauncher(rig)
  // Started at once: connecting is not measured.
  const [defaultServe, execServe, appServerServe] = await Promise.all([
    // No engine flag and no CODEX_MCP_ENGINE: what a user who configures nothing gets.
    connectServe([...rig.serveArgs, '--max-concurrency', '16'], {...rig.cliEnv, CODEX_MCP_ENGINE: undefined}),
    connectServe([...rig.serveArgs, '--engine', 'exec', '--max-concurrency', '16'], rig.cliEnv),
    connectServe([...rig.serveArgs, '--engine', 'app-server', '--max-concurrency', '16'], rig.cliEnv),
  ])
  const servers = {default: defaultServe, exec: execServe, appServer: appServerServe}
  // Every serve and its app-server live through the section: settling waits only for the agents' processes.
  const keep = () => {
    const serves = Object.values(servers).map((serve) => serve.pid)
    return [...serves, ...serves.map(appServerOf).filter((pid): pid is number => pid !== undefined)]
  }
  try {
    // Warm them all: the first call loads what serve imports lazily, and starts the app-server (not in a smoke run).
    if (options.warmup ?? true) for (const serve of Object.values(servers)) await serveBatch(rig, serve, 1, keep)
    const points: EnginePoint[] = []
    for (const n of options.sizes) {
      const samples = Object.fromEntries(CONTENDERS.map((c) => [c, {wallMs: [] as number[], cpuMs: [] as number[], rssMb: [] as number[]}])) as Record<Contender, {wallMs: number[]; cpuMs: number[]; rssMb: number[]}>
      for (let rep = 0; rep < options.reps; rep++) {
        // A new order each rep: drift on a shared machine hits every contender alike.
        const order = [...CONTENDERS].sort(() => Math.random() - 0.5)
        for (const contender of order) {
          await settle(rig, keep())
          const {value, peakMb} = await (contender === 'raw'
            ? withPeakRss(launcher.pid, launcher.pid, () => rawBatch(launcher, n))
            : withPeakRss(servers[contender].pid, undefined, () => serveBatch(rig, servers[contender], n, keep))
          ).catch((error: unknown) => {
            // What the server said is the only clue to a batch that failed or never answered.
            const said = contender === 'raw' ? '' : `; its stderr ends:\n${servers[contender].stderr().slice(-4000)}`
            throw new Error(`${n} agents on ${contender} (rep ${rep + 1}): ${String(error)}${said}`)
          })
          samples[contender].wallMs.push(value.wallMs)
          samples[contender].cpuMs.push(value.cpuMs / n)
          samples[contender].rssMb.push(peakMb)
        }
      }
      const pick = (key: 'wallMs' | 'cpuMs' | 'rssMb') =>
        Object.fromEntries((Object.keys(samples) as Contender[]).map((c) => [c, median(samples[c][key])])) as Record<Contender, number>
      const point = {agents: n, wallMs: pick('wallMs'), cpuPerAgentMs: pick('cpuMs'), rssMb: pick('rssMb')}
      points.push(point)
      options.log(
        `  engines: ${n} agent(s), raw / default / exec / app-server: wall ${CONTENDERS.map((c) => Math.round(point.wallMs[c])).join(' / ')} ms; ` +
          `CPU/agent ${CONTENDERS.map((c) => Math.round(point.cpuPerAgentMs[c])).join(' / ')} ms; RSS ${CONTENDERS.map((c) => Math.round(point.rssMb[c])).join(' / ')} MB`,
      )
    }
    return {reps: options.reps, points}
  } finally {
    launcher.close()
    for (const serve of Object.values(servers)) await serve.close()
  }
}
