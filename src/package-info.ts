import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** codex-mcp's package.json, found upwards from this module (which may sit in dist/ or in a bundle). */
function readPackageInfo(): {name: string; version: string} {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
    if (path.dirname(dir) === dir) return {name: 'codex-mcp', version: '0.0.0'}
  }
}

export const packageInfo = readPackageInfo()
