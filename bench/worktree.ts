/**
 * Worktree creation time for an isolated agent (src/workspaces/create.ts), on a repository of 5,000 files:
 * `git rev-parse` + `git stash create` + `git worktree add` on a new branch under the state directory.
 *
 *   npx tsx bench/worktree.ts                 median of 10, clean tree and a tree with uncommitted changes
 *   npx tsx bench/worktree.ts --files 20000 --runs 5
 *
 * Goal: median ≤ 1 s for 5,000 files. Prints a small table; leaves nothing behind.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {createWorkspace} from '../src/workspaces/create.js'
import {WorkspaceRegistry} from '../src/workspaces/registry.js'
import {discardWorkspace} from '../src/workspaces/remove.js'
import {gitIn} from '../test/support/git-repo.js'
import {summarize} from './stats.js'

const {values} = parseArgs({options: {files: {type: 'string', default: '5000'}, runs: {type: 'string', default: '10'}}})
const fileCount = Number(values.files)
const runs = Number(values.runs)
const GOAL_MS = 1000

/** CPU seconds of this process's finished children (git), from /proc: a figure the machine's load barely moves. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 // cutime + cstime, in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN
  }
}

const root = mkdtempSync(path.join(os.tmpdir(), 'codex-mcp-bench-worktree-'))
const cleanup = () => rmSync(root, {recursive: true, force: true})
process.once('SIGINT', () => (cleanup(), process.exit(130)))

try {
  const repo = path.join(root, 'repo')
  mkdirSync(repo)
  gitIn(repo, 'init', '--quiet', '--initial-branch=main')
  // A source-tree-like shape: 100 directories of 50 files of about 1.5 KB.
  for (let i = 0; i < fileCount; i++) {
    const dir = path.join(repo, `pkg${String(Math.floor(i / 50)).padStart(3, '0')}`)
    if (i % 50 === 0) mkdirSync(dir)
    writeFileSync(path.join(dir, `file${i}.ts`), `export const value${i} = ${i}\n`.repeat(40))
  }
  gitIn(repo, 'add', '--all')
  gitIn(repo, 'commit', '--quiet', '-m', 'initial')
  const registry = new WorkspaceRegistry(path.join(root, 'state'))

  const measure = async (label: string) => {
    const times: number[] = []
    const cpu: number[] = []
    const ids: string[] = []
    for (let run = 0; run < runs + 1; run++) {
      execFileSync('sync') // each creation starts with no earlier writes still being flushed
      const cpuBefore = childrenCpuMs()
      const started = performance.now()
      const ws = await createWorkspace(registry, {cwd: repo, prompt: 'bench'})
      const ms = performance.now() - started
      if (run > 0) times.push(ms) // the first warms the page cache
      if (run > 0) cpu.push(childrenCpuMs() - cpuBefore)
      ids.push(ws.workspaceId)
    }
    for (const id of ids) await commitless(id) // removals after, so their writes do not slow the next creation
    return {label, ...summarize(times), cpu: summarize(cpu).median}
  }
  const commitless = async (id: string) => {
    const record = registry.get(id)!
    registry.save({...record, state: 'finished'})
    await discardWorkspace(registry, id)
  }

  const clean = await measure(`${fileCount} files, clean tree`)
  for (let i = 0; i < 20; i++) writeFileSync(path.join(repo, 'pkg000', `file${i}.ts`), 'changed\n')
  const dirty = await measure(`${fileCount} files, 20 uncommitted changes`)

  console.log(`worktree creation (git ${gitIn(repo, '--version').replace('git version ', '')}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}), ${runs} runs after 1 warm-up`)
  console.log('| case | median | p90 | min | max | git CPU (median) | goal | met? |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const row of [clean, dirty]) {
    console.log(`| ${row.label} | ${row.median.toFixed(0)} ms | ${row.p90.toFixed(0)} ms | ${row.min.toFixed(0)} ms | ${row.max.toFixed(0)} ms | ${row.cpu.toFixed(0)} ms | ≤ ${GOAL_MS} ms | ${row.median <= GOAL_MS ? 'yes' : '**no**'} |`)
  }
} finally {
  cleanup()
}
