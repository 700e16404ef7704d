#!/usr/bin/env node
/**
 * `npm run test:codex-versions [-- 0.47.0 0.120.0 …] [-- --engines exec]`: the core flows (test/codex-versions)
 * against each Codex release on each engine: app-server for releases from 0.169.0 (the oldest whose app-server
 * protocol the engine speaks), exec for all. Each release is installed once (scripts/codex-cache.mjs).
 * Prints a table of what passed per version and engine; exits 1 when anything failed.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {codexWrapperIn, installCodex} from './codex-cache.mjs'

const semver = createRequire(import.meta.url)('semver')

/** The releases users run today: 0.169.0 is the pinned devDependency and the oldest app-server release. */
const DEFAULT_VERSIONS = ['0.169.0', '0.170.0', '0.171.0']
const APP_SERVER_FROM = '0.169.0'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const enginesAt = args.indexOf('--engines')
const engines = enginesAt >= 0 ? args.splice(enginesAt, 2)[1].split(',') : ['exec', 'app-server']
const versions = args.length > 0 ? args : DEFAULT_VERSIONS

const results = new Map() // "version engine" → Map(test name → state)
const columns = []
let failed = false
for (const version of versions) {
  let dir
  try {
    dir = installCodex(version)
  } catch (error) {
    console.error(String(error.message))
    columns.push(`${version}`)
    results.set(`${version}`, new Map([['install', 'failed']]))
    failed = true
    continue
  }
  for (const engine of engines) {
    if (engine === 'app-server' && semver.lt(version, APP_SERVER_FROM)) continue
    const column = `${version} ${engine}`
    columns.push(column)
    const report = path.join(mkdtempSync(path.join(tmpdir(), 'codex-versions-')), 'report.json')
    console.error(`\n=== Codex ${version} on ${engine} (${codexWrapperIn(dir)})`)
    const run = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '-c', 'vitest.codex-versions.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      {cwd: repoRoot, stdio: 'inherit', env: {...process.env, CODEX_MCP_TEST_CODEX: codexWrapperIn(dir), CODEX_MCP_ENGINE: engine}},
    )
    const tests = new Map()
    try {
      for (const file of JSON.parse(readFileSync(report, 'utf8')).testResults) {
        for (const test of file.assertionResults) tests.set(test.title, test.status)
      }
    } catch {
      tests.set('vitest', 'failed')
    }
    rmSync(path.dirname(report), {recursive: true, force: true})
    if (run.status !== 0) failed = true
    results.set(column, tests)
  }
}

const names = [...new Set([...results.values()].flatMap((tests) => [...tests.keys()]))]
const mark = (state) => (state === 'passed' ? '✓' : state === undefined || state === 'skipped' || state === 'pending' ? '–' : `✗ ${state}`)
console.log(`\n| flow | ${columns.join(' | ')} |`)
console.log(`|---|${columns.map(() => '---').join('|')}|`)
for (const name of names) console.log(`| ${name} | ${columns.map((c) => mark(results.get(c)?.get(name))).join(' | ')} |`)
console.log(failed ? '\nSome Codex versions failed.' : `\nAll flows passed on Codex ${versions.join(', ')}.`)
process.exitCode = failed ? 1 : 0
