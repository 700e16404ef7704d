#!/usr/bin/env node
/**
 * `npm run test:codex-latest [-- <vitest args>]`: the agent e2e tests, on both engines, against whatever
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
console.error(`\n=== The agent e2e tests against Codex ${version} (@openai/codex@latest), exec and app-server engines: ${codex}`)
/** The e2e files that run agents (not doctor's or the docs' checks, which name the pinned release's own strings). */
const AGENT_E2E = ['spawn', 'serve', 'jobs', 'parallel', 'codex-as-client', 'structured-output', 'steering', 'reliability', 'trust', 'handover', 'app-server-engine', 'approvals'].map(
  (name) => `test/e2e/${name}.test.ts`,
)
const extra = process.argv.slice(2)
const run = spawnSync(
  process.execPath,
  [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'exec', '--project', 'app-server', ...(extra.length > 0 ? extra : AGENT_E2E)],
  // The tests hand CODEX_MCP_TEST_CODEX to every codex-mcp they start as CODEX_MCP_CODEX_PATH (test/support/cli.ts).
  {cwd: repoRoot, stdio: 'inherit', env: {...process.env, CODEX_MCP_TEST_CODEX: codex}},
)
console.log(run.status === 0 ? `\nThe agent e2e tests passed against Codex ${version}.` : `\nThe agent e2e tests failed against Codex ${version} (above).`)
process.exitCode = run.status ?? 1
