import {Command, Errors, type Interfaces} from '@oclif/core'

import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import {CodexMcpError, type ErrorKind} from '../errors.js'
import {parseEnvPairs} from '../runner/env.js'
import {mergeConfig} from '../runner/run-options.js'

/** Exit codes: 1 an agent failed, 2 the input was wrong, 130 interrupted. */
export function exitCodeFor(kind: ErrorKind): number {
  if (kind === 'invalid-input' || kind === 'invalid-config' || kind === 'bad-cwd') return 2
  if (kind === 'cancelled') return 130
  return 1
}

type SettingsFlagValues = {
  config?: string
  env?: string[]
  profile?: string
  cd?: string
  model?: string
  sandbox?: Config['sandbox']
  'reasoning-effort'?: Config['reasoningEffort']
  timeout?: number
}

export abstract class BaseCommand extends Command {
  /** The config file (found or --config) with the command-line flags on top. */
  protected async loadSettings(flags: SettingsFlagValues, extra: Config = {}): Promise<{config: Config; filepath?: string}> {
    const loaded = await loadConfig({explicitPath: flags.config})
    const fromFlags: Config = {
      cwd: flags.cd,
      model: flags.model,
      profile: flags.profile,
      sandbox: flags.sandbox,
      reasoningEffort: flags['reasoning-effort'],
      timeoutMs: flags.timeout,
      env: flags.env ? parseEnvPairs(flags.env) : undefined,
      ...extra,
    }
    return {config: mergeConfig(loaded.config, fromFlags), filepath: loaded.filepath}
  }

  /** A user's mistake or an agent's failure is a message and an exit code, never a stack trace. */
  protected async catch(error: Interfaces.CommandError): Promise<any> {
    if (error instanceof CodexMcpError) {
      return super.catch(new Errors.CLIError(error.shortMessage, {exit: exitCodeFor(error.kind), suggestions: error.fix ? [error.fix] : undefined}))
    }
    return super.catch(error)
  }
}
