import {CodexMcpError, toCodexMcpError} from '../../errors.js'
import {checkHosts} from '../../hosts/resolve.js'
import {defaultStateDir} from '../../state/state-dir.js'
import type {DoctorContext} from '../context.js'
import {probeHosts} from '../hosts-probe.js'
import {check, type CheckResult} from '../types.js'

/** With hosts configured: each one reachable and accepting our token, through a real app-server (as agents reach it). */
export async function hostsCheck(ctx: Pick<DoctorContext, 'config' | 'binary' | 'env' | 'runOptions' | 'input' | 'codexMcpConfig'>): Promise<CheckResult[]> {
  if (!ctx.config.hosts?.length) return []
  const processEnv = ctx.input.processEnv ?? process.env
  try {
    checkHosts(ctx.config, processEnv, processEnv.CODEX_MCP_ENGINE, ctx.codexMcpConfig.filepath)
  } catch (error) {
    const problem = toCodexMcpError(error)
    return [check('hosts', 'fail', problem.shortMessage, problem.fix)]
  }
  if (ctx.binary instanceof CodexMcpError) return [check('hosts', 'fail', 'Hosts not checked: no Codex binary (see above).')]
  let hosts
  try {
    hosts = ctx.runOptions('doctor').hosts ?? []
  } catch (error) {
    return [check('hosts', 'fail', toCodexMcpError(error).shortMessage)]
  }
  const reports = await probeHosts(ctx.binary, ctx.env, hosts, ctx.config.stateDir ?? defaultStateDir(processEnv)).catch((error) => toCodexMcpError(error))
  if (reports instanceof CodexMcpError) return [check('hosts', 'fail', `Hosts not checked: codex app-server did not start: ${reports.shortMessage}`, reports.fix)]
  return reports.map((report) => {
    const id = `host:${report.name}`
    if (report.state === 'local') return check(id, 'pass', `Host ${report.name}: this machine.`)
    if (report.state === 'ready') return check(id, 'pass', `Host ${report.name} (${report.url}): reachable, token accepted${report.shell ? `; commands run with ${report.shell}` : ''}${report.cwd ? ` in ${report.cwd}` : ''}.`)
    const what = report.state === 'auth-failed' ? 'refuses codex-mcp\'s token' : 'is unreachable'
    return check(id, 'fail', `Host ${report.name} (${report.url}) ${what}: ${report.detail}`, report.fix)
  })
}
