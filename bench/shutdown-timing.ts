/**
 * How soon after SIGINT every agent's processes get SIGTERM (README "Limits and guarantees"): `serve` runs 4
 * agents, each leaving an orphan in its own session that writes the time it got SIGTERM; then SIGINT to serve.
 * Run: npx tsx bench/shutdown-timing.ts [rounds]   (set CODEX_MCP_SUPERVISOR=0 to compare without the supervisor)
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {createCodexHome} from '../test/support/codex-home.js'
import {connectServe} from '../test/support/mcp-client.js'
import {waitFor} from '../test/support/processes.js'
import {startStubProvider} from '../test/support/stub-provider.js'

const stub = await startStubProvider()
const home = await createCodexHome(stub.url)
const rounds: number[][] = []
const termFile = (dir: string, n: number) => path.join(dir, `term-${n}`)
const written = (file: string) => existsSync(file) && readFileSync(file, 'utf8').trim() !== ''
for (let round = 0; round < Number(process.argv[2] ?? 5); round++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'codex-mcp-shutdown-timing-'))
  const script = (n: number) =>
    `[[shell:setsid sh -c '(trap "echo \\$(date +%s%N) > ${termFile(dir, n)}; exit 0" TERM; (trap "" TERM; exec sleep 300) & wait) > /dev/null 2>&1 < /dev/null & echo $! > ${dir}/bg-${n}.pid' ; sleep 300]]`
  const conn = await connectServe(['--max-concurrency', '4'], home.env)
  conn.client.callTool({name: 'spawn_agents_parallel', arguments: {agents: [0, 1, 2, 3].map((n) => ({prompt: script(n)}))}}).catch(() => {})
  await waitFor(() => [0, 1, 2, 3].every((n) => existsSync(path.join(dir, `bg-${n}.pid`))), 60_000, 'four agents')
  await new Promise((resolve) => setTimeout(resolve, 300))
  const sentNs = BigInt(Date.now()) * 1_000_000n
  process.kill(conn.pid, 'SIGINT')
  await waitFor(() => [0, 1, 2, 3].every((n) => written(termFile(dir, n))), 20_000, 'SIGTERM in every tree')
  rounds.push([0, 1, 2, 3].map((n) => Math.round(Number(BigInt(readFileSync(termFile(dir, n), 'utf8').trim()) - sentNs) / 1e6)))
  await conn.close().catch(() => {})
  rmSync(dir, {recursive: true, force: true})
}
const all = rounds.flat().sort((a, b) => a - b)
console.log(`ms from SIGINT to SIGTERM in each of 4 agent trees, per round: ${JSON.stringify(rounds)}`)
console.log(`median ${all[Math.floor(all.length / 2)]} ms, max ${all.at(-1)} ms`)
await stub.close()
await home.cleanup()
process.exit(0)
