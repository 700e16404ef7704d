/**
 * Worktree creation time for an isolated agent (src/workspaces/create.ts), on a repository of 5,000 files:
 * `git rev-parse` + `git stash create` + `git worktree add` on a new branch under the state directory.
 * A section of `npm run bench` (`--only worktree`); leaves nothing behind.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {createWorkspace} from '../src/workspaces/create.js'
import {WorkspaceRegistry} from '../src/workspaces/registry.js'
import {discardWorkspace} from '../src/workspaces/remove.js'
import {gitIn} from '../test/support/git-repo.js'
import {type Summary, summarize} from './stats.js'

export interface WorktreeCase {
  label: string
  /** Wall time of one creation (ms). */
  wall: Summary
  /** git's CPU time per creation (ms, median): what an idle machine would pay. */
  gitCpuMs: number
}

export interface WorktreeResult {
  files: number
  runs: number
  git: string
  /** The machine's 1-minute load average when the section ended: the wall figures follow it. */
  load: number
  clean: WorktreeCase
  dirty: WorktreeCase
}

/** CPU time of this process's finished children (git), from /proc: a figure the machine's load barely moves. */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 // cutime + cstime, in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN
  }
}

export async function measureWorktree(options: {files: number; runs: number; log: (line: string) => void}): Promise<WorktreeResult> {
  const {files, runs} = options
  const root = mkdtempSync(path.join(os.tmpdir(), 'codex-mcp-bench-worktree-'))
  try {
    const repo = path.join(root, 'repo')
    mkdirSync(repo)
    gitIn(repo, 'init', '--quiet', '--initial-branch=main')
    // A source-tree-like shape: directories of 50 files of about 1.5 KB.
    for (let i = 0; i < files; i++) {
      const dir = path.join(repo, `pkg${String(Math.floor(i / 50)).padStart(3, '0')}`)
      if (i % 50 === 0) mkdirSync(dir)
      writeFileSync(path.join(dir, `file${i}.ts`), `export const value${i} = ${i}\n`.repeat(40))
    }
    gitIn(repo, 'add', '--all')
    gitIn(repo, 'commit', '--quiet', '-m', 'initial')
    const registry = new WorkspaceRegistry(path.join(root, 'state'))

    const measure = async (label: string): Promise<WorktreeCase> => {
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
      for (const id of ids) {
        // Removals after, so their writes do not slow the next creation.
        registry.save({...registry.get(id)!, state: 'finished'})
        await discardWorkspace(registry, id)
      }
      options.log(`  ${label}: median ${Math.round(summarize(times).median)} ms`)
      return {label, wall: summarize(times), gitCpuMs: summarize(cpu).median}
    }

    const clean = await measure(`${files} files, clean tree`)
    for (let i = 0; i < Math.min(20, files); i++) writeFileSync(path.join(repo, 'pkg000', `file${i}.ts`), 'changed\n')
    const dirty = await measure(`${files} files, 20 uncommitted changes`)
    return {files, runs, git: gitIn(repo, '--version').replace('git version ', '').trim(), load: os.loadavg()[0], clean, dirty}
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}
