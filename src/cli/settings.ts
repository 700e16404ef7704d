import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import {parseEnvPairs} from '../runner/env.js'
import {mergeConfig} from '../runner/run-options.js'

export type SettingsFlagValues = {
  config?: string
  env?: string[]
  profile?: string
  engine?: Config['engine']
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
    sandbox: flags.sandbox,
    reasoningEffort: flags['reasoning-effort'],
    timeoutMs: flags.timeout,
    env: flags.env ? parseEnvPairs(flags.env) : undefined,
    ...extra,
  }
  return {config: mergeConfig(loaded.config, fromFlags), filepath: loaded.filepath}
}
