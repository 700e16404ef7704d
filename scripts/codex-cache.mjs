/**
 * Codex releases for the version tests, installed from the npm registry with npm itself into
 * `${XDG_CACHE_HOME:-~/.cache}/codex-mcp/codex-versions/<version>` (never the project's lockfile) and reused after.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'

export const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'codex-mcp', 'codex-versions')

const installedVersion = (dir) => {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'node_modules/@openai/codex/package.json'), 'utf8')).version
  } catch {
    return undefined
  }
}

/** `<cache>/<version>`, installed into a temporary sibling first so a broken download is never reused. */
export function installCodex(version) {
  const dir = path.join(cacheRoot, version)
  if (installedVersion(dir) === version) return dir
  mkdirSync(cacheRoot, {recursive: true})
  const staging = mkdtempSync(path.join(cacheRoot, `.${version}-`))
  console.error(`Installing @openai/codex@${version} into ${dir} …`)
  const npm = spawnSync('npm', ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `@openai/codex@${version}`], {stdio: 'inherit'})
  if (npm.status !== 0 || installedVersion(staging) !== version) {
    rmSync(staging, {recursive: true, force: true})
    throw new Error(`npm could not install @openai/codex@${version}`)
  }
  rmSync(dir, {recursive: true, force: true})
  renameSync(staging, dir)
  return dir
}

/** The Node wrapper of an installed release: what a user's `codex` on PATH is. */
export const codexWrapperIn = (dir) => path.join(dir, 'node_modules/@openai/codex/bin/codex.js')

/** The version a dist-tag (`latest`) names on the registry right now. */
export function resolveDistTag(tag) {
  const npm = spawnSync('npm', ['view', `@openai/codex@${tag}`, 'version'], {encoding: 'utf8'})
  const version = npm.stdout.trim().split('\n').at(-1)?.replace(/^.*'(.+)'$/, '$1')
  if (npm.status !== 0 || !/^\d+\.\d+\.\d+/.test(version ?? '')) throw new Error(`npm could not tell which version @openai/codex@${tag} is: ${npm.stderr.trim()}`)
  return version
}
