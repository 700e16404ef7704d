/**
 * `codex-mcp spawn` without oclif: a one-shot agent should cost little more than the `codex exec` it runs, and
 * oclif's start-up (importing @oclif/core, then Config.load with its plugins) was most of what came before
 * Codex started (npm run bench, "start-up").
 *
 * Only a plain argv takes this path: a prompt argument (or `-`, or --prompt-file), the settings table's flags,
 * --resume, --json, -q. Anything else — --help, a typo, a bad value, a repeated flag, a bad config file, user
 * oclif plugins — returns false before anything is read or started, and bin/run.js runs oclif as always, so
 * help and errors stay oclif's. Both paths run src/cli/spawn-agent.ts.
 */
import {flagSpecsFor} from '../config/settings-table.js'
import {CodexMcpError} from '../errors.js'
import {type CommandFlagSpec, hasUserPlugins, parseCommandArgv} from './fast-argv.js'
import {prepareSpawn, runSpawn, type SpawnFlagValues} from './spawn-agent.js'
import {exitCodeFor, formatError} from './usage-error.js'

/** `spawn`'s settings flags, as the command has them. */
export const spawnSettingFlags = flagSpecsFor('spawn')

/** `spawn`'s own flags; test/unit/cli/fast-spawn.test.ts keeps them in step with the command's. */
export const spawnOwnFlags: readonly CommandFlagSpec[] = [
  {name: 'prompt-file', kind: 'file'},
  {name: 'resume', kind: 'string'},
  {name: 'json', kind: 'boolean'},
  {name: 'quiet', char: 'q', kind: 'boolean'},
]

/** The prompt argument and flag values when oclif would parse `argv` the same way without complaint; else undefined. */
export function parseSpawnArgv(argv: string[]): {prompt?: string; flags: SpawnFlagValues} | undefined {
  const parsed = parseCommandArgv(argv, spawnSettingFlags, spawnOwnFlags, 1)
  if (!parsed) return undefined
  return {prompt: parsed.positionals[0], flags: parsed.flags as SpawnFlagValues}
}

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(`${text}\n`)
}

/**
 * Runs `spawn` for `argv` (the arguments after `spawn`) when it can do so exactly as oclif would; false when
 * oclif must handle it. Once the prompt is read from stdin it never falls back: it reports as the command does.
 */
export async function tryFastSpawn(argv: string[]): Promise<boolean> {
  const parsed = parseSpawnArgv(argv)
  // No prompt, or two: the command's own message says what to do.
  if (!parsed || (parsed.prompt === undefined) === (parsed.flags['prompt-file'] === undefined) || hasUserPlugins()) return false
  let prepared
  try {
    prepared = await prepareSpawn(parsed.prompt, parsed.flags)
  } catch (error) {
    // Nothing read yet (an invalid config file, a forbidden --cd…): oclif runs it again and reports it the usual way.
    if (parsed.prompt !== '-' || !(error instanceof CodexMcpError)) return false
    process.stderr.write(`${formatError(error.shortMessage, error.fix)}\n`)
    process.exitCode = exitCodeFor(error.kind)
    return true
  }
  try {
    const {exitCode} = await runSpawn(prepared, parsed.flags, {log: write(process.stdout), logToStderr: write(process.stderr)})
    if (exitCode !== undefined) process.exitCode = exitCode
  } finally {
    // As the command's finally does (src/cli/base-command.ts): a warm app-server ends with the command.
    const {shutdownEngines} = await import('../runner/engines/index.js')
    await shutdownEngines()
  }
  return true
}
