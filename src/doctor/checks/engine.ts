import {chooseEngine, type EngineSetting} from '../../runner/engines/choice.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

/**
 * Which engine agents will run on with this Codex and config, and why: `serve`'s agents first (what an MCP client
 * gets), then a one-shot `spawn` where it differs. An explicit app-server the Codex cannot run fails.
 */
export async function engineCheck(ctx: Pick<DoctorContext, 'version' | 'runOptions'>): Promise<CheckResult[]> {
  const finding = await ctx.version()
  if (finding.state === 'no-binary') return []
  const codexVersion = finding.state === 'ok' ? finding.version : undefined
  const options = ctx.runOptions('doctor')
  const setting = (options.engine ?? 'auto') as EngineSetting
  const serve = chooseEngine(codexVersion, setting, 'serve', options.approvals)
  const spawn = chooseEngine(codexVersion, setting, 'spawn', options.approvals)
  const also = spawn.engine === serve.engine ? '' : `; a one-shot \`spawn\`: ${spawn.engine} (${spawn.reason})`
  const message = `engine: ${serve.engine} (${serve.reason})${also}`
  if (serve.problem) {
    return [check('engine', 'fail', `${message}: ${serve.problem}.`, 'npm install -g @openai/codex@latest, or set "engine" to "auto" (or unset it)')]
  }
  return [check('engine', 'info', message)]
}
