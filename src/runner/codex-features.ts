/**
 * What an installed Codex can do, read from its own `--help` and answers rather than guessed from its version
 * number: releases between 0.47 and 0.169 changed these without a version one could name in advance.
 */

/** Where `codex -p <name>` finds a profile. */
export type ProfileForm =
  /** `$CODEX_HOME/<name>.config.toml` layered on config.toml; a `[profiles.<name>]` table is refused (0.140, 0.169). */
  | 'file'
  /** A `[profiles.<name>]` table in config.toml; a `<name>.config.toml` is never read (0.47, 0.100). */
  | 'table'

export interface CodexFeatures {
  /** From `codex exec --help`'s `-p, --profile` line; undefined when it has none we recognise. */
  profileForm?: ProfileForm
  /** `codex doctor` exists (listed under "Commands:" of `codex --help`); on older Codex the word is a prompt. */
  hasDoctor: boolean
}

/** `codex exec --help` → how `-p` reads profiles. */
export function profileFormFromExecHelp(help: string): ProfileForm | undefined {
  const match = /-p, --profile <([A-Z0-9_]+)>\s*\n\s*(.+)/.exec(help)
  if (!match) return undefined
  const [, placeholder, description] = match
  if (/_V2$/.test(placeholder) || /<name>\.config\.toml/.test(description)) return 'file'
  if (/profile from config\.toml/i.test(description)) return 'table'
  return undefined
}

/** The subcommands listed under "Commands:" in `codex --help`. */
export function subcommandsFromHelp(help: string): string[] {
  const lines = help.split('\n')
  const start = lines.findIndex((line) => line.trim() === 'Commands:')
  if (start === -1) return []
  const section = lines.slice(start + 1)
  const end = section.findIndex((line) => line.trim() === '')
  return section
    .slice(0, end === -1 ? undefined : end)
    .map((line) => /^ {2}([a-z][a-z0-9-]*)\s/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined)
}

export function featuresFromHelp(rootHelp: string, execHelp: string): CodexFeatures {
  return {profileForm: profileFormFromExecHelp(execHelp), hasDoctor: subcommandsFromHelp(rootHelp).includes('doctor')}
}

/** A config value this Codex refused while loading its configuration (e.g. reasoning effort `xhigh` on 0.47). */
export interface RefusedConfigValue {
  key: string
  value: string
  /** What it accepts instead. */
  accepted: string[]
}

/**
 * Codex's own words when a config value (from config.toml or `-c`) is not one it knows:
 * "Error loading configuration: unknown variant `xhigh`, expected one of `minimal`, `low`, … in `model_reasoning_effort`".
 */
export function refusedConfigValue(stderr: string): RefusedConfigValue | undefined {
  const match = /unknown variant `([^`]*)`, expected (?:one of )?((?:`[^`]*`(?:, | or )?)+)\s*(?:\n\s*)?in `([^`]+)`/.exec(stderr)
  if (!match) return undefined
  return {value: match[1], accepted: [...match[2].matchAll(/`([^`]*)`/g)].map((m) => m[1]), key: match[3]}
}

/** Arguments that make Codex load its configuration with `key = value` and do nothing else (exit 0 or 1, no model call). */
export const configProbeArgs = (key: string, value: string): string[] => ['-c', `${key}=${JSON.stringify(value)}`, 'login', 'status']
