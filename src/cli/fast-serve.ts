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

import {type FlagSpec, flagSpecsFor} from '../config/settings-table.js'
import {parseDuration} from './duration.js'
import {prepareServe, type ServeFlagValues} from './serve-stdio.js'

/** `serve`'s flags (the settings table's, as the command has them), by name. */
const serveFlagSpecs = new Map(flagSpecsFor('serve').map((spec) => [spec.name, spec]))

/** `serve`'s flags for node:util's parseArgs; test/unit/cli/fast-serve.test.ts keeps them in step with the command's. */
export const serveArgvOptions: Record<string, {type: 'string'; short?: string; multiple?: boolean}> = Object.fromEntries(
  [...serveFlagSpecs.values()].map((spec) => [spec.name, {type: 'string', ...(spec.char ? {short: spec.char} : {}), ...(spec.multiple ? {multiple: true} : {})}]),
)

/** A flag's text as oclif would take it, or undefined when oclif would reject it (it then says why). */
function flagValue(spec: FlagSpec, text: string): unknown {
  switch (spec.kind) {
    case 'string':
    case 'directory':
      return text
    case 'option':
      return spec.options!.includes(text) ? text : undefined
    case 'integer':
      return /^-?\d+$/.test(text) && Number.parseInt(text, 10) >= (spec.min ?? Number.MIN_SAFE_INTEGER) && Number.parseInt(text, 10) <= (spec.max ?? Number.MAX_SAFE_INTEGER) ? Number.parseInt(text, 10) : undefined
    case 'duration':
      try {
        return parseDuration(text)
      } catch {
        return undefined
      }
  }
}

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
    if (seen.has(token.name) && !serveFlagSpecs.get(token.name)?.multiple) return undefined
    if (token.inlineValue && !token.rawName.startsWith('--')) return undefined
    seen.add(token.name)
  }
  const flags: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(parsed.values as Record<string, string | string[] | undefined>)) {
    if (raw === undefined) continue
    const spec = serveFlagSpecs.get(name)!
    const value = Array.isArray(raw) ? raw.map((text) => flagValue(spec, text)) : flagValue(spec, raw)
    if (value === undefined || (Array.isArray(value) && value.includes(undefined))) return undefined
    flags[name] = value
  }
  return flags as ServeFlagValues
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
