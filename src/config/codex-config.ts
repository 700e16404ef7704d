import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import path from 'node:path'
import {parse, TomlError} from 'smol-toml'

export type Toml = Record<string, unknown>

/** A TOML file read from disk: missing, parsed, or broken at a line and column. */
export type TomlRead =
  | {file: string; state: 'missing'}
  | {file: string; state: 'parsed'; data: Toml}
  | {file: string; state: 'invalid'; line?: number; column?: number; reason: string}

export function readToml(file: string): TomlRead {
  if (!existsSync(file)) return {file, state: 'missing'}
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    return {file, state: 'invalid', reason: (error as Error).message}
  }
  try {
    return {file, state: 'parsed', data: parse(text) as Toml}
  } catch (error) {
    // Only the first line of smol-toml's message: its code block could show a token or key from the file.
    const reason = String((error as Error).message).split('\n')[0].replace(/^Invalid TOML document:\s*/, '')
    if (error instanceof TomlError) return {file, state: 'invalid', line: error.line, column: error.column, reason}
    return {file, state: 'invalid', reason}
  }
}

export function describeTomlError(read: Extract<TomlRead, {state: 'invalid'}>): string {
  const where = read.line ? ` at line ${read.line}, column ${read.column}` : ''
  return `${read.file} has a TOML syntax error${where}: ${read.reason}`
}

export interface CodexConfigLocation {
  codexHome: string
  /** The config.toml Codex reads. */
  file: string
  /** True when CODEX_HOME chose it. */
  fromEnv: boolean
  /** Codex refuses to start when CODEX_HOME names a directory that does not exist. */
  homeExists: boolean
  /** `~/.config/codex/config.toml` when it exists but is not the file Codex reads (Codex 0.169 never reads it). */
  ignoredFile?: string
}

/** Where Codex looks: `$CODEX_HOME/config.toml`, else `~/.codex/config.toml`. */
export function locateCodexConfig(env: Record<string, string | undefined>): CodexConfigLocation {
  const home = env.HOME || homedir()
  const fromEnv = Boolean(env.CODEX_HOME)
  const codexHome = path.resolve(env.CODEX_HOME || path.join(home, '.codex'))
  const file = path.join(codexHome, 'config.toml')
  const xdg = path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'codex', 'config.toml')
  return {codexHome, file, fromEnv, homeExists: existsSync(codexHome), ...(xdg !== file && existsSync(xdg) ? {ignoredFile: xdg} : {})}
}

/** The providers Codex 0.169 has built in (any other `model_provider` must be defined in [model_providers]). */
export const BUILT_IN_PROVIDERS = ['openai', 'ollama', 'lmstudio', 'amazon-bedrock'] as const

export interface ProviderDefinition {
  name?: string
  base_url?: string
  env_key?: string
  requires_openai_auth?: boolean
  experimental_bearer_token?: string
}

export interface ActiveProvider {
  id: string
  /** Where `model_provider` came from. */
  source: string
  /** The `[model_providers.<id>]` table, when there is one. */
  definition?: ProviderDefinition
  builtIn: boolean
}

export type ProfileForm = 'file' | 'table' | 'missing'

export interface SelectedProfile {
  name: string
  /** codex-mcp passes `-p <name>` (flag or config); `config.toml` means the legacy top-level `profile = "<name>"`. */
  selectedBy: 'codex-mcp' | 'config.toml'
  /** `<name>.config.toml` layered on top (Codex 0.169), a legacy `[profiles.<name>]` table, or neither. */
  form: ProfileForm
  /** `$CODEX_HOME/<name>.config.toml`. */
  file: string
  /** Read of the profile file when it exists. */
  read?: TomlRead
  /** True when config.toml also has a `[profiles.<name>]` table (Codex 0.169 refuses `-p` then). */
  hasLegacyTable: boolean
}

export interface CodexConfigFacts {
  location: CodexConfigLocation
  base: TomlRead
  profile?: SelectedProfile
  /** A legacy top-level `profile = "<name>"` line in config.toml. */
  legacySelector?: string
  /** config.toml with the profile on top: what Codex will run with. Empty when config.toml is unreadable. */
  effective: Toml
  /** Undefined when config.toml (or the profile file) could not be parsed: nothing to reason about. */
  provider?: ActiveProvider
  /** Which file each `[mcp_servers.<name>]` entry was last defined in. */
  mcpServerFiles: Record<string, string>
}

