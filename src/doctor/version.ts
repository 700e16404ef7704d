import semver from 'semver'

import type {ProbeResult} from './probe.js'
import {firstLine, lastLine} from './probe.js'

/**
 * Oldest Codex codex-mcp supports: the oldest release `npm run test:codex-versions` runs the core flows against
 * (0.46.0 was never published). 0.44 and 0.45 print the same events but are not tested.
 */
export const MIN_CODEX_VERSION = '0.47.0'

/** Before this release `codex exec --json` printed the older `{id, msg}` events the runner cannot read (0.42 did). */
export const THREAD_EVENTS_FROM = '0.44.0'

export type VersionFinding =
  | {state: 'ok'; version: string}
  | {state: 'no-binary'}
  | {state: 'unreadable'; problem: string}

/** `codex-cli 0.169.0` → `0.169.0`; anything else → undefined. */
export function parseCodexVersion(stdout: string): string | undefined {
  const match = /^codex(?:-cli)?\s+v?(\S+)\s*$/m.exec(stdout.trim())
  return match ? (semver.valid(match[1]) ?? undefined) : undefined
}

export async function findVersion(probe: (...args: string[]) => Promise<ProbeResult | undefined>): Promise<VersionFinding> {
  const result = await probe('--version')
  if (!result) return {state: 'no-binary'}
  if (result.startError) return {state: 'unreadable', problem: `could not be started: ${result.startError}`}
  if (result.timedOut) return {state: 'unreadable', problem: '`--version` did not answer in time'}
  if (result.exitCode !== 0) {
    const said = lastLine(result.stderr) || lastLine(result.stdout)
    return {state: 'unreadable', problem: `\`--version\` exited with code ${result.exitCode ?? 'none (killed)'}${said ? `: ${said}` : ''}`}
  }
  const version = parseCodexVersion(result.stdout)
  if (version) return {state: 'ok', version}
  const printed = firstLine(result.stdout, 80)
  return {
    state: 'unreadable',
    problem: `\`--version\` printed ${printed ? JSON.stringify(printed) : 'nothing'}, not a version (expected "codex-cli X.Y.Z")`,
  }
}
