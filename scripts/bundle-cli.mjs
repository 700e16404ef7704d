// Bundles the command line (bin/run.js → dist/cli/run.js, with @oclif/core) and the command set oclif loads
// (package.json `oclif.commands`, explicit strategy → dist/commands.js) in place over tsc's output, sharing
// chunks in dist/chunks/. Resolving and loading hundreds of modules was most of `codex-mcp spawn`'s and
// `--help`'s start-up (npm run bench, "start-up"). Each command imports its library inside run(), so a
// command's code and dependencies load only when it runs. Run after `tsc`.
import {execFileSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {build} from 'esbuild'

import {nodeBundle} from './bundle-options.mjs'

// `serve --help` lists the tools the built server registers (scripts/tool-list.mjs), never a hand-written list.
const tools = execFileSync(process.execPath, ['scripts/tool-list.mjs'], {encoding: 'utf8'})

rmSync('dist/chunks', {recursive: true, force: true})
await build({
  ...nodeBundle,
  entryPoints: ['dist/cli/run.js', 'dist/commands.js', 'dist/hooks/command-not-found.js'],
  outdir: 'dist',
  outbase: 'dist',
  allowOverwrite: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: {__CODEX_MCP_TOOLS__: tools},
})
