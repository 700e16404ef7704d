// Bundles `serve`'s fast start (dist/cli/fast-serve.js) into one file: MCP clients start `serve` for every
// session, and resolving and loading a few hundred modules is most of what it adds to a bare MCP server
// (npm run bench, "cold start"). Run after `tsc`; bin/run.js loads the bundle.
import {build} from 'esbuild'

import {zodEnglishOnly} from './zod-english-only.mjs'

await build({
  entryPoints: ['dist/cli/fast-serve.js'],
  outfile: 'dist/serve.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // cosmiconfig loads TypeScript config files with `typescript` when there is one: never bundle a compiler.
  external: ['typescript'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
})
