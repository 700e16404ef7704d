// Bundles `serve`'s fast start (dist/cli/fast-serve.js) into one file: MCP clients start `serve` for every
// session, and resolving and loading a few hundred modules is most of what it adds to a bare MCP server
// (npm run bench, "cold start"). Run after `tsc`; bin/run.js loads the bundle.
import {build} from 'esbuild'

import {nodeBundle} from './bundle-options.mjs'

await build({
  ...nodeBundle,
  entryPoints: ['dist/cli/fast-serve.js'],
  outfile: 'dist/serve.bundle.js',
})
