/**
 * Per-agent overhead of a host: one warm `serve` (app-server engine) with two hosts, "local" (this machine)
 * and "box" (a `codex exec-server` on loopback), and the same trivial agent — one shell command, then a
 * final message — placed on each in turn. Loopback leaves out the network: the figure is what the
 * exec-server hop itself costs (WebSocket, process spawning there, output streaming back).
 * A section of `npm run bench` (`--only hosts`); leaves nothing behind.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {startExecServer} from '../test/support/exec-server.js'
import {connectServe} from '../test/support/mcp-client.js'
import type {Rig} from './setup.js'
import {type Summary, summarize} from './stats.js'

export interface HostsResult {
  runs: number
  /** `spawn_agent` wall time (ms) on this machine and on the loopback exec-server, alternating. */
  local: Summary
  remote: Summary
}

export async function measureHosts(rig: Rig, options: {runs: number; warmup: number; log: (line: string) => void}): Promise<HostsResult> {
  const box = await startExecServer('box')
  try {
    const config = path.join(rig.work, 'bench-hosts.json')
    writeFileSync(config, JSON.stringify({hosts: [{name: 'local'}, {name: 'box', url: box.url, cwd: box.dir}]}))
    const serve = await connectServe([...rig.serveArgs, '--engine', 'app-server', '--config', config, '--cd', rig.work], rig.cliEnv)
    try {
      const times: Record<'local' | 'box', number[]> = {local: [], box: []}
      // Warm-ups first: the app-server, then the exec-server connection.
      for (let run = 0; run < options.runs + options.warmup; run++) {
        for (const host of ['local', 'box'] as const) {
          const started = performance.now()
          const result = (await serve.client.callTool({name: 'spawn_agent', arguments: {prompt: `[[shell:echo ${host} ${run}]]`, host}})) as {structuredContent: any}
          const ms = performance.now() - started
          if (result.structuredContent?.status !== 'succeeded' || result.structuredContent.host !== host) throw new Error(`agent on ${host} failed: ${JSON.stringify(result.structuredContent)}`)
          if (run >= options.warmup) times[host].push(ms)
        }
      }
      const out = {runs: options.runs, local: summarize(times.local), remote: summarize(times.box)}
      options.log(`  local ${Math.round(out.local.median)} ms, loopback exec-server ${Math.round(out.remote.median)} ms (medians)`)
      return out
    } finally {
      await serve.close()
    }
  } finally {
    await box.close()
  }
}