export function isTable(value: unknown): value is Toml {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** Codex layers config files table by table: a later file's keys win, nested tables merge. */
export function layerToml(base: Toml, top: Toml): Toml {
  const out: Toml = {...base}
  for (const [key, value] of Object.entries(top)) {
    out[key] = isTable(value) && isTable(out[key]) ? layerToml(out[key] as Toml, value) : value
  }
  return out
}

/**
 * Reads Codex's config the way Codex would for an agent started with `-p <profile>` (when codex-mcp selects
 * one), and works out the active model provider. Both profile forms count: `$CODEX_HOME/<name>.config.toml`
 * layered on top (Codex 0.169) and the older `[profiles.<name>]` table.
 */
export function readCodexConfig(env: Record<string, string | undefined>, profileName?: string): CodexConfigFacts {
  const location = locateCodexConfig(env)
  const base = readToml(location.file)
  const baseData = base.state === 'parsed' ? base.data : {}
  const legacySelector = typeof baseData.profile === 'string' ? baseData.profile : undefined
  const name = profileName ?? legacySelector
  const profiles = isTable(baseData.profiles) ? baseData.profiles : {}
  const legacyTable = name && isTable(profiles[name]) ? (profiles[name] as Toml) : undefined

  let profile: SelectedProfile | undefined
  let effective: Toml = baseData
  let providerSource = 'model_provider in config.toml'
  if (name) {
    const file = path.join(location.codexHome, `${name}.config.toml`)
    const read = readToml(file)
    const form: ProfileForm = read.state !== 'missing' ? 'file' : legacyTable ? 'table' : 'missing'
    profile = {name, selectedBy: profileName ? 'codex-mcp' : 'config.toml', form, file, hasLegacyTable: Boolean(legacyTable), ...(read.state === 'missing' ? {} : {read})}
    if (read.state === 'parsed') {
      effective = layerToml(baseData, read.data)
      if ('model_provider' in read.data) providerSource = `model_provider in ${path.basename(file)} (profile ${name})`
    } else if (form === 'table' && legacyTable) {
      effective = layerToml(baseData, legacyTable)
      if ('model_provider' in legacyTable) providerSource = `model_provider in [profiles.${name}] (profile ${name})`
    }
  }

  const mcpServerFiles: Record<string, string> = {}
  for (const key of Object.keys(isTable(baseData.mcp_servers) ? baseData.mcp_servers : {})) mcpServerFiles[key] = location.file
  if (profile?.read?.state === 'parsed' && isTable(profile.read.data.mcp_servers)) {
    for (const key of Object.keys(profile.read.data.mcp_servers)) mcpServerFiles[key] = profile.file
  }

  const unreadable = base.state === 'invalid' || profile?.read?.state === 'invalid'
  const facts: CodexConfigFacts = {location, base, profile, effective, mcpServerFiles, ...(legacySelector ? {legacySelector} : {})}
  if (unreadable) return facts
  const id = typeof effective.model_provider === 'string' ? effective.model_provider : 'openai'
  if (typeof effective.model_provider !== 'string') providerSource = 'Codex\'s default'
  const providers = isTable(effective.model_providers) ? effective.model_providers : {}
  const definition = isTable(providers[id]) ? (providers[id] as ProviderDefinition) : undefined
  facts.provider = {id, source: providerSource, builtIn: (BUILT_IN_PROVIDERS as readonly string[]).includes(id), ...(definition ? {definition} : {})}
  return facts
}

export interface McpServerEntry {
  name: string
  command?: string
  args: string[]
  url?: string
  enabled: boolean
  required: boolean
  toolTimeoutSec?: unknown
  /** Names (never values) of the entry's `env` table: variables Codex sets for the server. */
  envNames: string[]
  /** The entry's `env_vars`: variables Codex forwards from its own environment. */
  envVars: string[]
  /** The file the entry is defined in. */
  file: string
}

export function mcpServers(facts: CodexConfigFacts): McpServerEntry[] {
  const servers = isTable(facts.effective.mcp_servers) ? facts.effective.mcp_servers : {}
  return Object.entries(servers)
    .filter(([, value]) => isTable(value))
    .map(([name, value]) => {
      const entry = value as Toml
      return {
        name,
        ...(typeof entry.command === 'string' ? {command: entry.command} : {}),
        args: Array.isArray(entry.args) ? entry.args.map(String) : [],
        ...(typeof entry.url === 'string' ? {url: entry.url} : {}),
        enabled: entry.enabled !== false,
        required: entry.required === true,
        ...('tool_timeout_sec' in entry ? {toolTimeoutSec: entry.tool_timeout_sec} : {}),
        envNames: isTable(entry.env) ? Object.keys(entry.env) : [],
        envVars: Array.isArray(entry.env_vars) ? entry.env_vars.filter((name): name is string => typeof name === 'string') : [],
        file: facts.mcpServerFiles[name] ?? facts.location.file,
      }
    })
}

/** `[mcp_servers.<name>]` with the name quoted when TOML needs it. */
export function mcpTableHeader(name: string): string {
  return `[mcp_servers.${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)}]`
}

/** True when the entry runs `codex-mcp … serve` (also via npx) or `…/bin/run.js serve`. */
export function runsCodexMcpServe(entry: Pick<McpServerEntry, 'command' | 'args'>): boolean {
  const tokens = [entry.command ?? '', ...entry.args]
  const at = tokens.findIndex((token) => {
    const base = path.basename(token)
    return base === 'codex-mcp' || base.startsWith('codex-mcp@') || /(^|\/)bin\/run\.js$/.test(token)
  })
  return at !== -1 && tokens.slice(at + 1).includes('serve')
}
