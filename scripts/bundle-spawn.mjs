// Bundles `spawn`'s fast start (dist/cli/fast-spawn.js) into dist/fast/: what runs before Codex starts in one
// small file, and what only some runs need (cosmiconfig for a config file, worktrees, the app-server engine,
// oclif's spinner on a terminal) in chunks loaded when needed. No oclif, MCP SDK or listr2 before Codex starts
// (npm run bench, "start-up"). Run after `tsc`; bin/run.js loads the bundle.
import {rmSync} from 'node:fs'
import {build} from 'esbuild'

import {zodEnglishOnly} from './zod-english-only.mjs'

rmSync('dist/fast', {recursive: true, force: true})
await build({
  entryPoints: {spawn: 'dist/cli/fast-spawn.js'},
  outdir: 'dist/fast',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  // cosmiconfig loads TypeScript config files with `typescript` when there is one: never bundle a compiler.
  external: ['typescript'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  plugins: [zodEnglishOnly],
  metafile: Boolean(process.env.CODEX_MCP_BUNDLE_META),
  logLevel: 'warning',
}).then((result) => {
  if (result.metafile) process.stdout.write(JSON.stringify(result.metafile))
})
