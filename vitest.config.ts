import {configDefaults, defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/fresh-dist.ts', 'test/support/global-setup.ts'],
    // No network, no writes to ~/.cache/oclif: oclif's update check stays off in every CLI a test starts.
    env: {OCLIF_SKIP_NEW_VERSION_CHECK: 'true', CODEX_MCP_SKIP_NEW_VERSION_CHECK: 'true'},
    // Installs Codex releases (~400 MB each): `npm run test:codex-versions`, not `npm test`.
    exclude: [...configDefaults.exclude, 'test/codex-versions/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real Codex processes: keep the 2-core machine busy, not oversubscribed.
    maxWorkers: 2,
  },
})
