import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The newest modification time of the files under `entries` (files or directories), in ms. */
function newest(entries: string[]): number {
  let max = 0
  const visit = (file: string) => {
    const stat = statSync(file)
    if (stat.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name))
    else max = Math.max(max, stat.mtimeMs)
  }
  for (const entry of entries) if (existsSync(path.join(root, entry))) visit(path.join(root, entry))
  return max
}

/**
 * vitest globalSetup: the end-to-end tests run bin/run.js, which runs dist/. When src/ (or the build's
 * inputs) changed after the last build, build first, so a test never passes or fails on stale code.
 */
export default function freshDist(): void {
  const inputs = newest(['src', 'scripts', 'package.json', 'tsconfig.json'])
  const built = existsSync(path.join(root, 'dist/cli/run.js')) ? newest(['dist']) : 0
  if (built >= inputs) return
  process.stderr.write('dist/ is older than src/: running `npm run build` before the tests…\n')
  execFileSync('npm', ['run', 'build'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']})
}
