import semver from 'semver'

import {SUPPORTED_CODEX_RANGE} from './app-server/protocol.js'

/**
 * MERGE NOTE (issue 20 part 5): a stand-in for the engine branch's `describeEngineChoice`
 * (src/runner/engines/select.ts on w-engine), with the same signature, semantics and wording, so that doctor's
 * engine line builds before that branch lands. At merge: delete this file and import `describeEngineChoice`
 * from '../../runner/engines/index.js' in src/doctor/checks/engine.ts — doctor and the runner then share one
 * decision and can never disagree.
 */
export type EngineSetting = 'auto' | 'exec' | 'app-server'
export type Purpose = 'serve' | 'spawn' | 'parallel'

export interface EngineChoice {
  /** The engine agents will run on. */
  engine: 'exec' | 'app-server'
  /** Why, in a phrase: `Codex 0.171.0 speaks the app-server protocol`. */
  reason: string
  /** Set when agents will fail instead (explicit app-server, or approvals "ask", on a Codex that cannot). */
  problem?: string
}

/** The newest release `npm run test:codex-versions` covers. */
const NEWEST_TESTED_CODEX_VERSION = '0.171.0'
/** What `auto` picks for a one-shot command (measured on the engine branch: a cold app-server is no faster for one agent). */
const ONE_SHOT_AUTO = {spawn: 'exec', parallel: 'app-server'} as const

function judgeCodexVersion(version: string): {supported: boolean; note?: string} {
  if (semver.valid(version) === null) return {supported: false, note: `Codex says its version is "${version}", not one codex-mcp can compare`}
  if (!semver.satisfies(version, SUPPORTED_CODEX_RANGE, {includePrerelease: true})) {
    return {supported: false, note: `Codex ${version} is older than the app-server engine supports (${SUPPORTED_CODEX_RANGE})`}
  }
  if (semver.gt(version, NEWEST_TESTED_CODEX_VERSION)) return {supported: true, note: `newer than the newest tested (${NEWEST_TESTED_CODEX_VERSION})`}
  return {supported: true}
}

export function describeEngineChoice(
  codexVersion: string | undefined,
  settings: {engine?: EngineSetting; approvals?: 'never' | 'ask'; profile?: string; purpose?: Purpose; envValue?: string} = {},
): EngineChoice {
  const purpose = settings.purpose ?? 'serve'
  const fromEnv = settings.envValue === 'exec' || settings.envValue === 'app-server' || settings.envValue === 'auto' ? settings.envValue : undefined
  let setting: EngineSetting = settings.engine ?? fromEnv ?? 'auto'
  if (setting === 'auto' && purpose !== 'serve' && settings.approvals !== 'ask' && ONE_SHOT_AUTO[purpose] === 'exec') setting = 'exec'
  if (setting === 'exec') {
    const why = settings.engine === 'exec' || (settings.engine === undefined && fromEnv === 'exec') ? 'engine set to exec' : `auto picks exec for a one-shot \`${purpose}\` (a cold app-server is no faster for it)`
    return {engine: 'exec', reason: why}
  }
  const judged = codexVersion === undefined ? {supported: false, note: 'the Codex version is unknown'} : judgeCodexVersion(codexVersion)
  const cannot = !judged.supported ? judged.note : settings.profile ? `a profile ("${settings.profile}") is set, and codex app-server takes no --profile` : undefined
  if (cannot === undefined) {
    const reason = `Codex ${codexVersion} speaks the app-server protocol${judged.note ? ' (newer than the newest tested release: one note at start)' : ''}${setting === 'auto' ? '' : '; engine set to app-server'}`
    return {engine: 'app-server', reason}
  }
  if (settings.approvals === 'ask') return {engine: 'app-server', reason: cannot!, problem: `approvals "ask" needs the app-server engine, but ${cannot}`}
  if (setting === 'app-server' && !settings.profile) return {engine: 'app-server', reason: cannot!, problem: `engine app-server was asked for, but ${cannot}`}
  return {engine: 'exec', reason: `${cannot}${setting === 'auto' ? '' : ' (agents with a profile run on exec)'}`}
}
