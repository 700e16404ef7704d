/**
 * `npm run bench` — what codex-mcp adds on top of Codex, beside the peer `codex-mcp-server`, as ratios
 * measured side by side in one run (absolute times drift on a shared machine; ratios hold).
 *
 *   npm run bench                 full run (40 interleaved runs per agent figure, 20 per cold start; ~2.5 min)
 *   npm run bench -- --quick      rough run, about a minute
 *   npm run bench -- --only cold,overhead    some sections: startup, overhead, cold, parallel, memory, engines, stored, hosts, worktree
 *   npm run bench -- --smoke --out FILE      every section once with the smallest N (test/e2e/bench-smoke.test.ts):
 *                                            proves the bench runs, measures nothing worth quoting
 *
 * Real Codex (the native binary of the pinned @openai/codex) against the test stub provider on 127.0.0.1.
 * Prints a Markdown table and writes bench/results.json (a full run) or bench/results.local.json (git-ignored),
 * or --out FILE.
 */
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {measureColdStart} from './cold-start.js'
import {measureEngines} from './engines.js'
import {measureHosts} from './hosts.js'
import {measureMemory} from './memory.js'
import {measureOverhead} from './overhead.js'
import {measureParallel} from './parallel-scaling.js'
import {updateReadme} from './readme.js'
import {markdownTable, rows, type Sections} from './report.js'
import {createRig, nativeCodex, peerVersion, repoRoot, startLauncher} from './setup.js'
import {measureStartup} from './startup.js'
import {measureStored} from './stored.js'
import {measureWorktree} from './worktree.js'

const SECTIONS = ['startup', 'cold', 'overhead', 'parallel', 'memory', 'engines', 'stored', 'hosts', 'worktree'] as const

const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}, smoke: {type: 'boolean', default: false}, only: {type: 'string'}, out: {type: 'string'}}})
const only = values.only ? values.only.split(',').map((x) => x.trim()) : [...SECTIONS]
for (const name of only) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`Unknown section "${name}"; expected some of ${SECTIONS.join(', ')}`)
const mode = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full'
const plan = {
  smoke: {overheadRuns: 1, coldRuns: 1, warmup: 0, parallelReps: 1, calls: 2, warmupCalls: 0, idleSettleMs: 100, engineReps: 1, sizes: [1, 2], replyMs: 100, storedCalls: 3, storedJobs: 20, hostRuns: 1, worktreeFiles: 50, worktreeRuns: 1},
  quick: {overheadRuns: 6, coldRuns: 8, warmup: 1, parallelReps: 1, calls: 50, warmupCalls: 5, idleSettleMs: 1000, engineReps: 2, sizes: [1, 4, 16], replyMs: 1000, storedCalls: 20, storedJobs: 200, hostRuns: 5, worktreeFiles: 5000, worktreeRuns: 3},
  full: {overheadRuns: 40, coldRuns: 20, warmup: 2, parallelReps: 3, calls: 200, warmupCalls: 10, idleSettleMs: 1000, engineReps: 5, sizes: [1, 4, 16], replyMs: 1000, storedCalls: 50, storedJobs: 200, hostRuns: 20, worktreeFiles: 5000, worktreeRuns: 10},
}[mode]
const SIZES = plan.sizes
const REPLY_MS = plan.replyMs
/** The most finished jobs a server keeps (maxFinishedJobs), each with the default maxOutputChars (fewer in a smoke run). */
const STORED_JOBS = plan.storedJobs
const STORED_CHARS = 60_000

const started = performance.now()
const log = (line: string) => process.stderr.write(`${`[${((performance.now() - started) / 1000).toFixed(1)} s]`.padEnd(9)} ${line}\n`)
const rig = await createRig()

