/**
 * A command's argv parsed without oclif, for the fast starts of `serve` and `spawn` (bin/run.js): only argv that
 * oclif would parse the same way without complaint gets values; anything else (help, a typo, a bad value, a
 * repeated flag, `--`, grouped short flags) gets undefined, and bin/run.js runs oclif, so help and errors stay
 * oclif's. Flags come from the settings table (src/config/settings-table.ts), as the commands have them.
 */
import {existsSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import path from 'node:path'
import {parseArgs} from 'node:util'

import type {FlagSpec} from '../config/settings-table.js'
import {parseDuration} from './duration.js'

/** A flag of one command only (not a setting): `spawn`'s --json, --prompt-file… */
export interface CommandFlagSpec {
  name: string
  char?: string
  kind: 'boolean' | 'string' | 'file'
}

type ArgvOption = {type: 'string' | 'boolean'; short?: string; multiple?: boolean}

/** The flags for node:util's parseArgs; unit tests keep them in step with the oclif commands'. */
export function argvOptions(settings: readonly FlagSpec[], own: readonly CommandFlagSpec[] = []): Record<string, ArgvOption> {
  return Object.fromEntries([
    ...settings.map((spec) => [spec.name, {type: 'string', ...(spec.char ? {short: spec.char} : {}), ...(spec.multiple ? {multiple: true} : {})}]),
    ...own.map((spec) => [spec.name, {type: spec.kind === 'boolean' ? 'boolean' : 'string', ...(spec.char ? {short: spec.char} : {})}]),
  ])
}

/** A setting flag's text as oclif would take it, or undefined when oclif would reject it (it then says why). */
function settingValue(spec: FlagSpec, text: string): unknown {
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

/** A command flag's value as oclif would take it (a file must exist: Flags.file({exists: true})), or undefined. */
function ownValue(spec: CommandFlagSpec, value: string | boolean): unknown {
  if (spec.kind === 'file') return typeof value === 'string' && existsSync(value) ? value : undefined
  return value
}

export interface ParsedArgv {
  flags: Record<string, unknown>
  positionals: string[]
}

/**
 * The flag values (by flag name) and positional arguments of `argv` when oclif would parse it the same way
 * without complaint (at most `maxPositionals` arguments); else undefined.
 */
export function parseCommandArgv(argv: string[], settings: readonly FlagSpec[], own: readonly CommandFlagSpec[] = [], maxPositionals = 0): ParsedArgv | undefined {
  const settingSpecs = new Map(settings.map((spec) => [spec.name, spec]))
  const ownSpecs = new Map(own.map((spec) => [spec.name, spec]))
  let parsed
  try {
    parsed = parseArgs({args: argv, options: argvOptions(settings, own), strict: true, allowPositionals: maxPositionals > 0, tokens: true})
  } catch {
    return undefined
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens) {
    if (token.kind === 'positional') continue
    if (token.kind !== 'option') return undefined // `--`: leave it to oclif
    // oclif rejects a repeated single-value flag (parseArgs keeps the last); `-m=x` means "x" to oclif, "=x" to parseArgs.
    if (seen.has(token.name) && !settingSpecs.get(token.name)?.multiple) return undefined
    if (token.inlineValue && !token.rawName.startsWith('--')) return undefined
    // Short flags grouped (`-qC dir`) or glued to their value (`-mgpt`): not worth telling apart from oclif's reading.
    const text = argv[token.index]
    if (text !== token.rawName && !(token.inlineValue && text.startsWith(`${token.rawName}=`))) return undefined
    seen.add(token.name)
  }
  if (parsed.positionals.length > maxPositionals) return undefined
  const flags: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(parsed.values as Record<string, string | boolean | string[] | undefined>)) {
    if (raw === undefined) continue
    const setting = settingSpecs.get(name)
    const value = setting
      ? Array.isArray(raw)
        ? raw.map((text) => settingValue(setting, text))
        : settingValue(setting, raw as string)
      : ownValue(ownSpecs.get(name)!, raw as string | boolean)
    if (value === undefined || (Array.isArray(value) && value.includes(undefined))) return undefined
    flags[name] = value
  }
  return {flags, positionals: parsed.positionals}
}

/** oclif's `dirname` for this CLI (package.json): where `codex-mcp plugins install` keeps user plugins. */
export const OCLIF_DIRNAME = 'codex-mcp'

/** True when oclif would load user plugins (its data dir has a package.json): they may add hooks or override a command. */
export function hasUserPlugins(env: NodeJS.ProcessEnv = process.env): boolean {
  const home = env.HOME || homedir() || tmpdir()
  const base = env.XDG_DATA_HOME || (process.platform === 'win32' && env.LOCALAPPDATA) || path.join(home, '.local/share')
  const dataDir = env.CODEX_MCP_DATA_DIR || path.join(base, OCLIF_DIRNAME)
  return existsSync(path.join(dataDir, 'package.json'))
}
