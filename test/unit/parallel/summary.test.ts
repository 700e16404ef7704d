import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {formatDuration, plainProgress, rowDetail} from '../../../src/parallel/progress.js'
import type {ParallelEntry} from '../../../src/parallel/run-parallel.js'
import {formatFailures, formatSummary, slug, writeOutputDir} from '../../../src/parallel/summary.js'

const usage = {inputTokens: 1000, cachedInputTokens: 0, outputTokens: 234, reasoningOutputTokens: 0, totalTokens: 1234}
const entries: ParallelEntry[] = [
  {index: 0, name: 'fix-auth', status: 'succeeded', output: 'Added the null check.\nDetails…', durationMs: 4100, usage, exitCode: 0},
  {index: 1, status: 'failed', output: '', durationMs: 300, error: {kind: 'timeout', message: 'Codex timed out after 300 ms: agent in /repo', retryable: true}},
  {index: 2, name: 'docs', status: 'cancelled', output: '', durationMs: 0, error: {kind: 'cancelled', message: 'Agent cancelled before it started.', retryable: false}},
]
const labels = ['fix-auth', 'Write tests for the parser', 'docs']

describe('formatSummary', () => {
  it('is a plain table: task, status, duration, tokens, first line of output or error', () => {
    expect(formatSummary(entries, labels, {wallMs: 4200})).toBe(
      [
        '#  TASK                        STATUS     DURATION  TOKENS  OUTPUT / ERROR',
        '1  fix-auth                    succeeded  4.1s       1,234  Added the null check.',
        '2  Write tests for the parser  failed     0.3s           -  Codex timed out after 300 ms: agent in /repo',
        '3  docs                        cancelled  -              -  Agent cancelled before it started.',
        '',
        '3 tasks: 1 succeeded, 1 failed, 1 cancelled in 4.2s',
      ].join('\n'),
    )
  })

  it('fits the last column to the width and marks an interrupted run', () => {
    const text = formatSummary(entries, labels, {width: 80, interrupted: true})
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80)
    expect(text).toContain('  Codex timed out aft…')
    expect(text.endsWith('(interrupted)')).toBe(true)
  })
})

describe('formatFailures', () => {
  it('gives each failed task its whole error and fix, the ones the table cut short', () => {
    const long = {...entries[1], error: {kind: 'turn-failed' as const, message: `Codex failed: ${'x'.repeat(200)}\nsecond line`, retryable: false, fix: 'Run codex-mcp doctor'}}
    expect(formatFailures([entries[0], long, entries[2]], labels)).toBe(
      ['Errors:', '2  Write tests for the parser', `    Codex failed: ${'x'.repeat(200)}`, '    second line', '    Fix: Run codex-mcp doctor'].join('\n'),
    )
    expect(formatFailures([entries[0], entries[2]], labels)).toBe('')
  })
})

describe('formatDuration', () => {
  it.each([
    [400, '0.4s'],
    [12_345, '12.3s'],
    [125_000, '2m05s'],
    [3_720_000, '1h02m'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('rowDetail', () => {
  it('shortens the text, never the elapsed time', () => {
    const row = {label: 't', state: 'running' as const, activity: 'running: npm test -- --coverage', startedAt: 1000}
    expect(rowDetail(row, 13_300)).toBe('running: npm test -- --coverage · 12.3s')
    expect(rowDetail(row, 13_300, 24)).toBe('running: npm te… · 12.3s')
    expect(rowDetail({label: 't', state: 'queued'}, 0, 24)).toBe('queued')
  })
})

describe('plainProgress', () => {
  it('prints one line per state change and per new activity, without ANSI', () => {
    const lines: string[] = []
    const progress = plainProgress(['fix-auth', 'docs'], (line) => lines.push(line))
    progress.update({index: 0, state: 'queued'})
    progress.update({index: 1, state: 'queued'})
    progress.update({index: 0, state: 'running'})
    progress.update({index: 0, state: 'running', activity: 'running: npm test'})
    progress.update({index: 0, state: 'running', activity: 'running: npm test'})
    progress.update({index: 0, state: 'running'})
    progress.update({index: 0, state: 'succeeded', entry: entries[0]})
    progress.update({index: 1, state: 'cancelled', entry: {...entries[2], index: 1}})
    expect(lines).toEqual([
      '[1/2] fix-auth  running',
      '[1/2] fix-auth  › running: npm test',
      '[1/2] fix-auth  succeeded in 4.1s',
      '[2/2] docs      cancelled',
    ])
  })

  it('says why a task failed', () => {
    const lines: string[] = []
    const progress = plainProgress(['t'], (line) => lines.push(line))
    progress.update({index: 0, state: 'running'})
    progress.update({index: 0, state: 'failed', entry: {...entries[1], index: 0}})
    expect(lines.at(-1)).toBe('[1/1] t  failed in 0.3s: Codex timed out after 300 ms: agent in /repo')
  })
})

describe('writeOutputDir', () => {
  it('writes <n>-<name>.md for each succeeded task and results.json', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'codex-mcp-out-')), 'nested', 'out')
    try {
      await writeOutputDir(dir, entries, labels)
      expect((await readdir(dir)).sort()).toEqual(['1-fix-auth.md', 'results.json'])
      expect(await readFile(path.join(dir, '1-fix-auth.md'), 'utf8')).toBe('Added the null check.\nDetails…\n')
      expect(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'))).toEqual(entries)
    } finally {
      await rm(path.dirname(path.dirname(dir)), {recursive: true, force: true})
    }
  })

  it('slugs names into safe file names', () => {
    expect(slug('Fix the login bug!')).toBe('Fix-the-login-bug')
    expect(slug('../../etc/passwd')).toBe('etc-passwd')
    expect(slug('!!!')).toBe('task')
  })
})
