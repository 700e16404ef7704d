/**
 * The README's Performance figures, generated from bench/results.json (the last full `npm run bench`), between
 * the markers below: no figure in the README is typed by hand. A full bench run rewrites them;
 * `npx tsx bench/readme.ts` does it again from the file, `--check` only compares (test/docs.test.ts).
 */
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {markdownTable, type Row} from './report.js'

export const START = '<!-- bench:results (generated from bench/results.json by bench/readme.ts; do not edit) -->'
export const END = '<!-- bench:results:end -->'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const readmePath = path.join(root, 'README.md')
export const resultsPath = path.join(root, 'bench/results.json')

interface Results {
  date: string
  node: string
  cpu: string
  cores: number
  codex: string
  peer: string
  mode: string
  durationS: number
  table: Row[]
}

/** The block between the markers: the run's date and machine, then every figure of its table. */
export function performanceBlock(results: Results): string {
  const missed = results.table.filter((row) => row.met === false).map((row) => row.figure)
  return [
    START,
    `Latest full run: ${results.date.slice(0, 10)}, ${results.cpu}, ${results.cores} cores, Node ${results.node}, ${results.codex}, ${results.peer}, ${results.durationS} s (${results.mode} run).`,
    '',
    markdownTable(results.table),
    '',
    missed.length === 0 ? 'Every goal met.' : `Missed in this run: ${missed.join('; ')}.`,
    END,
  ].join('\n')
}

/** `readme` with its Performance block replaced by `block`. */
export function withBlock(readme: string, block: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`)
  return readme.slice(0, start) + block + readme.slice(end + END.length)
}

export function currentBlock(readme: string): string | undefined {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  return start < 0 || end < start ? undefined : readme.slice(start, end + END.length)
}

/** Rewrites the README's block from results.json; returns whether it changed. */
export function updateReadme(): boolean {
  const readme = readFileSync(readmePath, 'utf8')
  const next = withBlock(readme, performanceBlock(JSON.parse(readFileSync(resultsPath, 'utf8'))))
  if (next === readme) return false
  writeFileSync(readmePath, next)
  return true
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const expected = performanceBlock(JSON.parse(readFileSync(resultsPath, 'utf8')))
    if (currentBlock(readFileSync(readmePath, 'utf8')) !== expected) {
      process.stderr.write('README.md\'s Performance figures differ from bench/results.json: run npx tsx bench/readme.ts\n')
      process.exit(1)
    }
  } else {
    process.stdout.write(updateReadme() ? 'Updated README.md\'s Performance figures\n' : 'README.md\'s Performance figures are current\n')
  }
}
