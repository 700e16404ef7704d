import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

/** Which codex-mcp config file applies (or none), and whether it is valid. */
export function codexMcpConfigCheck(ctx: Pick<DoctorContext, 'codexMcpConfig'>): CheckResult {
  const {filepath, error} = ctx.codexMcpConfig
  if (error) {
    return check('codex-mcp-config', 'fail', `codex-mcp config: ${error.shortMessage}`, error.fix ?? 'Fix the config file; the keys are described in the README ("Configuration").')
  }
  if (!filepath) return check('codex-mcp-config', 'info', 'codex-mcp config: no file found (defaults apply; optional: .codex-mcprc.json)')
  return check('codex-mcp-config', 'pass', `codex-mcp config: ${filepath} (valid)`)
}
