/**
 * Cold start: spawn → `initialize` → `tools/list` answered, for `codex-mcp serve`, the minimal SDK server
 * (the floor for a Node MCP server) and the peer, interleaved in a new random order each round. `serve`
 * through oclif (its fast start turned off) runs beside them, so the fast start's gain shows in every run.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {type StdioServer, coldStart} from './clients.js'
import {binRun, minimalServer, peerEntry, type Rig} from './setup.js'
import {shuffler, type Summary, summarize} from './stats.js'

export interface ColdStartResult {
  runs: number
  serve: Summary
  serveOclif: Summary
  minimal: Summary
  peer: Summary
  samples: Record<'serve' | 'serveOclif' | 'minimal' | 'peer', number[]>
}

/**
 * An oclif data dir with a package.json: oclif would load user plugins from it, so bin/run.js leaves
 * `serve` to oclif (src/cli/fast-serve.ts) — the start-up it had before the fast start.
 */
function oclifOnlyEnv(rig: Rig): Record<string, string> {
  const dataDir = path.join(rig.home.dir, 'oclif-data')
  mkdirSync(dataDir, {recursive: true})
  writeFileSync(path.join(dataDir, 'package.json'), '{"oclif": {"plugins": []}}\n')
  return {...rig.cliEnv, CODEX_MCP_DATA_DIR: dataDir}
}

export function coldStartServers(rig: Rig): Record<'serve' | 'serveOclif' | 'minimal' | 'peer', StdioServer> {
  const node = process.execPath
  return {
    serve: {label: 'codex-mcp serve', command: node, args: [binRun, 'serve'], env: rig.cliEnv, cwd: rig.work},
    serveOclif: {label: 'codex-mcp serve through oclif', command: node, args: [binRun, 'serve'], env: oclifOnlyEnv(rig), cwd: rig.work},
    minimal: {label: 'minimal SDK server', command: node, args: [minimalServer], env: rig.cliEnv, cwd: rig.work},
    peer: {label: 'codex-mcp-server (peer)', command: node, args: [peerEntry], env: rig.peerEnv, cwd: rig.work},
  }
}

export async function measureColdStart(rig: Rig, options: {runs: number; warmup: number; log: (line: string) => void}): Promise<ColdStartResult> {
  const servers = coldStartServers(rig)
  const names = Object.keys(servers) as Array<keyof typeof servers>
  const samples = {serve: [] as number[], serveOclif: [] as number[], minimal: [] as number[], peer: [] as number[]}
  const order = shuffler()
  for (let round = -options.warmup; round < options.runs; round++) {
    for (const name of order(names)) {
      const ms = await coldStart(servers[name])
      if (round >= 0) samples[name].push(ms)
    }
    if (round >= 0 && (round + 1) % 10 === 0) options.log(`  cold start: ${round + 1}/${options.runs} rounds`)
  }
  return {
    runs: options.runs,
    serve: summarize(samples.serve),
    serveOclif: summarize(samples.serveOclif),
    minimal: summarize(samples.minimal),
    peer: summarize(samples.peer),
    samples,
  }
}
