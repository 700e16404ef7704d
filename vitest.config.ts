import {defineConfig} from 'vitest/config'

/** The e2e files that run agents: run once more on the app-server engine (CODEX_MCP_ENGINE reaches every child). */
const engineE2e = ['test/e2e/spawn.test.ts', 'test/e2e/serve.test.ts', 'test/e2e/jobs.test.ts', 'test/e2e/parallel.test.ts', 'test/e2e/codex-as-client.test.ts', 'test/e2e/structured-output.test.ts', 'test/e2e/steering.test.ts']

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real Codex processes: keep the 2-core machine busy, not oversubscribed.
    maxWorkers: 2,
    projects: [
      {extends: true, test: {name: 'exec', include: ['test/**/*.test.ts'], env: {CODEX_MCP_ENGINE: 'exec'}}},
      {extends: true, test: {name: 'app-server', include: engineE2e, env: {CODEX_MCP_ENGINE: 'app-server'}}},
    ],
  },
})
