/**
 * `codex-mcp serve` without oclif. MCP clients start the server for every session and wait for it, and oclif's
 * start-up (importing @oclif/core, then Config.load with its four plugins) is the largest part of what `serve`
 * adds to a bare MCP SDK server (measured by `npm run bench`, see the README's Performance section).
 *
 * Only a plain argv takes this path. Anything else — --help, a typo, a bad value, a repeated flag, a bad
 * config file, user-installed oclif plugins — returns false, and bin/run.js runs oclif as always, so help,
 * errors and plugins behave exactly as before.
 */
import {flagSpecsFor} from '../config/settings-table.js'
import {argvOptions, hasUserPlugins, parseCommandArgv} from './fast-argv.js'
import {prepareServe, type ServeFlagValues} from './serve-stdio.js'

export {hasUserPlugins, OCLIF_DIRNAME} from './fast-argv.js'

/** `serve`'s flags (the settings table's, as the command has them). */
const serveFlagSpecs = flagSpecsFor('serve')

/** `serve`'s flags for node:util's parseArgs; test/unit/cli/fast-serve.test.ts keeps them in step with the command's. */
export const serveArgvOptions = argvOptions(serveFlagSpecs)

/** `serve`'s flag values when `argv` is one oclif would parse the same way without complaint; else undefined. */
export function parseServeArgv(argv: string[]): ServeFlagValues | undefined {
  return parseCommandArgv(argv, serveFlagSpecs)?.flags as ServeFlagValues | undefined
}

/**
 * Starts `serve` for `argv` (the arguments after `serve`) when it can do so exactly as oclif would; false
 * when oclif must handle it. Once the server is connected it never falls back.
 */
export async function tryFastServe(argv: string[]): Promise<boolean> {
  const flags = parseServeArgv(argv)
  if (!flags || hasUserPlugins()) return false
  let serve
  try {
    serve = await prepareServe(flags)
  } catch {
    return false // e.g. an invalid config file: oclif runs it again and reports it the usual way
  }
  await serve.connectStdio()
  return true
}
