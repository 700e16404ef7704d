import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {countsText} from '../jobs/summary.js'
import {firstLine, formatDuration} from './progress.js'
import type {ParallelEntry} from './run-parallel.js'

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text)

/**
 * The end-of-run table: task, status, duration, tokens, first line of the output or of the error. `#` is the
 * task's position from 1 (its `index` + 1), as in the output file names.
 */
export function formatSummary(
  entries: ParallelEntry[],
  labels: string[],
  options: {width?: number; wallMs?: number; interrupted?: boolean} = {},
): string {
  const header = ['#', 'TASK', 'STATUS', 'DURATION', 'TOKENS', 'OUTPUT / ERROR']
  const body = entries.map((entry) => [
    String(entry.index + 1),
    truncate(labels[entry.index] ?? entry.name ?? '', 40),
    entry.status,
    entry.status === 'cancelled' && entry.durationMs === 0 ? '-' : formatDuration(entry.durationMs),
    entry.usage ? entry.usage.totalTokens.toLocaleString('en-US') : '-',
    firstLine(entry.status === 'succeeded' ? entry.output : (entry.error?.message ?? '')),
  ])
  const widths = header.slice(0, -1).map((title, col) => Math.max(title.length, ...body.map((row) => row[col].length)))
  const lead = widths.reduce((sum, w) => sum + w + 2, 0)
  const lastMax = Math.max(20, (options.width ?? 160) - lead)
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (col < widths.length ? (col === 0 || col === 4 ? cell.padStart(widths[col]) : cell.padEnd(widths[col])) : truncate(cell, lastMax)))
      .join('  ')
      .trimEnd()
  return [line(header), ...body.map(line), '', totalLine(entries, options)].join('\n')
}

/**
 * Every failed task's whole error (the table shows only its first line, cut to the terminal's width), with its
 * fix: for a terminal, below the table. Empty when nothing failed.
 */
export function formatFailures(entries: ParallelEntry[], labels: string[]): string {
  const failed = entries.filter((entry) => entry.status === 'failed' && entry.error)
  if (failed.length === 0) return ''
  const indent = (text: string) => text.split('\n').map((line) => `    ${line}`.trimEnd()).join('\n')
  const blocks = failed.map((entry) => {
    const head = `${entry.index + 1}  ${labels[entry.index] ?? entry.name ?? ''}`
    const fix = entry.error!.fix ? `\n${indent(`Fix: ${entry.error!.fix}`)}` : ''
    return `${head}\n${indent(entry.error!.message)}${fix}`
  })
  return `Errors:\n${blocks.join('\n')}`
}

/** "5 tasks: 4 succeeded, 1 failed in 3.8s", plus " (interrupted)". */
export function totalLine(entries: ParallelEntry[], options: {wallMs?: number; interrupted?: boolean} = {}): string {
  const wall = options.wallMs === undefined ? '' : ` in ${formatDuration(options.wallMs)}`
  return `${entries.length} task${entries.length === 1 ? '' : 's'}: ${countsText(entries.map((entry) => entry.status))}${wall}${options.interrupted ? ' (interrupted)' : ''}`
}

/** `fix the login bug!` → `fix-the-login-bug`. */
export function slug(text: string, max = 50): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max)
    .replace(/[-.]+$/, '')
  return s || 'task'
}

/** Creates `--output-dir` before any agent starts, so a bad path costs nothing. */
export async function prepareOutputDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, {recursive: true})
  } catch (error) {
    throw new CodexMcpError(`Cannot create --output-dir ${dir}: ${(error as Error).message}`, {kind: 'invalid-input', cause: error})
  }
}

/**
 * `--output-dir`: each succeeded task's final message as `<n>-<name>.md` (n from 1, zero-padded) and every
 * result in `results.json` (the same array `--json` prints). Returns the files written.
 */
export async function writeOutputDir(dir: string, entries: ParallelEntry[], labels: string[]): Promise<string[]> {
  await mkdir(dir, {recursive: true})
  const digits = String(entries.length).length
  const written: string[] = []
  for (const entry of entries) {
    if (entry.status !== 'succeeded') continue
    const file = path.join(dir, `${String(entry.index + 1).padStart(digits, '0')}-${slug(entry.name ?? labels[entry.index] ?? '')}.md`)
    await writeFile(file, entry.output.endsWith('\n') ? entry.output : `${entry.output}\n`)
    written.push(file)
  }
  const results = path.join(dir, 'results.json')
  await writeFile(results, `${JSON.stringify(entries, null, 2)}\n`)
  written.push(results)
  return written
}
