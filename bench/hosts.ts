/**
 * Per-agent overhead of a host: one warm `serve` (app-server engine) with two hosts, "local" (this machine)
 * and "box" (a `codex exec-server` on loopback), and the same trivial agent — one shell command, then a
 * final message — placed on each in turn. Loopback leaves out the network: the figure is what the
 * exec-server hop itself costs (WebSocket, process spawning there, output streaming back).
 *
 *   npm run build && npx tsx bench/hosts.ts              20 agents on each, alternating, after 2 warm-ups
 *   npx tsx bench/hosts.ts --runs 50
 *
 * Prints a small table; leaves nothing behind.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {createCodexHome} from '../test/support/codex-home.js'
import {startExecServer} from '../test/support/exec-server.js'
import {connectServe} from '../test/support/mcp-client.js'
import {startStubProvider} from '../test/support/stub-provider.js'
import {summarize} from './stats.js'

const {values} = parseArgs({options: {runs: {type: 'string', default: '20'}}})
const runs = Number(values.runs)

const work = mkdtempSync(path.join(os.tmpdir(), 'codex-mcp-bench-hosts-'))
const stub = await startStubProvider()
const home = await createCodexHome(stub.url)
const box = await startExecServer('box')
try {
  const config = path.join(work, 'hosts.json')
  writeFileSync(config, JSON.stringify({hosts: [{name: 'local'}, {name: 'box', url: box.url, cwd: box.dir}]}))
  const serve = await connectServe(['--engine', 'app-server', '--config', config, '--cd', work], home.env)
  try {
    const times: Record<string, number[]> = {local: [], box: []}
    for (let run = 0; run < runs + 2; run++) {
      for (const host of ['local', 'box']) {
        const started = performance.now()
        const result = (await serve.client.callTool({name: 'spawn_agent', arguments: {prompt: `[[shell:echo ${host} ${run}]]`, host}})) as {structuredContent: any}
        const ms = performance.now() - started
        if (result.structuredContent?.status !== 'succeeded' || result.structuredContent.host !== host) throw new Error(`agent on ${host} failed: ${JSON.stringify(result.structuredContent)}`)
        if (run >= 2) times[host].push(ms) // two warm-ups: the app-server, the exec-server connection
      }
    }
    const local = summarize(times.local)
    const remote = summarize(times.box)
    console.log(`hosts: one trivial agent (1 shell command) per call, warm serve --engine app-server, ${runs} runs each (${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)})`)
    console.log('| host | median | p90 | min |')
    console.log('|---|---|---|---|')
    for (const [label, row] of [['local (this machine)', local], ['loopback exec-server', remote]] as const) {
      console.log(`| ${label} | ${row.median.toFixed(0)} ms | ${row.p90.toFixed(0)} ms | ${row.min.toFixed(0)} ms |`)
    }
    console.log(`overhead of the exec-server hop: ${(remote.median - local.median).toFixed(0)} ms per agent (median)`)
  } finally {
    await serve.close()
  }
} finally {
  await box.close()
  await stub.close()
  await home.cleanup()
  rmSync(work, {recursive: true, force: true})
}
