import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'
import {parseEnvPairs} from '../runner/env.js'
import {mergeConfig} from '../runner/run-options.js'

export type SettingsFlagValues = {
  config?: string
  env?: string[]
  profile?: string
  engine?: Config['engine']
  approvals?: Config['approvals']
  cd?: string
  model?: string
  sandbox?: Config['sandbox']
  'reasoning-effort'?: Config['reasoningEffort']
  timeout?: number
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
    env: flags.env ? parseEnvPairs(flags.env) : undefined,
    ...extra,
  }
  const config = mergeConfig(loaded.config, fromFlags)
  checkApprovals(config, process.env.CODEX_MCP_ENGINE, loaded.filepath)
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
