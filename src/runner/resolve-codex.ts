import {accessSync, constants, existsSync, realpathSync, statSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'

export type CodexSource = 'config' | 'env' | 'path' | 'npm-package'

export interface CodexBinary {
  /** What to execute: the native binary wherever we could find it. */
  file: string
  /** Arguments before Codex's own (the Node wrapper's path when no native binary was found). */
  args: string[]
  source: CodexSource
  /** Where it was found (before wrapper → native resolution). */
  foundAt: string
  /** True when `file` is the native binary inside @openai/codex's platform package. */
  native: boolean
  /** Extra environment the npm wrapper would have set (update hints). */
  env: Record<string, string>
}

export const INSTALL_HINT = 'npm install -g @openai/codex@latest (Codex >= 0.47), or set CODEX_MCP_CODEX_PATH / "codexPath" in the config'

const PLATFORM_PACKAGES: Record<string, {pkg: string; triple: string}> = {
  'linux-x64': {pkg: '@openai/codex-linux-x64', triple: 'x86_64-unknown-linux-musl'},
  'linux-arm64': {pkg: '@openai/codex-linux-arm64', triple: 'aarch64-unknown-linux-musl'},
  'darwin-x64': {pkg: '@openai/codex-darwin-x64', triple: 'x86_64-apple-darwin'},
  'darwin-arm64': {pkg: '@openai/codex-darwin-arm64', triple: 'aarch64-apple-darwin'},
  'win32-x64': {pkg: '@openai/codex-win32-x64', triple: 'x86_64-pc-windows-msvc'},
  'win32-arm64': {pkg: '@openai/codex-win32-arm64', triple: 'aarch64-pc-windows-msvc'},
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The native binary inside the platform package of an `@openai/codex` package directory: skipping the Node
 * wrapper saves ~0.1 s per agent.
 */
export function nativeBinaryOf(codexPackageDir: string): string | undefined {
  const platform = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`]
  if (!platform) return undefined
  const exe = process.platform === 'win32' ? 'codex.exe' : 'codex'
  const candidates: string[] = []
  try {
    const require = createRequire(path.join(codexPackageDir, 'package.json'))
    candidates.push(path.join(path.dirname(require.resolve(`${platform.pkg}/package.json`)), 'vendor', platform.triple, 'bin', exe))
  } catch {
    // platform package not installed next to it; try the wrapper's own vendor dir
  }
  candidates.push(path.join(codexPackageDir, 'vendor', platform.triple, 'bin', exe))
  return candidates.find((candidate) => isExecutableFile(candidate))
}

/** If `file` is (a link to) @openai/codex's `bin/codex.js`, the package directory. */
function wrapperPackageDir(file: string): string | undefined {
  let real: string
  try {
    real = realpathSync(file)
  } catch {
    return undefined
  }
  if (path.basename(real) !== 'codex.js') return undefined
  const dir = path.dirname(path.dirname(real))
  return existsSync(path.join(dir, 'package.json')) ? dir : undefined
}

function toBinary(foundAt: string, source: CodexSource): CodexBinary {
  const pkgDir = wrapperPackageDir(foundAt)
  const native = pkgDir ? nativeBinaryOf(pkgDir) : undefined
  if (native && pkgDir) {
    return {file: native, args: [], source, foundAt, native: true, env: {CODEX_MANAGED_BY_NPM: '1', CODEX_MANAGED_PACKAGE_ROOT: pkgDir}}
  }
  return {file: foundAt, args: [], source, foundAt, native: false, env: {}}
}

export function findOnPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

export interface ResolveCodexOptions {
  codexPath?: string
  env?: Record<string, string | undefined>
}

/**
 * Finds Codex: config `codexPath` → env `CODEX_MCP_CODEX_PATH` → `codex` on PATH → an `@openai/codex`
 * package resolvable from codex-mcp. Throws one error listing every place it looked.
 */
export function resolveCodex(options: ResolveCodexOptions = {}): CodexBinary {
  const env = options.env ?? process.env
  const looked: string[] = []
  const explicit: Array<[string | undefined, CodexSource, string]> = [
    [options.codexPath, 'config', 'config "codexPath"'],
    [env.CODEX_MCP_CODEX_PATH, 'env', 'CODEX_MCP_CODEX_PATH'],
  ]
  for (const [value, source, label] of explicit) {
    if (!value) {
      looked.push(`${label}: not set`)
      continue
    }
    const file = value.includes(path.sep) ? path.resolve(value) : findOnPath(value, env.PATH)
    if (file && isExecutableFile(file)) return toBinary(file, source)
    // A path that exists but is not executable, or a name not on PATH, is a mistake the user must hear about.
    throw new CodexMcpError(`Codex not found: ${label} is ${JSON.stringify(value)}, which is not an executable file.`, {
      kind: 'codex-not-found',
      fix: `point ${label} at the codex executable, or unset it. Install: ${INSTALL_HINT}`,
    })
  }
  const onPath = findOnPath(process.platform === 'win32' ? 'codex.exe' : 'codex', env.PATH)
  if (onPath) return toBinary(onPath, 'path')
  looked.push('`codex` on PATH: not found')

  try {
    const require = createRequire(import.meta.url)
    const pkgDir = path.dirname(require.resolve('@openai/codex/package.json'))
    const native = nativeBinaryOf(pkgDir)
    if (native) return {file: native, args: [], source: 'npm-package', foundAt: pkgDir, native: true, env: {CODEX_MANAGED_BY_NPM: '1', CODEX_MANAGED_PACKAGE_ROOT: pkgDir}}
    const wrapper = path.join(pkgDir, 'bin', 'codex.js')
    if (existsSync(wrapper)) return {file: process.execPath, args: [wrapper], source: 'npm-package', foundAt: wrapper, native: false, env: {}}
    looked.push(`@openai/codex package at ${pkgDir}: no binary for ${process.platform}-${process.arch}`)
  } catch {
    looked.push('@openai/codex package: not installed next to codex-mcp')
  }
  throw new CodexMcpError(`Codex not found. Looked at:\n  - ${looked.join('\n  - ')}`, {
    kind: 'codex-not-found',
    fix: INSTALL_HINT,
  })
}
