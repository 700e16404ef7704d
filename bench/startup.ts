/**
 * Start-up of the command line: `codex-mcp --help` (spawn → exit, output drained) beside `node -e 0`, the floor
 * of any Node command, interleaved in a new random order each round, both from the warm launcher.
 * `codex-mcp spawn`'s start-up is the overhead section's b − a.
 */
import {type Launcher} from './setup.js'
import {shuffler, type Summary, summarize} from './stats.js'

export interface StartupResult {
  runs: number
  help: Summary
  node: Summary
  samples: Record<'help' | 'node', number[]>
}

export async function measureStartup(launcher: Launcher, options: {runs: number; warmup: number; log: (line: string) => void}): Promise<StartupResult> {
  const contenders = {help: () => launcher.cli(['--help']), node: () => launcher.node(['-e', '0'])}
  const names = Object.keys(contenders) as Array<keyof typeof contenders>
  const samples = {help: [] as number[], node: [] as number[]}
  const order = shuffler()
  for (let round = -options.warmup; round < options.runs; round++) {
    for (const name of order(names)) {
      const ms = await contenders[name]()
      if (round >= 0) samples[name].push(ms)
    }
  }
  options.log(`  start-up: ${options.runs} rounds`)
  return {runs: options.runs, help: summarize(samples.help), node: summarize(samples.node), samples}
}
