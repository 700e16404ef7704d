// An esbuild plugin for the bundles: zod's `locales` namespace (error messages in ~50 languages, half of zod's
// code) becomes English only. codex-mcp formats zod's issues in English (src/config/format-issues.ts) and never
// switches locale, and every command that validates anything (spawn, serve, doctor) compiled those ~370 KB at
// start-up, before Codex could start.
import {createRequire} from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const localesDir = path.join(path.dirname(require.resolve('zod/package.json')), 'v4', 'locales')

export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/}, () => ({
      contents: `export {default as en} from ${JSON.stringify(path.join(localesDir, 'en.js'))};\n`,
      loader: 'js',
      resolveDir: localesDir,
    }))
  },
}
