import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import path from 'node:path'

import {parseEnvPairs, readEnvFile} from '../runner/env.js'
import {mergeConfig} from '../runner/run-options.js'

export type SettingsFlagValues = {
  config?: string
  env?: string[]
  'env-file'?: string
  'sandbox-ceiling'?: Config['sandbox']
  'allowed-root'?: string[]
  profile?: string
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
    sandbox: flags.sandbox,
    reasoningEffort: flags['reasoning-effort'],
    timeoutMs: flags.timeout,
    sandboxCeiling: flags['sandbox-ceiling'],
    allowedRoots: flags['allowed-root']?.map((root) => path.resolve(root)),
    env: flags.env || flags['env-file'] ? {...(flags['env-file'] ? readEnvFile(flags['env-file']) : {}), ...parseEnvPairs(flags.env ?? [], '--env', process.env)} : undefined,
    isolation: flags.isolation,
    ...extra,
  }
  return {config: mergeConfig(loaded.config, fromFlags), filepath: loaded.filepath}
}
