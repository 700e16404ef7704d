import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import * as z from 'zod'

import {hostError, HostPool} from '../hosts/pool.js'
import {type HostSpec, isRemote} from '../hosts/resolve.js'
import {terminalJobStatuses} from '../jobs/job-schema.js'
import {AppServerConnection} from '../runner/engines/app-server/connection.js'
import {pidAlive, processIdentity} from '../runner/process-tree.js'
import {stateLayout} from '../state/state-dir.js'
import type {CodexBinary} from '../runner/resolve-codex.js'

export const hostReportSchema = z.object({
  name: z.string(),
  url: z.string().optional().describe('The exec-server; absent for "local" (this machine).'),
  state: z.enum(['local', 'ready', 'unreachable', 'auth-failed']),
  detail: z.string().optional().describe('Codex\'s words when the host is not ready.'),
  fix: z.string().optional(),
  shell: z.string().optional().describe('The shell the exec-server runs commands with.'),
  cwd: z.string().optional().describe('The exec-server\'s own working directory.'),
  runningAgents: z.number().describe('Agents running there now, by the background jobs of live servers.'),
})
export type HostReport = z.infer<typeof hostReportSchema>

const infoSchema = z.looseObject({shell: z.looseObject({path: z.string()}).optional(), cwd: z.string().nullable().optional()})

/**
 * Each configured host as a fresh `codex app-server` sees it (the way agents reach it): environment/add, then
 * its status (reachable? token accepted?) and environment/info. The app-server is closed afterwards.
 * An exec-server of Codex 0.169 does not report its Codex version, so no report has one.
 */
export async function probeHosts(binary: CodexBinary, env: Record<string, string>, hosts: HostSpec[], stateDir?: string): Promise<HostReport[]> {
  const running = runningAgentsPerHost(stateDir)
  const connection = new AppServerConnection(binary.file, binary.args, {...env, ...binary.env})
  // The connection's handles are unref'd (a warm server must not keep a CLI alive): hold the loop meanwhile.
  const hold = setInterval(() => {}, 1 << 30)
  try {
    await connection.request('initialize', {clientInfo: {name: 'codex-mcp', title: 'codex-mcp', version: '0'}, capabilities: {experimentalApi: true, requestAttestation: false}})
    connection.notify('initialized')
    const pool = new HostPool(connection, hosts)
    return await Promise.all(
      hosts.map(async (host): Promise<HostReport> => {
        const runningAgents = running.get(host.name) ?? 0
        if (!isRemote(host)) return {name: host.name, state: 'local', runningAgents}
        const status = await pool.status(host)
        if (status.state !== 'ready') {
          const error = hostError(host, status, 'from doctor')
          return {name: host.name, url: host.url, state: error.kind === 'auth' ? 'auth-failed' : 'unreachable', detail: status.error ?? status.state, fix: error.fix, runningAgents}
        }
        const info = infoSchema.safeParse(await connection.request('environment/info', {environmentId: host.name}).catch(() => undefined))
        const cwd = info.success && info.data.cwd ? decodeURIComponent(info.data.cwd.replace(/^file:\/\//, '')) : undefined
        return {name: host.name, url: host.url, state: 'ready', ...(info.success && info.data.shell ? {shell: info.data.shell.path} : {}), ...(cwd ? {cwd} : {}), runningAgents}
      }),
    )
  } finally {
    await connection.close()
    clearInterval(hold)
  }
}

const runningJobSchema = z.looseObject({
  status: z.string(),
  serverPid: z.number(),
  serverIdentity: z.string().optional(),
  agents: z.array(z.looseObject({status: z.string(), host: z.string().optional()})),
})

/** Host → running agents, read (never written) from the job files of servers that are still alive. */
export function runningAgentsPerHost(stateDir: string | undefined): Map<string, number> {
  const counts = new Map<string, number>()
  if (!stateDir) return counts
  const dir = stateLayout(stateDir).jobs
  let files: string[] = []
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'))
  } catch {}
  for (const file of files) {
    try {
      const job = runningJobSchema.parse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')))
      if ((terminalJobStatuses as Set<string>).has(job.status) || !pidAlive(job.serverPid)) continue
      if (job.serverIdentity && processIdentity(job.serverPid) !== job.serverIdentity) continue
      for (const agent of job.agents) if (agent.status === 'running' && agent.host) counts.set(agent.host, (counts.get(agent.host) ?? 0) + 1)
    } catch {}
  }
  return counts
}
