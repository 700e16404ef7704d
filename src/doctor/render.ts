import {CODEX_DOCTOR_PREFIX, type CheckResult, type CheckStatus, type DoctorReport} from './types.js'

export const SYMBOLS: Record<CheckStatus, string> = {pass: '✓', warn: '!', fail: '✗', info: 'i'}

function line(result: CheckResult): string {
  const text = `${SYMBOLS[result.status]} ${result.message}`
  return result.fix && result.status !== 'pass' ? `${text}\n    Fix: ${result.fix}` : text
}

/** One line per check (✓ pass, ! warning, ✗ fail, i info), fixes indented below; Codex's own doctor as a section. */
export function renderReport(report: DoctorReport): string {
  const ours = report.checks.filter((result) => !result.id.startsWith(CODEX_DOCTOR_PREFIX))
  const codex = report.checks.filter((result) => result.id.startsWith(CODEX_DOCTOR_PREFIX))
  const out = ours.map(line)
  if (codex.length > 0) out.push('', 'Codex\'s own doctor (codex doctor --json):', ...codex.map(line))
  const failed = report.checks.filter((result) => result.status === 'fail').length
  const warned = report.checks.filter((result) => result.status === 'warn').length
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  out.push(
    '',
    failed > 0
      ? `${count(failed, 'failure')}, ${count(warned, 'warning')}: agents will not run until the failures are fixed.`
      : warned > 0
        ? `No failures, ${count(warned, 'warning')}.`
        : 'All checks passed.',
  )
  return out.join('\n')
}
