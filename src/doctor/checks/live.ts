import {CodexMcpError} from '../../errors.js'
import {settleAgent} from '../../runner/agent-outcome.js'
import {DEFAULT_LIVE_TIMEOUT_MS, type DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

export const LIVE_PROMPT = 'This is a connectivity check from `codex-mcp doctor --live`. Reply with the single word OK and do nothing else.'

/** --live: one tiny real agent through the runner (read-only sandbox), so the whole chain is seen working. */
export async function liveCheck(ctx: Pick<DoctorContext, 'binary' | 'runOptions' | 'input'>): Promise<CheckResult[]> {
  if (!ctx.input.live) return []
  if (ctx.binary instanceof CodexMcpError) return [check('live', 'fail', 'Live agent not run: no Codex binary (see above).')]
  const timeoutMs = ctx.input.liveTimeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS
  const outcome = await settleAgent(ctx.runOptions(LIVE_PROMPT, {timeoutMs, sandbox: 'read-only'}))
  const seconds = (outcome.durationMs / 1000).toFixed(1)
  if (outcome.status === 'succeeded') {
    const reply = outcome.output.trim().replace(/\s+/g, ' ')
    const shown = reply.length > 60 ? `${reply.slice(0, 60)}…` : reply
    return [check('live', 'pass', `Live agent: answered in ${seconds} s: ${JSON.stringify(shown)}${outcome.threadId ? ` (thread ${outcome.threadId})` : ''}`)]
  }
  const error = outcome.error!
  return [check('live', 'fail', `Live agent failed after ${seconds} s (${error.kind}): ${error.message}`, error.fix)]
}
