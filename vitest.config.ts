import {configDefaults, defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs Codex releases (~400 MB each): `npm run test:codex-versions`, not `npm test`.
    exclude: [...configDefaults.exclude, 'test/codex-versions/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real Codex processes: keep the 2-core machine busy, not oversubscribed.
    maxWorkers: 2,
  },
})
