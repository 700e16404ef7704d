/**
 * Cost that grows with what is stored: `serve` over a state dir of finished background jobs (200 jobs × a
 * 60,000-character output by default, the most a server keeps), against the same server over an empty one.
 * A call must cost in proportion to what it returns, not to everything stored.
 *   - list_agents, get_agent, wait_agents (one finished job): the server's own CPU per call (/proc, utime+stime),
 *     over `calls` calls each, so the Client's parsing of the answer is not billed to the server
 *   - cold start (spawn → initialize → tools/list) with the stored jobs / with an empty state dir
 */
import {randomUUID} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {coldStart, connect} from './clients.js'
import {cpuMs} from './engines.js'
import {binRun, type Rig} from './setup.js'
import {shuffler, type Summary, summarize} from './stats.js'

export interface StoredResult {
  jobs: number
  outputChars: number
  calls: number
  /** Server CPU ms per call. */
  cpuPerCallMs: {listAgents: number; getAgent: number; waitAgents: number}
  /** The same calls on a server with an empty state dir. */
  emptyCpuPerCallMs: {listAgents: number; getAgent: number; waitAgents: number}
  coldStart: {stored: Summary; empty: Summary}
}

/** A state dir (as XDG_STATE_HOME) holding `count` finished jobs, each with an output of `chars` characters. */
function storedState(dir: string, count: number, chars: number): {xdg: string; jobIds: string[]} {
  const jobsDir = path.join(dir, 'codex-mcp')
  mkdirSync(jobsDir, {recursive: true, mode: 0o700})
  const jobIds: string[] = []
  const start = Date.now() - count * 60_000
  for (let i = 0; i < count; i++) {
    const jobId = randomUUID()
    jobIds.push(jobId)
    const createdAt = new Date(start + i * 60_000).toISOString()
    const job = {
      jobId,
      kind: 'agent',
      status: 'succeeded',
      cwd: dir,
      createdAt,
      finishedAt: createdAt,
      durationMs: 1000,
      agents: [{index: 0, promptHead: `stored job ${i}`, status: 'succeeded', outcome: {status: 'succeeded', output: `${i} `.padEnd(chars, 'x'), durationMs: 1000}}],
      log: [],
      serverPid: 1,
    }
    writeFileSync(path.join(jobsDir, `${jobId}.json`), JSON.stringify(job, null, 2), {mode: 0o600})
  }
  return {xdg: dir, jobIds}
}

export async function measureStored(rig: Rig, options: {jobs: number; outputChars: number; calls: number; coldRuns: number; log: (line: string) => void}): Promise<StoredResult> {
  const stored = storedState(path.join(rig.home.dir, 'stored-state'), options.jobs, options.outputChars)
  const empty = storedState(path.join(rig.home.dir, 'empty-state'), 0, 0)
  const server = (xdg: string) => ({label: 'serve', command: process.execPath, args: [binRun, 'serve', ...rig.serveArgs], env: {...rig.cliEnv, XDG_STATE_HOME: xdg}, cwd: rig.work})

  const perCall = async (xdg: string, jobId: string | undefined) => {
    const conn = await connect(server(xdg))
    try {
      const cost = async (name: string, args: Record<string, unknown>) => {
        await conn.client.callTool({name, arguments: args}) // warm: the first call compiles what it needs
        const before = cpuMs(conn.pid, false)
        for (let i = 0; i < options.calls; i++) {
          const result = await conn.client.callTool({name, arguments: args})
          if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`)
        }
        return (cpuMs(conn.pid, false) - before) / options.calls
      }
      const listAgents = await cost('list_agents', {})
      // An empty state dir has no job to get: its figures are list_agents' (what a call costs with nothing stored).
      const getAgent = jobId ? await cost('get_agent', {jobId}) : listAgents
      const waitAgents = jobId ? await cost('wait_agents', {jobIds: [jobId]}) : listAgents
      return {listAgents, getAgent, waitAgents}
    } finally {
      await conn.close()
    }
  }
  const cpuPerCallMs = await perCall(stored.xdg, stored.jobIds.at(-1))
  const emptyCpuPerCallMs = await perCall(empty.xdg, undefined)
  options.log(`  stored: list_agents ${cpuPerCallMs.listAgents.toFixed(1)} ms CPU/call (empty: ${emptyCpuPerCallMs.listAgents.toFixed(1)}), get_agent ${cpuPerCallMs.getAgent.toFixed(1)}, wait_agents ${cpuPerCallMs.waitAgents.toFixed(1)}`)

  const samples = {stored: [] as number[], empty: [] as number[]}
  const order = shuffler()
  for (let round = 0; round < options.coldRuns; round++) {
    for (const name of order(['stored', 'empty'] as const)) samples[name].push(await coldStart(server(name === 'stored' ? stored.xdg : empty.xdg)))
  }
  return {
    jobs: options.jobs,
    outputChars: options.outputChars,
    calls: options.calls,
    cpuPerCallMs,
    emptyCpuPerCallMs,
    coldStart: {stored: summarize(samples.stored), empty: summarize(samples.empty)},
  }
}
