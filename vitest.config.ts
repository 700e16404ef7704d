import {configDefaults, defineConfig} from 'vitest/config'

/**
 * The e2e files that run agents: run once more on the app-server engine (CODEX_MCP_ENGINE reaches every child).
 * Not hosts.test.ts: hosts run on app-server whatever the environment says (its servers pass --engine auto).
 */
const engineE2e = ['test/e2e/spawn.test.ts', 'test/e2e/serve.test.ts', 'test/e2e/jobs.test.ts', 'test/e2e/parallel.test.ts', 'test/e2e/codex-as-client.test.ts', 'test/e2e/structured-output.test.ts', 'test/e2e/steering.test.ts', 'test/e2e/reliability.test.ts', 'test/e2e/trust.test.ts', 'test/e2e/nested.test.ts', 'test/e2e/supervisor-death.test.ts']

// No network, no writes to ~/.cache/oclif: oclif's update check stays off in every CLI a test starts.
const env = {OCLIF_SKIP_NEW_VERSION_CHECK: 'true', CODEX_MCP_SKIP_NEW_VERSION_CHECK: 'true'}

export default defineConfig({
  test: {
    globalSetup: ['test/support/fresh-dist.ts', 'test/support/global-setup.ts'],
    // Installs Codex releases (~400 MB each): `npm run test:codex-versions`, not `npm test`.
    exclude: [...configDefaults.exclude, 'test/codex-versions/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real Codex processes: keep the 2-core machine busy, not oversubscribed.
    maxWorkers: 2,
    projects: [
      {extends: true, test: {name: 'exec', include: ['test/**/*.test.ts'], env: {...env, CODEX_MCP_ENGINE: 'exec'}}},
      {extends: true, test: {name: 'app-server', include: engineE2e, env: {...env, CODEX_MCP_ENGINE: 'app-server'}}},
    ],
  },
})
