import {loadConfig} from '../config/load-config.js'
import {type Config, DEFAULT_ENGINE} from '../config/schema.js'
import {settingsFromFlags} from '../config/settings-table.js'
import {CodexMcpError} from '../errors.js'
import {mergeConfig} from '../runner/run-options.js'
import {checkHosts} from '../hosts/resolve.js'

/** Command-line flag values by flag name, as oclif or the fast serve parser give them (src/config/settings-table.ts). */
export type SettingsFlagValues = Readonly<Record<string, unknown>> & {config?: string}

/**
 * The config file (found or --config) with the command-line flags on top. Free of oclif, so `serve`'s fast
 * start (src/cli/fast-serve.ts) shares it with the commands.
 */
export async function loadSettings(flags: SettingsFlagValues, extra: Config = {}): Promise<{config: Config; filepath?: string}> {
  const loaded = await loadConfig({explicitPath: flags.config})
  const fromFlags = {...(settingsFromFlags(flags) as Config), ...extra}
  const config = mergeConfig(loaded.config, fromFlags)
  checkApprovals(config, process.env.CODEX_MCP_ENGINE, loaded.filepath)
  checkHosts(config, process.env, process.env.CODEX_MCP_ENGINE, loaded.filepath)
  return {config, filepath: loaded.filepath}
}

/** `approvals: "ask"` needs an engine that can ask: `codex exec` forces the approval policy to never (auto then picks app-server). */
export function checkApprovals(config: Config, envEngine: string | undefined, filepath?: string): void {
  const engine = config.engine ?? (envEngine || DEFAULT_ENGINE)
  if (config.approvals !== 'ask' || engine !== 'exec') return
  throw new CodexMcpError(`approvals "ask" needs the app-server engine, but the engine is "${engine}"${filepath ? ` (config ${filepath})` : ''}: codex exec never asks, it forces the approval policy to never.`, {
    kind: 'invalid-config',
    fix: 'Use --engine auto or app-server (or drop "engine": "exec" from the config), or drop --approvals ask.',
  })
}
