import {describeEngineChoice, type EngineSetting} from '../../runner/engines/describe-choice.js'
import type {DoctorContext} from '../context.js'
import {check, type CheckResult} from '../types.js'

/**
 * Which engine agents will run on with this Codex and config, and why: `serve`'s agents (what an MCP client gets),
 * and a one-shot `spawn` where it differs. Settings the engine cannot honour (an explicit app-server, or approvals
 * "ask", on a Codex that cannot) fail with the fix.
 */
export async function engineCheck(ctx: Pick<DoctorContext, 'version' | 'config' | 'input'>): Promise<CheckResult[]> {
  const finding = await ctx.version()
  if (finding.state === 'no-binary') return []
  const codexVersion = finding.state === 'ok' ? finding.version : undefined
  const settings = {engine: ctx.config.engine as EngineSetting | undefined, approvals: ctx.config.approvals, profile: ctx.config.profile, envValue: (ctx.input.processEnv ?? process.env).CODEX_MCP_ENGINE, hosts: ctx.config.hosts}
  const serve = describeEngineChoice(codexVersion, {...settings, purpose: 'serve'})
  if (serve.problem) {
    return [check('engine', 'fail', `engine: ${serve.problem}.`, 'npm install -g @openai/codex@latest, or set "engine" to "auto" (or leave it unset)')]
  }
  const spawn = describeEngineChoice(codexVersion, {...settings, purpose: 'spawn'})
  const also = spawn.engine === serve.engine ? '' : `; a one-shot \`spawn\`: ${spawn.engine}`
  return [check('engine', 'info', `engine: ${serve.engine} (${serve.reason})${also}`)]
}
