import * as z from 'zod'

export const checkStatuses = ['pass', 'warn', 'fail', 'info'] as const

/** One line of `codex-mcp doctor`: what was found, and for a warning or failure how to fix it. */
export const checkResultSchema = z.object({
  id: z.string().describe('Stable id, e.g. "codex-version" or "mcp-server:github".'),
  status: z.enum(checkStatuses),
  message: z.string(),
  fix: z.string().optional().describe('A command to run or a line to add.'),
})
export type CheckResult = z.infer<typeof checkResultSchema>
export type CheckStatus = CheckResult['status']

export const doctorReportSchema = z.object({
  checks: z.array(checkResultSchema),
  ok: z.boolean().describe('True when no check failed.'),
})
export type DoctorReport = z.infer<typeof doctorReportSchema>

/** Ids of the checks folded in from Codex's own `codex doctor --json` start with this. */
export const CODEX_DOCTOR_PREFIX = 'codex-doctor:'

export function check(id: string, status: CheckStatus, message: string, fix?: string): CheckResult {
  return fix ? {id, status, message, fix} : {id, status, message}
}
