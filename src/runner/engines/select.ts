import {type Config, DEFAULT_ENGINE, engines} from '../../config/schema.js'
import {CodexMcpError} from '../../errors.js'
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
