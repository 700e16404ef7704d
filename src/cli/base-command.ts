import {Command, Errors, type Interfaces} from '@oclif/core'

import type {Config} from '../config/schema.js'
import {CodexMcpError, type ErrorKind} from '../errors.js'
import {shutdownAppServers} from '../runner/engines/index.js'
import {loadSettings, type SettingsFlagValues} from './settings.js'

/** Exit codes: 1 an agent failed, 2 the input was wrong, 130 interrupted. */
export function exitCodeFor(kind: ErrorKind): number {
  if (kind === 'invalid-input' || kind === 'invalid-config' || kind === 'bad-cwd') return 2
  if (kind === 'cancelled') return 130
  return 1
}

export abstract class BaseCommand extends Command {
  /** The config file (found or --config) with the command-line flags on top. */
  protected async loadSettings(flags: SettingsFlagValues, extra: Config = {}): Promise<{config: Config; filepath?: string}> {
    return loadSettings(flags, extra)
  }

  /** A warm app-server (the app-server engine) and its threads' commands end with the command, not after it. */
  protected async finally(error: Error | undefined): Promise<any> {
    await shutdownAppServers()
    return super.finally(error)
  }

  /** A user's mistake or an agent's failure is a message and an exit code, never a stack trace. */
  protected async catch(error: Interfaces.CommandError): Promise<any> {
    if (error instanceof CodexMcpError) {
      return super.catch(new Errors.CLIError(error.shortMessage, {exit: exitCodeFor(error.kind), suggestions: error.fix ? [error.fix] : undefined}))
    }
    return super.catch(error)
  }
}
