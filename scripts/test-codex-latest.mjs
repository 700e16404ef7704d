#!/usr/bin/env node
/**
 * `npm run test:codex-latest [-- <vitest args>]`: the e2e suite, on both engines, against whatever
 * `@openai/codex@latest` is on the npm registry right now — installed into the version tests' cache
 * (scripts/codex-cache.mjs), not the lockfile. One command to check a new Codex release.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {codexWrapperIn, installCodex, resolveDistTag} from './codex-cache.mjs'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const version = resolveDistTag('latest')
const codex = codexWrapperIn(installCodex(version))
console.error(`\n=== The e2e suite against Codex ${version} (@openai/codex@latest), exec and app-server engines: ${codex}`)
const extra = process.argv.slice(2)
const run = spawnSync(
  process.execPath,
  [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'exec', '--project', 'app-server', ...(extra.length > 0 ? extra : ['test/e2e'])],
  // The tests hand CODEX_MCP_TEST_CODEX to every codex-mcp they start as CODEX_MCP_CODEX_PATH (test/support/cli.ts).
  {cwd: repoRoot, stdio: 'inherit', env: {...process.env, CODEX_MCP_TEST_CODEX: codex}},
)
console.log(run.status === 0 ? `\nThe e2e suite passed against Codex ${version}.` : `\nThe e2e suite failed against Codex ${version} (above).`)
process.exitCode = run.status ?? 1
