import {reasoningEfforts} from '../../config/schema.js'
import {configProbeArgs, refusedConfigValue} from '../../runner/codex-features.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'
import {upgradeCommand} from './codex-version.js'

/** A value no Codex accepts: a Codex that checks reasoning efforts answers with the list it does accept. */
const PROBE_VALUE = 'codex-mcp-probe'

/**
 * Which reasoning efforts this Codex accepts, asked of Codex itself (`-c model_reasoning_effort=… login status`):
 * 0.47 refuses `xhigh` and fails every agent given it; 0.140 and later pass any value on to the model.
 */
export async function reasoningEffortCheck(ctx: Pick<DoctorContext, 'probe' | 'config' | 'codexMcpConfig' | 'version' | 'binary'>): Promise<CheckResult[]> {
  const result = await ctx.probe(...configProbeArgs('model_reasoning_effort', PROBE_VALUE))
  if (!result || result.timedOut) return []
  const refused = refusedConfigValue(result.stderr)
  const chosen = ctx.config.reasoningEffort
  if (!refused || refused.key !== 'model_reasoning_effort') {
    return chosen ? [check('reasoning-effort', 'pass', `Reasoning effort "${chosen}": passed on to the model`)] : []
  }
  const finding = await ctx.version()
  const codex = `Codex${finding.state === 'ok' ? ` ${finding.version}` : ''}`
  const accepted = refused.accepted.join(', ')
  const unsupported = reasoningEfforts.filter((effort) => !refused.accepted.includes(effort))
  const upgrade = upgradeCommand(ctx.binary)
  if (chosen && unsupported.includes(chosen)) {
    const where = ctx.codexMcpConfig.filepath ? ` (reasoningEffort in ${ctx.codexMcpConfig.filepath})` : ''
    return [
      check(
        'reasoning-effort',
        'fail',
        `${codex} does not accept reasoning effort "${chosen}"${where}; it accepts ${accepted}: every agent would fail.`,
        `choose one of ${accepted}, or upgrade Codex: ${upgrade}`,
      ),
    ]
  }
  if (unsupported.length > 0) {
    return [
      check(
        'reasoning-effort',
        'warn',
        `${codex} accepts reasoning effort ${accepted} only: an agent asked for ${unsupported.join(' or ')} (--reasoning-effort, a tool's reasoningEffort) fails.`,
        `upgrade Codex: ${upgrade}`,
      ),
    ]
  }
  return chosen ? [check('reasoning-effort', 'pass', `Reasoning effort "${chosen}": accepted by ${codex}`)] : []
}
