import * as z from 'zod'

import type {DoctorContext} from '../context.js'
import {CODEX_DOCTOR_PREFIX, check, type CheckResult, type CheckStatus} from '../types.js'

/** The part of `codex doctor --json` (schemaVersion 1, Codex 0.169) we read; anything else is ignored. */
const codexDoctorSchema = z.object({
  checks: z.record(
    z.string(),
    z.object({
      id: z.string(),
      category: z.string().optional(),
      status: z.string(),
      summary: z.string(),
      details: z.record(z.string(), z.unknown()).nullish(),
      remediation: z.string().nullish(),
    }),
  ),
})
export type CodexDoctorReport = z.infer<typeof codexDoctorSchema>

/** Codex categories our own checks cover: a problem we already reported is not said twice. */
const COVERED_BY: Record<string, string[]> = {
  auth: ['credentials'],
  config: ['codex-config', 'codex-profile', 'codex-profile-selector', 'model-provider'],
  mcp: ['mcp-servers', 'mcp-server:'],
  install: ['codex-binary', 'codex-version'],
}

/**
 * Network probes of endpoints agents do not need (`/models`, GitHub releases, WebSocket): Codex fails them
 * where agents run fine, so they warn here; `--live` tests the real round trip. Its install check is about
 * self-update (0.140 fails any Codex outside the global npm root): our binary and version checks decide.
 */
const PROBE_CATEGORIES = new Set(['network', 'reachability', 'websocket', 'updates', 'install'])

/** Codex's doctor checks the base config only (it takes no -p): these depend on the provider a profile may change. */
const PROVIDER_CATEGORIES = new Set(['auth', 'reachability', 'websocket'])

/** `{checks}` from Codex's own doctor, or undefined when this Codex has none (older, or a fake). */
export function parseCodexDoctor(stdout: string): CodexDoctorReport | undefined {
  try {
    const parsed = codexDoctorSchema.safeParse(JSON.parse(stdout))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Details that explain a problem (the rest are paths and settings). */
function problemDetails(details: Record<string, unknown> | null | undefined): string {
  const lines = Object.entries(details ?? {})
    .filter(([, value]) => typeof value === 'string' && /fail|error|not |unreachable|invalid|denied|missing|HTTP [45]\d\d|\(required\)/i.test(value))
    .map(([key, value]) => `${key}: ${value}`)
  return lines.length > 0 ? ` (${lines.join('; ')})` : ''
}

/** Folds Codex's own warnings and failures into ours, minus what ours already said. */
export function foldCodexDoctor(report: CodexDoctorReport, ours: CheckResult[], options: {profileActive: boolean}): CheckResult[] {
  const reported = (prefixes: string[]) =>
    ours.some((result) => (result.status === 'warn' || result.status === 'fail') && prefixes.some((prefix) => result.id === prefix || (prefix.endsWith(':') && result.id.startsWith(prefix))))
  const results: CheckResult[] = []
  let total = 0
  for (const item of Object.values(report.checks)) {
    total++
    if (item.status !== 'fail' && item.status !== 'warning') continue
    const category = item.category ?? item.id.split('.')[0]
    if (COVERED_BY[category] && reported(COVERED_BY[category])) continue
    if (options.profileActive && PROVIDER_CATEGORIES.has(category)) continue
    const probe = PROBE_CATEGORIES.has(category)
    const status: CheckStatus = item.status === 'fail' && !probe ? 'fail' : 'warn'
    const said = item.status === 'fail' && probe ? ' [Codex: fail]' : ''
    results.push(check(`${CODEX_DOCTOR_PREFIX}${item.id}`, status, `${item.summary}${problemDetails(item.details)}${said}`, item.remediation ?? undefined))
  }
  if (results.length === 0) results.push(check(`${CODEX_DOCTOR_PREFIX}summary`, 'pass', `codex doctor --json: nothing more to report (${total} checks)`))
  return results
}

/** Codex's own `codex doctor --json`, when `codex --help` lists it (0.140 does, 0.100 does not); skipped silently otherwise. */
export async function codexDoctorChecks(ctx: Pick<DoctorContext, 'probe' | 'codexConfig' | 'subcommands'>, ours: CheckResult[]): Promise<CheckResult[]> {
  if (!(await ctx.subcommands()).includes('doctor')) return []
  const result = await ctx.probe('doctor', '--json')
  if (!result) return []
  if (result.timedOut) return [check(`${CODEX_DOCTOR_PREFIX}timeout`, 'info', 'codex doctor --json did not finish in time; skipped (run `codex doctor` yourself)')]
  const report = parseCodexDoctor(result.stdout)
  if (!report) return []
  return foldCodexDoctor(report, ours, {profileActive: Boolean(ctx.codexConfig.profile && ctx.codexConfig.profile.form !== 'missing')})
}
