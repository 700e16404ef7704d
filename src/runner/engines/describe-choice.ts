import type {Config} from '../../config/schema.js'
import {judgeCodexVersion} from './app-server/version.js'
import {type EngineSetting, engineFromEnv, type Purpose, resolveEngineSetting} from './select.js'
import type {EngineName} from './types.js'

export type {EngineSetting} from './select.js'

// Apart from select.ts: the version judgement (semver, the app-server protocol) is doctor's, not every agent's.

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