let cleaned: Promise<{leftover: number[]}> | undefined
const cleanup = (interrupted = false) => (cleaned ??= rig.cleanup({interrupted}))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping every process the bench started…`)
    void cleanup(true).finally(() => process.exit(130))
  })
}

const sections: Sections = {}
let failure: unknown
try {
  log(`codex-mcp bench (${mode}): ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`)
  if (only.includes('startup')) {
    log(`start-up: ${plan.coldRuns} interleaved runs each…`)
    const launcher = startLauncher(rig)
    try {
      sections.startup = await measureStartup(rig, launcher, {runs: plan.coldRuns, warmup: plan.warmup, log})
    } finally {
      launcher.close()
    }
  }
  if (only.includes('cold')) {
    log(`cold start: ${plan.coldRuns} interleaved runs each…`)
    sections.coldStart = await measureColdStart(rig, {runs: plan.coldRuns, warmup: plan.warmup, log})
  }
  if (only.includes('overhead')) {
    log(`per-agent overhead: ${plan.overheadRuns} interleaved runs each…`)
    sections.overhead = await measureOverhead(rig, {runs: plan.overheadRuns, warmup: plan.warmup, listRuns: mode === 'smoke' ? 1 : 5, log})
  }
  if (only.includes('parallel')) {
    log(`parallel scaling: ${SIZES.join('/')} agents × ${REPLY_MS} ms reply, ${plan.parallelReps} rep(s)…`)
    sections.parallel = await measureParallel(rig, {sizes: SIZES, reps: plan.parallelReps, replyMs: REPLY_MS, warmup: plan.warmup > 0, log})
  }
  if (only.includes('memory')) {
    log(`memory: idle, then ${plan.calls} sequential spawn_agent calls…`)
    sections.memory = await measureMemory(rig, {calls: plan.calls, warmupCalls: plan.warmupCalls, settleMs: plan.idleSettleMs, log})
  }
  if (only.includes('engines')) {
    log(`engines: ${SIZES.join('/')} trivial agents at once, raw codex exec / serve with no flags / exec engine / app-server engine, ${plan.engineReps} rep(s)…`)
    sections.engines = await measureEngines(rig, {sizes: SIZES, reps: plan.engineReps, warmup: plan.warmup > 0, log})
  }
  if (only.includes('stored')) {
    log(`stored jobs: ${STORED_JOBS} finished jobs × ${STORED_CHARS} characters, ${plan.storedCalls} calls each…`)
    sections.stored = await measureStored(rig, {jobs: STORED_JOBS, outputChars: STORED_CHARS, calls: plan.storedCalls, coldRuns: plan.coldRuns, log})
  }
  if (only.includes('hosts')) {
    log(`hosts: one trivial agent on this machine and on a loopback exec-server, alternating, ${plan.hostRuns} run(s) each…`)
    sections.hosts = await measureHosts(rig, {runs: plan.hostRuns, warmup: mode === 'smoke' ? 0 : 2, log})
  }
  if (only.includes('worktree')) {
    log(`worktree: creating an isolated agent's worktree on ${plan.worktreeFiles} files, ${plan.worktreeRuns} run(s) after 1 warm-up…`)
    sections.worktree = await measureWorktree({files: plan.worktreeFiles, runs: plan.worktreeRuns, log})
  }
} catch (error) {
  failure = error
}
log('stopping the stub provider and what is left…')
const {leftover} = await cleanup()
log('cleaned up')
if (leftover.length > 0) log(`WARNING: ${leftover.length} process(es) with the bench's CODEX_HOME outlived their section and were killed: ${leftover.join(', ')}`)
if (failure) {
  log(`bench failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`)
  process.exit(1)
}

const table = rows(sections)
const durationS = (performance.now() - started) / 1000
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  platform: `${process.platform}-${process.arch}`,
  codex: execFileSync(nativeCodex, ['--version'], {encoding: 'utf8'}).trim(),
  peer: `codex-mcp-server ${peerVersion}`,
}
const results = {...machine, mode, sections: only, durationS: Math.round(durationS), table, raw: sections, leftoverProcesses: leftover}
// Only a full run of every section replaces the committed results; quick and partial runs go to a git-ignored file.
const complete = mode === 'full' && only.length === SECTIONS.length
const out = values.out ? path.resolve(values.out) : path.join(repoRoot, complete ? 'bench/results.json' : 'bench/results.local.json')
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)

process.stdout.write(`\n${markdownTable(table)}\n\n`)
process.stdout.write(`${machine.date.slice(0, 10)} · ${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · ${machine.codex} · ${machine.peer} · ${results.mode} run, ${Math.round(durationS)} s\n`)
const missed = table.filter((row) => row.met === false)
process.stdout.write(missed.length ? `Missed: ${missed.map((row) => row.figure).join('; ')}\n` : 'Every goal met.\n')
process.stdout.write(`Wrote ${path.relative(process.cwd(), out)}\n`)
// The README's figures come from the committed results only (bench/readme.ts), never typed by hand.
if (complete && !values.out && updateReadme()) process.stdout.write('Updated README.md\'s Performance figures\n')
