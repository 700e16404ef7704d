import {type Config, DEFAULT_ENGINE, engines} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
import {judgeCodexVersion} from './app-server/version.js'
import type {EngineName} from './types.js'

/** A value of the `engine` setting: an engine, or `auto`. */
export type EngineSetting = (typeof engines)[number]
export {DEFAULT_ENGINE}

/** What runs the agents: a long-lived server (serve, a library) or a one-shot CLI command. */
export type Purpose = 'serve' | 'spawn' | 'parallel'

/**
 * What `auto` picks for a one-shot command, measured (README "Engines"): a cold app-server start is no faster
 * than one `codex exec` for a single agent, so `spawn` runs exec; a batch shares one app-server, which was
 * faster (wall and CPU) from a few agents on, so `parallel` runs app-server when the Codex can.
 */
export const ONE_SHOT_AUTO: Record<Exclude<Purpose, 'serve'>, EngineName> = {spawn: 'exec', parallel: 'app-server'}

/** `CODEX_MCP_ENGINE`: the engine when neither the config nor a flag names one. */
export function engineFromEnv(value: string | undefined): EngineSetting | undefined {
  if (value === undefined || value === '') return undefined
  if ((engines as readonly string[]).includes(value)) return value as EngineSetting
  throw new CodexMcpError(`Invalid CODEX_MCP_ENGINE ${JSON.stringify(value)}: expected one of ${engines.join(', ')}.`, {
    kind: 'invalid-config',
    fix: `Set CODEX_MCP_ENGINE to ${engines.join(', ')}, or unset it.`,
  })
}

/**
 * The engine setting an agent's run options carry, decided once (resolveRunOptions): config (flags included) <
 * nothing else; else CODEX_MCP_ENGINE; else the default. `auto` stays `auto` where the choice depends on the
 * Codex (app-server when it can, else exec); a one-shot command whose measured pick is exec gets exec unless
 * approvals "ask" needs app-server;
 * with hosts, `auto` is app-server.
 */
export function resolveEngineSetting(config: Pick<Config, 'engine' | 'approvals'> & {hosts?: readonly unknown[]}, envValue: string | undefined, purpose: Purpose): EngineSetting {
  const setting = config.engine ?? engineFromEnv(envValue) ?? DEFAULT_ENGINE
  if (setting !== 'auto') return setting
  // Hosts are app-server environments: with hosts, `auto` is app-server (one that cannot run is an error, not exec).
  if (config.hosts?.length) return 'app-server'
  if (purpose === 'serve' || config.approvals === 'ask') return setting
  return ONE_SHOT_AUTO[purpose] === 'exec' ? 'exec' : 'auto'
}

export interface EngineChoice {
  /** The engine agents will run on. */
  engine: EngineName
  /** Why, in a phrase: `Codex 0.171.0 speaks the app-server protocol`. */
  reason: string
  /** Set when agents will fail instead (explicit app-server, or approvals "ask", on a Codex that cannot). */
  problem?: string
}

/**
 * Which engine runs agents with this Codex and these settings, and why — without starting anything (doctor's
 * engine line). `codexVersion` undefined: Codex was not found or said no version. At run time the engine also
 * checks `initialize` and every message (a mismatch moves later agents to exec), and an agent with a profile
 * runs on exec.
 */
export function describeEngineChoice(
  codexVersion: string | undefined,
  settings: {engine?: EngineSetting; approvals?: Config['approvals']; profile?: string; purpose?: Purpose; envValue?: string; hosts?: readonly unknown[]} = {},
): EngineChoice {
  const purpose = settings.purpose ?? 'serve'
  const hosts = settings.hosts?.length ? settings.hosts : undefined
  const setting = resolveEngineSetting({engine: settings.engine, approvals: settings.approvals, hosts}, settings.envValue, purpose)
  if (setting === 'exec') {
    const why = settings.engine === 'exec' || (settings.engine === undefined && engineFromEnv(settings.envValue) === 'exec') ? 'engine set to exec' : `auto picks exec for a one-shot \`${purpose}\` (a cold app-server is no faster for it)`
    return {engine: 'exec', reason: why, ...(hosts ? {problem: 'hosts need the app-server engine, but the engine is "exec"'} : {})}
  }
  const judged = codexVersion === undefined ? {supported: false, note: 'the Codex version is unknown'} : judgeCodexVersion(codexVersion)
  const cannot = !judged.supported ? judged.note : settings.profile ? `a profile ("${settings.profile}") is set, and codex app-server takes no --profile` : undefined
  if (cannot === undefined) {
    const reason = `Codex ${codexVersion} speaks the app-server protocol${judged.note ? ' (newer than the newest tested release: one note at start)' : ''}${setting === 'auto' ? '' : hosts && (settings.engine ?? engineFromEnv(settings.envValue)) !== 'app-server' ? '; hosts need it' : '; engine set to app-server'}`
    return {engine: 'app-server', reason}
  }
  if (hosts) return {engine: 'app-server', reason: cannot, problem: `hosts need the app-server engine, but ${cannot}`}
  if (settings.approvals === 'ask') return {engine: 'app-server', reason: cannot, problem: `approvals "ask" needs the app-server engine, but ${cannot}`}
  if (setting === 'app-server' && !settings.profile) return {engine: 'app-server', reason: cannot, problem: `engine app-server was asked for, but ${cannot}`}
  return {engine: 'exec', reason: `${cannot}${setting === 'auto' ? '' : ' (agents with a profile run on exec)'}`}
}
