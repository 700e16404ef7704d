/**
 * Start-up of two builds side by side, interleaved in a new random order each round (a loaded machine drifts;
 * ratios between contenders measured in the same rounds hold):
 *
 *   npx tsx bench/startup-compare.ts --before /tmp/old-checkout [--runs 10]
 *
 * `--before` is a directory holding an older build (bin/run.js, dist/, package.json, oclif.manifest.json and a
 * node_modules): e.g. `git worktree add /tmp/old main && (cd /tmp/old && ln -s $PWD/node_modules && npm run build)`.
 * For each build: `--help` wall, `spawn hi` wall minus raw `codex exec` wall, when Codex starts after launch
 * (a wrapper script logs the time it is exec'd), and `serve`'s cold start over a minimal SDK server's.
 */
import path from 'node:path'
import {parseArgs} from 'node:util'

import {coldStart} from './clients.js'
import {binRun, createRig, minimalServer, settle, startLauncher} from './setup.js'
import {codexStartsAfter, timedCodex} from './startup.js'
import {median, shuffler} from './stats.js'

const {values} = parseArgs({options: {before: {type: 'string'}, runs: {type: 'string', default: '10'}}})
const runs = Number(values.runs)
const builds: Record<string, string> = {after: binRun}
if (values.before) builds.before = path.join(path.resolve(values.before), 'bin/run.js')

const rig = await createRig()
const launcher = startLauncher(rig)
const timed = timedCodex(rig)
try {
  const samples: Record<string, number[]> = {}
  const push = (name: string, ms: number) => (samples[name] ??= []).push(ms)
  const contenders: Record<string, () => Promise<number>> = {
    raw: () => launcher.raw(['[[reply:ok]] start-up']),
    node: () => launcher.node(['-e', '0']),
    minimal: () => coldStart({label: 'minimal', command: process.execPath, args: [minimalServer], env: rig.cliEnv, cwd: rig.work}),
  }
  for (const [name, bin] of Object.entries(builds)) {
    contenders[`${name}.help`] = () => launcher.node([bin, '--help'])
    contenders[`${name}.spawn`] = () => launcher.node([bin, 'spawn', '--cd', rig.work, '[[reply:ok]] start-up'])
    contenders[`${name}.codexAfter`] = () => codexStartsAfter(rig, timed, bin)
    contenders[`${name}.serve`] = () => coldStart({label: name, command: process.execPath, args: [bin, 'serve', ...rig.serveArgs], env: rig.cliEnv, cwd: rig.work})
  }
  const order = shuffler()
  for (let round = -1; round < runs; round++) {
    for (const name of order(Object.keys(contenders))) {
      await settle(rig)
      const ms = await contenders[name]()
      if (round >= 0) push(name, ms)
    }
    process.stderr.write(`round ${round + 1}/${runs}\n`)
  }
  const m = (name: string) => median(samples[name])
  const lines = [`medians of ${runs} interleaved rounds; raw codex exec ${m('raw').toFixed(0)} ms, node -e 0 ${m('node').toFixed(0)} ms, minimal SDK server cold start ${m('minimal').toFixed(0)} ms`]
  for (const name of Object.keys(builds)) {
    lines.push(
      `${name}: --help ${m(`${name}.help`).toFixed(0)} ms; spawn − raw ${(m(`${name}.spawn`) - m('raw')).toFixed(0)} ms; Codex starts ${m(`${name}.codexAfter`).toFixed(0)} ms after launch; serve cold start ${m(`${name}.serve`).toFixed(0)} ms = ${(m(`${name}.serve`) / m('minimal')).toFixed(3)} × minimal`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
} finally {
  launcher.close()
  await rig.cleanup()
}
