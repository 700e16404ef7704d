import {defaultStateDir, stateDirFix, stateDirProblem} from '../../state/state-dir.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

/** Where `serve` keeps background jobs and full outputs: usable, or which tools go without it and how to fix it. */
export function stateDirCheck(ctx: Pick<DoctorContext, 'config'>): CheckResult {
  const dir = ctx.config.stateDir ?? defaultStateDir()
  const problem = stateDirProblem(dir)
  if (!problem) return check('state-dir', 'pass', `State directory: ${dir} (background jobs, full outputs)`)
  return check(
    'state-dir',
    'warn',
    `State directory: ${problem}: serve still runs blocking tools, but background jobs (start_agent, start_agents, MCP Tasks) are unavailable and long outputs are kept in memory only.`,
    stateDirFix(dir),
  )
}
