/**
 * Memory of the server process (/proc/<pid>/status VmRSS): idle after `tools/list`, then growth over many
 * sequential `spawn_agent` calls. Growth is counted from after a short warm-up, because the first calls load
 * modules and grow V8's heap once; a leak keeps growing after that. The growth run's server also has
 * bench/gc-probe.mjs preloaded, so the V8 heap after a full GC (what is really retained) is recorded beside RSS.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {connectServe} from '../test/support/mcp-client.js'
import {connect, timedCall} from './clients.js'
import {coldStartServers} from './cold-start.js'
import {statusMb} from './rss.js'
import {binRun, repoRoot, type Rig} from './setup.js'

export interface MemoryResult {
  idleMb: {serve: number; minimal: number; peer: number}
  calls: number
  warmupCalls: number
  /** VmRSS after the warm-up calls and a full GC, then every `calls / 4` calls (MB). */
  trajectoryMb: Array<{calls: number; rssMb: number}>
  /** Last RSS minus the baseline: the goal's figure. */
  growthMb: number
  growthFromIdleMb: number
  /** V8 heapUsed and RSS right after a full GC, before and after the calls (MB). */
  heapAfterGcMb: {before: number; after: number}
  rssAfterGcMb: {before: number; after: number}
  heapAfterGcGrowthMb: number
  /**
   * V8's heap as reserved right after a full GC (MB): with heapUsed flat, RSS growth is mostly this — the young
   * generation V8 doubles (16 → 32 MB on Node 20) after enough objects survived its scavenges, and shrinks only
   * in a full GC at a low allocation rate (bench/memory-trace.ts shows it call by call).
   */
  heapTotalAfterGcMb: {before: number; after: number}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** How long an idle server sits before its RSS is read (less in a smoke run, which quotes nothing). */
const SETTLE_MS = 1000

async function idleRss(server: Parameters<typeof connect>[0], settleMs: number): Promise<number> {
  const connected = await connect(server)
  try {
    await sleep(settleMs)
    return statusMb(connected.pid)
  } finally {
    await connected.close()
  }
}

export async function measureMemory(rig: Rig, options: {calls: number; warmupCalls: number; settleMs?: number; log: (line: string) => void}): Promise<MemoryResult> {
  const settleMs = options.settleMs ?? SETTLE_MS
  const servers = coldStartServers(rig)
  const idleMb = {serve: 0, minimal: await idleRss(servers.minimal, settleMs), peer: await idleRss(servers.peer, settleMs)}

  const idle = await connectServe(rig.serveArgs, rig.cliEnv)
  try {
    await sleep(settleMs)
    idleMb.serve = statusMb(idle.pid)
  } finally {
    await idle.close()
  }

  const probeFile = path.join(rig.home.dir, 'gc-probe.json')
  const serve = await connect({
    label: 'serve',
    command: process.execPath,
    args: ['--expose-gc', '--import', path.join(repoRoot, 'bench/gc-probe.mjs'), binRun, 'serve', ...rig.serveArgs],
    env: {...rig.cliEnv, BENCH_GC_PROBE_FILE: probeFile},
    cwd: rig.work,
  })
  const afterFullGc = async () => {
    process.kill(serve.pid, 'SIGUSR2')
    await sleep(300)
    const usage = JSON.parse(readFileSync(probeFile, 'utf8'))
    return {heapMb: usage.heapUsed / 1024 / 1024, heapTotalMb: usage.heapTotal / 1024 / 1024, rssMb: statusMb(serve.pid)}
  }
  try {
    const call = (i: number) => timedCall(serve.client, 'spawn_agent', {prompt: `[[reply:ok]] sequential call ${i}`, cwd: rig.work}, {expectText: 'ok'})
    for (let i = 0; i < options.warmupCalls; i++) await call(i)
    // Baseline after a full GC, end before one: RSS growth counts the garbage of the last calls against us.
    const base = await afterFullGc()
    const trajectoryMb = [{calls: 0, rssMb: base.rssMb}]
    const every = Math.max(1, Math.round(options.calls / 4))
    for (let i = 1; i <= options.calls; i++) {
      await call(options.warmupCalls + i)
      if (i % every === 0 || i === options.calls) {
        trajectoryMb.push({calls: i, rssMb: statusMb(serve.pid)})
        options.log(`  memory: ${i}/${options.calls} calls, RSS ${trajectoryMb.at(-1)!.rssMb.toFixed(1)} MB`)
      }
    }
    const endRss = trajectoryMb.at(-1)!.rssMb
    const end = await afterFullGc()
    return {
      idleMb,
      calls: options.calls,
      warmupCalls: options.warmupCalls,
      trajectoryMb,
      growthMb: endRss - base.rssMb,
      growthFromIdleMb: endRss - idleMb.serve,
      heapAfterGcMb: {before: base.heapMb, after: end.heapMb},
      rssAfterGcMb: {before: base.rssMb, after: end.rssMb},
      heapAfterGcGrowthMb: end.heapMb - base.heapMb,
      heapTotalAfterGcMb: {before: base.heapTotalMb, after: end.heapTotalMb},
    }
  } finally {
    await serve.close()
  }
}
