import semver from 'semver'

import {SUPPORTED_CODEX_RANGE} from './app-server/protocol.js'

/**
 * Which engine agents run on, and why, from what is known before any agent starts: the Codex version, the
 * engine setting (config, `--engine`, `CODEX_MCP_ENGINE`; unset means auto) and the command.
 *
 * MERGE NOTE: written for `doctor` (issue 20 part 5) while the engine branch builds `engine: auto` and the
 * runtime selection; replace with (or make this a thin wrapper of) the engine branch's decision function so
 * that doctor and the runner can never disagree.
 */
export type EngineSetting = 'auto' | 'exec' | 'app-server'
export type EngineCommand = 'serve' | 'spawn' | 'parallel'

export interface EngineChoice {
  engine: 'exec' | 'app-server'
  /** Why, in a few words a person understands: shown by `doctor`. */
  reason: string
  /** Set when the setting cannot be honoured (an explicit app-server on a Codex that cannot do it). */
  problem?: string
}

/** The newest release `npm run test:codex-versions` covers: a newer one runs on app-server with a note. */
export const NEWEST_TESTED_CODEX = '0.171.0'

/** True when this Codex speaks the app-server protocol the engine uses (its version range). */
export function speaksAppServer(codexVersion: string): boolean {
  return semver.satisfies(codexVersion, SUPPORTED_CODEX_RANGE, {includePrerelease: true})
}

export function chooseEngine(
  codexVersion: string | undefined,
  engineSetting: EngineSetting | undefined,
  command: EngineCommand,
  approvals: 'never' | 'ask' = 'never',
): EngineChoice {
  const setting = engineSetting ?? 'auto'
  const codex = codexVersion ? `Codex ${codexVersion}` : 'this Codex (version unknown)'
  const speaks = codexVersion !== undefined && speaksAppServer(codexVersion)
  const untested = speaks && semver.gt(codexVersion, NEWEST_TESTED_CODEX) ? `; newer than the newest tested (${NEWEST_TESTED_CODEX})` : ''
  if (setting === 'exec') return {engine: 'exec', reason: 'engine "exec" is set'}
  if (setting === 'app-server') {
    if (speaks) return {engine: 'app-server', reason: `engine "app-server" is set and ${codex} speaks its protocol${untested}`}
    return {
      engine: 'exec',
      reason: `engine "app-server" is set, but ${codex} does not speak the protocol it uses (${SUPPORTED_CODEX_RANGE})`,
      problem: `engine "app-server" needs Codex ${SUPPORTED_CODEX_RANGE}; ${codex} cannot run it`,
    }
  }
  if (!speaks) return {engine: 'exec', reason: `${codex} does not speak the app-server protocol (${SUPPORTED_CODEX_RANGE})`}
  if (command === 'serve') return {engine: 'app-server', reason: `${codex} speaks the app-server protocol${untested}`}
  if (approvals === 'ask') return {engine: 'app-server', reason: `approvals "ask" needs it and ${codex} speaks the app-server protocol${untested}`}
  // A one-shot command pays app-server's start-up for few agents: exec is as fast there (bench, engines section).
  if (command === 'spawn') return {engine: 'exec', reason: `a one-shot spawn starts one agent: a fresh codex exec is as fast as starting an app-server`}
  return {engine: 'app-server', reason: `${codex} speaks the app-server protocol: one app-server for the whole batch${untested}`}
}
