#!/usr/bin/env node
/**
 * `npm run test:codex-versions [-- 0.47.0 0.120.0 …]`: the core flows (test/codex-versions) against each Codex
 * release, every one installed once from the npm registry into
 * `${XDG_CACHE_HOME:-~/.cache}/codex-mcp/codex-versions/<version>` and reused after (~100–400 MB each).
 * Prints a table of what passed per version; exits 1 when anything failed.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** 0.47.0 is the oldest release >= 0.46 on npm (0.46.0 was never published); 0.169.0 is the pinned devDependency. */
const DEFAULT_VERSIONS = ['0.47.0', '0.100.0', '0.140.0', '0.169.0']

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'codex-mcp', 'codex-versions')
const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_VERSIONS

const installedVersion = (dir) => {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'node_modules/@openai/codex/package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

/** `<cache>/<version>`, installed into a temporary sibling first so a broken download is never reused. */
function install(version) {
  const dir = path.join(cacheRoot, version)
  if (installedVersion(dir) === version) return dir
  mkdirSync(cacheRoot, {recursive: true})
  const staging = mkdtempSync(path.join(cacheRoot, `.${version}-`))
  console.error(`Installing @openai/codex@${version} into ${dir} …`)
  const npm = spawnSync('npm', ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${version}`], {stdio: 'inherit'})
  if (npm.status !== 0 || installedVersion(staging) !== version) {
    rmSync(staging, {recursive: true, force: true})
    throw new Error(`npm could not install @openai/codex@${version}`)
  }
  rmSync(dir, {recursive: true, force: true})
  renameSync(staging, dir)
  return dir
}

const results = new Map() // version → Map(test name → state)
let failed = false
for (const version of versions) {
  let dir
  try {
    dir = install(version)
  } catch (error) {
    console.error(String(error.message))
    results.set(version, new Map([['install', 'failed']]))
    failed = true
    continue
  }
  const wrapper = path.join(dir, 'node_modules/@openai/codex/bin/codex.js')
  const report = path.join(mkdtempSync(path.join(tmpdir(), 'codex-versions-')), 'report.json')
  console.error(`\n=== Codex ${version} (${wrapper})`)
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '-c', 'vitest.codex-versions.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {cwd: repoRoot, stdio: 'inherit', env: {...process.env, CODEX_MCP_TEST_CODEX: wrapper}},
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
  results.set(version, tests)
}

const names = [...new Set([...results.values()].flatMap((tests) => [...tests.keys()]))]
const mark = (state) => (state === 'passed' ? '✓' : state === undefined ? '–' : `✗ ${state}`)
console.log(`\n| flow | ${versions.join(' | ')} |`)
console.log(`|---|${versions.map(() => '---').join('|')}|`)
for (const name of names) console.log(`| ${name} | ${versions.map((v) => mark(results.get(v)?.get(name))).join(' | ')} |`)
console.log(failed ? '\nSome Codex versions failed.' : `\nAll flows passed on Codex ${versions.join(', ')}.`)
process.exitCode = failed ? 1 : 0
