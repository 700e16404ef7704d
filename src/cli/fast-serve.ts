/**
 * `codex-mcp serve` without oclif. MCP clients start the server for every session and wait for it, and oclif's
 * start-up (importing @oclif/core, then Config.load with its four plugins) is the largest part of what `serve`
 * adds to a bare MCP SDK server (measured by `npm run bench`, see the README's Performance section).
 *
 * Only a plain argv takes this path. Anything else — --help, a typo, a bad value, a repeated flag, a bad
 * config file, user-installed oclif plugins — returns false, and bin/run.js runs oclif as always, so help,
 * errors and plugins behave exactly as before.
 */
import {existsSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import {engines, isolationModes, reasoningEfforts, sandboxModes} from '../config/schema.js'
import {parseDuration} from './duration.js'
import {prepareServe, type ServeFlagValues} from './serve-stdio.js'

/** `serve`'s flags for node:util's parseArgs; test/unit/cli/fast-serve.test.ts keeps them in step with the command's. */
export const serveArgvOptions = {
  config: {type: 'string'},
  env: {type: 'string', multiple: true},
  'env-file': {type: 'string'},
  'sandbox-ceiling': {type: 'string'},
  'allowed-root': {type: 'string', multiple: true},
  profile: {type: 'string'},
  engine: {type: 'string'},
  approvals: {type: 'string'},
  cd: {type: 'string', short: 'C'},
  model: {type: 'string', short: 'm'},
  sandbox: {type: 'string'},
  'reasoning-effort': {type: 'string'},
  timeout: {type: 'string'},
  'max-concurrency': {type: 'string'},
  heartbeat: {type: 'string'},
  isolation: {type: 'string'},
  'max-depth': {type: 'string'},
  'agent-mcp-servers': {type: 'string'},
} as const

/** oclif's `dirname` for this CLI (package.json): where `codex-mcp plugins install` keeps user plugins. */
export const OCLIF_DIRNAME = 'codex-mcp'

/** `serve`'s flag values when `argv` is one oclif would parse the same way without complaint; else undefined. */
export function parseServeArgv(argv: string[]): ServeFlagValues | undefined {
  let parsed
  try {
    parsed = parseArgs({args: argv, options: serveArgvOptions, strict: true, allowPositionals: false, tokens: true})
  } catch {
    return undefined
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') return undefined // `--`: leave it to oclif
    // oclif rejects a repeated single-value flag (parseArgs keeps the last); `-m=x` means "x" to oclif, "=x" to parseArgs.
    if (seen.has(token.name) && token.name !== 'env' && token.name !== 'allowed-root') return undefined
    if (token.inlineValue && !token.rawName.startsWith('--')) return undefined
    seen.add(token.name)
  }
  const values = parsed.values
  const oneOf = <T extends string>(value: string | undefined, options: readonly T[]) =>
    value === undefined || (options as readonly string[]).includes(value)
  if (!oneOf(values.sandbox, sandboxModes) || !oneOf(values['sandbox-ceiling'], sandboxModes) || !oneOf(values['reasoning-effort'], reasoningEfforts) || !oneOf(values.isolation, isolationModes) || !oneOf(values.engine, engines) || !oneOf(values.approvals, ['never', 'ask'] as const)) return undefined
  const concurrency = values['max-concurrency']
  if (concurrency !== undefined && !(/^-?\d+$/.test(concurrency) && Number.parseInt(concurrency, 10) >= 1)) return undefined
  const maxDepth = values['max-depth']
  if (maxDepth !== undefined && !(/^\d+$/.test(maxDepth) && Number(maxDepth) >= 1 && Number(maxDepth) <= 10)) return undefined
  try {
    return {
      config: values.config,
      env: values.env,
      'env-file': values['env-file'],
      'sandbox-ceiling': values['sandbox-ceiling'] as ServeFlagValues['sandbox-ceiling'],
      'allowed-root': values['allowed-root'],
      profile: values.profile,
      engine: values.engine as ServeFlagValues['engine'],
      approvals: values.approvals as ServeFlagValues['approvals'],
      cd: values.cd,
      model: values.model,
      sandbox: values.sandbox as ServeFlagValues['sandbox'],
      'reasoning-effort': values['reasoning-effort'] as ServeFlagValues['reasoning-effort'],
      timeout: values.timeout === undefined ? undefined : parseDuration(values.timeout),
      'max-concurrency': concurrency === undefined ? undefined : Number.parseInt(concurrency, 10),
      heartbeat: values.heartbeat === undefined ? undefined : parseDuration(values.heartbeat),
      isolation: values.isolation as ServeFlagValues['isolation'],
      'max-depth': maxDepth === undefined ? undefined : Number(maxDepth),
      'agent-mcp-servers': values['agent-mcp-servers'],
    }
  } catch {
    return undefined
  }
}

/** True when oclif would load user plugins (its data dir has a package.json): they may add hooks or override `serve`. */
export function hasUserPlugins(env: NodeJS.ProcessEnv = process.env): boolean {
  const home = env.HOME || homedir() || tmpdir()
  const base = env.XDG_DATA_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(home, '.local/share')
  const dataDir = env.CODEX_MCP_DATA_DIR || path.join(base, OCLIF_DIRNAME)
  return existsSync(path.join(dataDir, 'package.json'))
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
