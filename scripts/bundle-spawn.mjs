// Bundles `spawn`'s fast start (dist/cli/fast-spawn.js) into dist/fast/: what runs before Codex starts in one
// small file, and what only some runs need (cosmiconfig for a config file, worktrees, the app-server engine,
// oclif's spinner on a terminal) in chunks loaded when needed. No oclif, MCP SDK or listr2 before Codex starts
// (npm run bench, "start-up"). Run after `tsc`; bin/run.js loads the bundle.
import {rmSync} from 'node:fs'
import {build} from 'esbuild'

import {nodeBundle} from './bundle-options.mjs'

rmSync('dist/fast', {recursive: true, force: true})
await build({
  ...nodeBundle,
  entryPoints: {spawn: 'dist/cli/fast-spawn.js'},
  outdir: 'dist/fast',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: Boolean(process.env.CODEX_MCP_BUNDLE_META),
}).then((result) => {
  if (result.metafile) process.stdout.write(JSON.stringify(result.metafile))
})
