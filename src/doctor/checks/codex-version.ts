import semver from 'semver'

import {CodexMcpError} from '../../errors.js'
import type {CodexBinary} from '../../runner/resolve-codex.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'
import {MIN_CODEX_VERSION, THREAD_EVENTS_FROM} from '../version.js'

export function upgradeCommand(binary: CodexBinary | CodexMcpError): string {
  if (!(binary instanceof CodexMcpError) && /\/(Cellar|Caskroom|homebrew)\//.test(binary.foundAt)) return 'brew upgrade codex'
  const repoint = !(binary instanceof CodexMcpError) && (binary.source === 'env' || binary.source === 'config')
  return `npm install -g @openai/codex@latest${repoint ? ` (then point ${binary.source === 'env' ? 'CODEX_MCP_CODEX_PATH' : '"codexPath"'} at the new codex)` : ''}`
}

/** `codex --version` parsed with semver; a garbage answer or a non-zero exit is a failure, never a crash. */
export async function codexVersionCheck(ctx: Pick<DoctorContext, 'binary' | 'version'>): Promise<CheckResult[]> {
  const finding = await ctx.version()
  if (finding.state === 'no-binary') return [] // codex-binary already failed
  const file = ctx.binary instanceof CodexMcpError ? 'codex' : ctx.binary.file
  if (finding.state === 'unreadable') {
    return [
      check(
        'codex-version',
        'fail',
        `Could not read the Codex version: ${file} ${finding.problem}.`,
        `check that ${file} is the Codex CLI (\`${file} --version\` should print "codex-cli X.Y.Z"); reinstall: ${upgradeCommand(ctx.binary)}`,
      ),
    ]
  }
  if (semver.lt(finding.version, MIN_CODEX_VERSION)) {
    return [
      check(
        'codex-version',
        'fail',
        `Codex ${finding.version} is too old: codex-mcp needs Codex >= ${MIN_CODEX_VERSION} (${
          semver.lt(finding.version, THREAD_EVENTS_FROM)
            ? 'its `codex exec --json` prints an older event format that codex-mcp cannot read: every agent would fail'
            : 'older releases are not tested'
        }).`,
        upgradeCommand(ctx.binary),
      ),
    ]
  }
  return [check('codex-version', 'pass', `Codex ${finding.version} (>= ${MIN_CODEX_VERSION} required)`)]
}
