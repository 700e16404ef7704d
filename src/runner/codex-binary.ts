import {CodexMcpError} from '../errors.js'
import {isDirectory} from './is-directory.js'
import {type CodexBinary, resolveCodex} from './resolve-codex.js'
import type {RunOptions} from './run-options.js'

let cachedBinary: {key: string; binary: CodexBinary} | undefined
/** The Codex binary an agent's options name (resolved once per distinct path and PATH). */
export function codexBinaryFor(options: RunOptions): CodexBinary {
  const key = [options.codexPath, options.env.CODEX_MCP_CODEX_PATH, options.env.PATH].join('\0')
  if (cachedBinary?.key !== key) cachedBinary = {key, binary: resolveCodex({codexPath: options.codexPath, env: options.env})}
  return cachedBinary.binary
}

export function assertDirectory(cwd: string): void {
  if (!isDirectory(cwd)) {
    throw new CodexMcpError(`Working directory does not exist or is not a directory: ${cwd}`, {
      kind: 'bad-cwd',
      fix: 'Pass an existing directory as cwd (absolute, or relative to the server\'s working directory).',
    })
  }
}
