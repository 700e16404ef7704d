import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {parseEnvPairs, readEnvFile} from '../runner/env.js'
import {mergeConfig} from '../runner/run-options.js'
import {checkHosts} from '../hosts/resolve.js'

export type SettingsFlagValues = {
  config?: string
  env?: string[]
  'env-file'?: string
  'sandbox-ceiling'?: Config['sandbox']
  'allowed-root'?: string[]
  profile?: string
  engine?: Config['engine']
  approvals?: Config['approvals']
  cd?: string
  model?: string
  sandbox?: Config['sandbox']
  'reasoning-effort'?: Config['reasoningEffort']
  timeout?: number
  isolation?: Config['isolation']
}

/**
 * The config file (found or --config) with the command-line flags on top. Free of oclif, so `serve`'s fast
 * start (src/cli/fast-serve.ts) shares it with the commands.
 */
export async function loadSettings(flags: SettingsFlagValues, extra: Config = {}): Promise<{config: Config; filepath?: string}> {
  const loaded = await loadConfig({explicitPath: flags.config})
  const fromFlags: Config = {
    cwd: flags.cd,
    model: flags.model,
    profile: flags.profile,
    engine: flags.engine,
    approvals: flags.approvals,
    sandbox: flags.sandbox,
    reasoningEffort: flags['reasoning-effort'],
    timeoutMs: flags.timeout,
    sandboxCeiling: flags['sandbox-ceiling'],
    allowedRoots: flags['allowed-root']?.map((root) => path.resolve(root)),
    env: flags.env || flags['env-file'] ? {...(flags['env-file'] ? readEnvFile(flags['env-file']) : {}), ...parseEnvPairs(flags.env ?? [], '--env', process.env)} : undefined,
    isolation: flags.isolation,
    ...extra,
  }
  const config = mergeConfig(loaded.config, fromFlags)
  checkApprovals(config, process.env.CODEX_MCP_ENGINE, loaded.filepath)
  checkHosts(config, process.env, process.env.CODEX_MCP_ENGINE, loaded.filepath)
  return {config, filepath: loaded.filepath}
}

/** `approvals: "ask"` needs an engine that can ask: `codex exec` forces the approval policy to never. */
export function checkApprovals(config: Config, envEngine: string | undefined, filepath?: string): void {
  const engine = config.engine ?? (envEngine || 'exec')
  if (config.approvals !== 'ask' || engine === 'app-server') return
  throw new CodexMcpError(`approvals "ask" needs the app-server engine, but the engine is "${engine}"${filepath ? ` (config ${filepath})` : ''}: codex exec never asks, it forces the approval policy to never.`, {
    kind: 'invalid-config',
    fix: 'Add --engine app-server (or "engine": "app-server" in the config), or drop --approvals ask.',
  })
}
