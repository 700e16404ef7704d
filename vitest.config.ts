import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests run dist/: rebuild it first when src/ is newer (test/support/fresh-dist.ts).
    globalSetup: ['test/support/fresh-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real Codex processes: keep the 2-core machine busy, not oversubscribed.
    maxWorkers: 2,
  },
})
