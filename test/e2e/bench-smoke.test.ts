/**
 * `npm run bench` stays runnable: every section once with the smallest N (`--smoke`), into a temp results
 * file. Checks that it completes and writes every figure, never how fast anything was (speed belongs to the
 * bench itself).
 */
import {execa} from 'execa'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {repoRoot} from '../support/cli.js'

/** Every figure of the table, by id: a section or figure that silently disappears fails here. */
const FIGURES = [
  'startup.node',
  'startup.help',
  'startup.codex_starts_after',
  'overhead.raw',
  'overhead.spawn',
  'overhead.serve',
  'overhead.peer',
  'overhead.serve_over_raw',
  'overhead.spawn_minus_raw',
  'overhead.serve_vs_peer',
  'overhead.peer_over_raw',
  'overhead.client_list_tools',
  'cold.serve',
  'cold.minimal',
  'cold.peer',
  'cold.serve_over_minimal',
  'cold.peer_over_minimal',
  'cold.serve_oclif',
  'parallel.1',
  'parallel.2',
  'memory.idle',
  'memory.idle_floor',
  'memory.peak',
  'memory.growth',
  'memory.growth_no_gc',
  'memory.heap_growth',
  'engines.1.wall',
  'engines.1.cpu',
  'engines.1.rss',
  'engines.2.wall',
  'engines.2.cpu',
  'engines.2.rss',
  'engines.wall_ratio',
  'engines.default_wall_ratio',
  'engines.rss_ratio',
  'engines.default_rss_ratio',
  'stored.list_agents',
  'stored.get_agent',
  'stored.load',
  'hosts.local',
  'hosts.remote',
  'hosts.overhead',
  'worktree.clean',
  'worktree.dirty',
]

const scratch = await mkdtemp(path.join(tmpdir(), 'codex-mcp-bench-smoke-'))
afterAll(() => rm(scratch, {recursive: true, force: true}))

describe('bench smoke', () => {
  it('runs every section once and writes every figure', async () => {
    const out = path.join(scratch, 'results.json')
    const run = await execa(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'bench/run.ts', '--smoke', '--out', out], {cwd: repoRoot, reject: false, all: true})
    expect(run.exitCode, run.all).toBe(0)
    const results = JSON.parse(await readFile(out, 'utf8'))
    expect(results.mode).toBe('smoke')
    expect(results.leftoverProcesses).toEqual([])
    expect(results.table.map((row: {id: string}) => row.id)).toEqual(FIGURES)
    for (const row of results.table) {
      expect(row.value, row.id).toMatch(/\d/)
      if (row.number !== undefined) expect(Number.isFinite(row.number), row.id).toBe(true)
    }
  }, 300_000)
})
