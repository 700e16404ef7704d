// The esbuild options every bundle of codex-mcp shares (bundle-cli, bundle-serve, bundle-spawn): Node 20, ES
// modules, no compiler bundled, zod's messages in English only.
import {zodEnglishOnly} from './zod-english-only.mjs'

export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ES module builds where a package has one (jsonc-parser's CommonJS build is UMD with runtime requires).
  mainFields: ['module', 'main'],
  // cosmiconfig loads TypeScript config files with `typescript` when there is one: never bundle a compiler.
  external: ['typescript'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
}
