import {codexBinaryCheck} from './checks/codex-binary.js'
import {codexConfigCheck} from './checks/codex-config.js'
import {codexDoctorChecks} from './checks/codex-doctor.js'
import {codexMcpConfigCheck} from './checks/codex-mcp-config.js'
import {codexProfileCheck} from './checks/codex-profile.js'
import {codexVersionCheck} from './checks/codex-version.js'
import {engineCheck} from './checks/engine.js'
import {clientDeadlineChecks} from './checks/client-deadlines.js'
import {clientEnvChecks} from './checks/client-env.js'
import {argvSecretChecks} from './checks/argv-secrets.js'
import {credentialsCheck} from './checks/credentials.js'
import {liveCheck} from './checks/live.js'
import {hostsCheck} from './checks/hosts.js'
import {mcpServersCheck} from './checks/mcp-servers.js'
import {nestedAgentsCheck} from './checks/nested-agents.js'
import {modelProviderCheck} from './checks/model-provider.js'
import {reasoningEffortCheck} from './checks/reasoning-effort.js'
import {workingDirectoryCheck} from './checks/working-directory.js'
import {stateDirCheck} from './checks/state-dir.js'
import {type DoctorContext, type DoctorInput, gatherContext} from './context.js'
import {redact, secretValues} from './redact.js'
import type {CheckResult, DoctorReport} from './types.js'

export type Check = (ctx: DoctorContext) => CheckResult | CheckResult[] | Promise<CheckResult | CheckResult[]>

/** Our checks, in the order they are shown. */
export const checks: Check[] = [
  codexMcpConfigCheck,
  codexBinaryCheck,
  codexVersionCheck,
  codexConfigCheck,
  codexProfileCheck,
  reasoningEffortCheck,
  modelProviderCheck,
  credentialsCheck,
  workingDirectoryCheck,
  engineCheck,
  stateDirCheck,
  clientDeadlineChecks,
  clientEnvChecks,
  (ctx) => argvSecretChecks(ctx),
  mcpServersCheck,
  hostsCheck,
  nestedAgentsCheck,
  liveCheck,
]

/** Runs every check (the slow ones, Codex probes and --live, at the same time) and never throws for a finding. */
export async function runDoctor(input: DoctorInput = {}): Promise<DoctorReport> {
  const ctx = await gatherContext(input)
  // Codex's own doctor takes longest; start it before ours so it runs alongside (only where it exists: on an
  // older Codex the word would be a prompt).
  void ctx.subcommands().then((commands) => (commands.includes('doctor') ? ctx.probe('doctor', '--json') : undefined))
  const ours = (await Promise.all(checks.map(async (run) => run(ctx)))).flat()
  const all = [...ours, ...(await codexDoctorChecks(ctx, ours))]
  const envKey = ctx.codexConfig.provider?.definition?.env_key
  const secrets = secretValues(ctx.env, envKey ? [envKey] : [])
  const results = all.map((result) => redact(result, secrets))
  return {checks: results, ok: results.every((result) => result.status !== 'fail')}
}
