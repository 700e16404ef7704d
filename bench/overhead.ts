/**
 * Per-agent overhead: the same trivial agent four ways, interleaved round by round (a new random order each
 * round) so drift on a shared machine hits every contender alike; each run starts on a quiet machine.
 *   a. raw native `codex exec` (the floor)      b. `codex-mcp spawn`   (both from a warm launcher process)
 *   c. `spawn_agent` through a warm `serve`     d. the peer's `codex` tool through its warm server
 */
import {connectServe} from '../test/support/mcp-client.js'
import {clientListTools, connect, timedCall} from './clients.js'
import {peerEntry, type Rig, settle, startLauncher} from './setup.js'
import {shuffler, type Summary, summarize} from './stats.js'

export interface OverheadResult {
  runs: number
  raw: Summary
  spawn: Summary
  serve: Summary
  peer: Summary
  samples: Record<'raw' | 'spawn' | 'serve' | 'peer', number[]>
  /** `tools/list` through the SDK Client on the warm connections (the Client compiles output schemas each time). */
  clientListTools: {serve: Summary; peer: Summary}
}

const REPLY = 'bench-done'

export async function measureOverhead(rig: Rig, options: {runs: number; warmup: number; listRuns?: number; log: (line: string) => void}): Promise<OverheadResult> {
  // Started at once: connecting is not measured.
  const [serve, peer] = await Promise.all([
    connectServe(rig.serveArgs, rig.cliEnv),
    connect({label: 'peer', command: process.execPath, args: [peerEntry], env: rig.peerEnv, cwd: rig.work}),
  ])
  const launcher = startLauncher(rig)
  try {
    let n = 0
    const prompt = () => `[[reply:${REPLY}]] overhead run ${++n}`
    const contenders = {
      raw: () => launcher.raw([prompt()]),
      spawn: () => launcher.spawnCli(prompt()),
      serve: () => timedCall(serve.client, 'spawn_agent', {prompt: prompt(), cwd: rig.work}, {expectText: REPLY}),
      peer: () => timedCall(peer.client, 'codex', {prompt: prompt(), workingDirectory: rig.work}, {expectText: REPLY}),
    }
    const lists = {serve: [] as number[], peer: [] as number[]}
    for (let i = 0; i < (options.listRuns ?? 5); i++) {
      lists.serve.push(await clientListTools(serve.client))
      lists.peer.push(await clientListTools(peer.client))
    }
    const names = Object.keys(contenders) as Array<keyof typeof contenders>
    const samples = {raw: [] as number[], spawn: [] as number[], serve: [] as number[], peer: [] as number[]}
    const order = shuffler()
    const servers = [serve.pid, peer.pid]
    for (let round = -options.warmup; round < options.runs; round++) {
      for (const name of order(names)) {
        await settle(rig, servers)
        const ms = await contenders[name]()
        if (round >= 0) samples[name].push(ms)
      }
      if (round >= 0 && (round + 1) % 5 === 0) options.log(`  overhead: ${round + 1}/${options.runs} rounds`)
    }
    return {
      runs: options.runs,
      raw: summarize(samples.raw),
      spawn: summarize(samples.spawn),
      serve: summarize(samples.serve),
      peer: summarize(samples.peer),
      samples,
      clientListTools: {serve: summarize(lists.serve), peer: summarize(lists.peer)},
    }
  } finally {
    launcher.close()
    await serve.close()
    await peer.close()
  }
}
