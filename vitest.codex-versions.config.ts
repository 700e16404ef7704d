import {defineConfig} from 'vitest/config'

/** `npm run test:codex-versions`: the core flows against one installed Codex release (scripts/test-codex-versions.mjs). */
export default defineConfig({
  test: {
    include: ['test/codex-versions/**/*.test.ts'],
    // One scratch TMPDIR for the run, removed at its end (as in npm test): nothing is left in /tmp.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
})
