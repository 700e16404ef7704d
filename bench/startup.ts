/**
 * Start-up of the command line, interleaved in a new random order each round, from the warm launcher:
 *   - `codex-mcp --help` (spawn → exit, output drained) beside `node -e 0`, the floor of any Node command
 *   - when `codex-mcp spawn` starts Codex: ms from launching it to the moment a wrapper script in place of Codex
 *     is exec'd (it logs the time, then execs the native binary), i.e. everything codex-mcp does first
 * `codex-mcp spawn`'s whole start-up is the overhead section's b − a.
 */
import {spawn} from 'node:child_process'
import {chmodSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {binRun, type Launcher, nativeCodex, type Rig, settle} from './setup.js'
import {shuffler, type Summary, summarize} from './stats.js'

export interface StartupResult {
  runs: number
  help: Summary
  node: Summary
  /** ms from launching `codex-mcp spawn` to Codex's exec. */
  codexStartsAfter: Summary
  samples: Record<'help' | 'node' | 'codexStartsAfter', number[]>
}

/** A stand-in for Codex that logs when it is exec'd, then becomes the native binary. */
export function timedCodex(rig: Rig): {wrapper: string; log: string} {
  const wrapper = path.join(rig.home.dir, 'codex-timed')
  const log = path.join(rig.home.dir, 'codex-timed.log')
  writeFileSync(wrapper, `#!/bin/sh\necho "$(date +%s%N) $1" >> "$CODEX_MCP_BENCH_LOG"\nexec "${nativeCodex}" "$@"\n`)
  chmodSync(wrapper, 0o755)
  return {wrapper, log}
}

/** Ms from spawning `codex-mcp spawn` (bin: its bin/run.js) to the moment it exec's `codex exec`. */
export async function codexStartsAfter(rig: Rig, timed: {wrapper: string; log: string}, bin = binRun): Promise<number> {
  rmSync(timed.log, {force: true})
  const started = Date.now()
  const child = spawn(process.execPath, [bin, 'spawn', '--cd', rig.work, '[[reply:ok]] start-up'], {
    env: {...rig.cliEnv, CODEX_MCP_CODEX_PATH: timed.wrapper, CODEX_MCP_BENCH_LOG: timed.log},
    cwd: rig.work,
    stdio: 'ignore',
  })
  const code = await new Promise((resolve) => child.once('exit', resolve))
  const first = readFileSync(timed.log, 'utf8').split('\n').find((line) => line.endsWith(' exec'))
  if (code !== 0 || !first) throw new Error(`codex-mcp spawn (${bin}) exited with ${code}${first ? '' : ' without starting codex exec'}`)
  return Number(BigInt(first.split(' ')[0]) / 1_000_000n) - started
}

export async function measureStartup(rig: Rig, launcher: Launcher, options: {runs: number; warmup: number; log: (line: string) => void}): Promise<StartupResult> {
  const timed = timedCodex(rig)
  const contenders = {
    help: () => launcher.cli(['--help']),
    node: () => launcher.node(['-e', '0']),
    codexStartsAfter: () => codexStartsAfter(rig, timed),
  }
  const names = Object.keys(contenders) as Array<keyof typeof contenders>
  const samples = {help: [] as number[], node: [] as number[], codexStartsAfter: [] as number[]}
  const order = shuffler()
  for (let round = -options.warmup; round < options.runs; round++) {
    for (const name of order(names)) {
      await settle(rig)
      const ms = await contenders[name]()
      if (round >= 0) samples[name].push(ms)
    }
  }
  options.log(`  start-up: ${options.runs} rounds`)
  return {runs: options.runs, help: summarize(samples.help), node: summarize(samples.node), codexStartsAfter: summarize(samples.codexStartsAfter), samples}
}
