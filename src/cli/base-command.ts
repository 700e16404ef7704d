import {Command, type Interfaces} from '@oclif/core'

import type {Config} from '../config/schema.js'
import {CodexMcpError} from '../errors.js'
import {exitCodeFor, formatError, formatParseError, isParseError, parseErrorMessage} from './usage-error.js'
import type {SettingsFlagValues} from './settings.js'

export {exitCodeFor} from './usage-error.js'

export abstract class BaseCommand extends Command {
  /**
   * Commands that start agents (spawn, parallel, serve): their finally shuts warm app-servers down. The others
   * never load the runner, not even to find that there is nothing to shut down.
   */
  static runsAgents = false

  /** The config file (found or --config) with the command-line flags on top. */
  protected async loadSettings(flags: SettingsFlagValues, extra: Config = {}): Promise<{config: Config; filepath?: string}> {
    const {loadSettings} = await import('./settings.js') // cosmiconfig: only for commands that read the config
    return loadSettings(flags, extra)
  }

  /** A warm app-server (the app-server engine) and its threads' commands end with the command, not after it. */
  protected async finally(error: Error | undefined): Promise<any> {
    if ((this.ctor as unknown as typeof BaseCommand).runsAgents) {
      const {shutdownEngines} = await import('../runner/engines/index.js') // loaded already: the command ran agents
      await shutdownEngines()
    }
    return super.finally(error)
  }

  /**
   * A user's mistake or an agent's failure is a message and an exit code, never a stack trace, nor a page of
   * help: plain lines on stderr (not wrapped, so paths stay whole), with the one line of usage that helps.
   */
  protected async catch(error: Interfaces.CommandError): Promise<any> {
    if (this.jsonEnabled()) {
      process.exitCode = error instanceof CodexMcpError ? exitCodeFor(error.kind) : ((error as {oclif?: {exit?: number}}).oclif?.exit ?? 1)
      return super.catch(error)
    }
    if (error instanceof CodexMcpError) return this.fail(formatError(error.shortMessage, error.fix), exitCodeFor(error.kind))
    if (isParseError(error)) {
      const command = {bin: this.config.bin, id: this.id ?? '', args: this.ctor.args ?? {}, examples: this.ctor.examples}
      return this.fail(formatParseError(error, command, this.argv), 2)
    }
    return super.catch(error)
  }

  /** `--json` errors: the message (and kind, fix) rather than oclif's whole error object with the parser's input. */
  protected toErrorJson(error: unknown): unknown {
    if (error instanceof CodexMcpError) return {error: {kind: error.kind, message: error.shortMessage, fix: error.fix}}
    const message = error instanceof Error ? (isParseError(error) ? parseErrorMessage(error, this.argv) : error.message) : String(error)
    return {error: {message}}
  }

  private fail(text: string, code: number): never {
    this.logToStderr(text)
    this.exit(code)
  }
}
