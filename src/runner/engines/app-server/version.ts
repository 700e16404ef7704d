import semver from 'semver'

import {NEWEST_TESTED_CODEX_VERSION, SUPPORTED_CODEX_RANGE} from './protocol.js'

/** Whether the app-server engine accepts this Codex version, and what to say about it (pure: doctor uses it too). */
export function judgeCodexVersion(version: string): {supported: boolean; note?: string} {
  if (semver.valid(version) === null) return {supported: false, note: `Codex says its version is "${version}", not one codex-mcp can compare`}
  if (!semver.satisfies(version, SUPPORTED_CODEX_RANGE, {includePrerelease: true})) {
    return {supported: false, note: `Codex ${version} is older than the app-server engine supports (${SUPPORTED_CODEX_RANGE})`}
  }
  if (semver.gt(version, NEWEST_TESTED_CODEX_VERSION)) {
    return {supported: true, note: `Codex ${version} is newer than the newest release codex-mcp's app-server engine was tested with (${NEWEST_TESTED_CODEX_VERSION}); it runs on app-server, and a protocol change would fail an agent with kind protocol-mismatch and switch later agents to exec`}
  }
  return {supported: true}
}
