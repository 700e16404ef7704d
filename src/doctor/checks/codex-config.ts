import type {DoctorContext} from '../context.js'
import {describeTomlError} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/** Codex's config.toml: found where Codex looks, and parseable (syntax errors with line and column). */
export function codexConfigCheck(ctx: Pick<DoctorContext, 'codexConfig'>): CheckResult[] {
  const {location, base} = ctx.codexConfig
  const results: CheckResult[] = []
  const where = location.fromEnv ? 'from CODEX_HOME' : 'CODEX_HOME not set'
  if (location.fromEnv && !location.homeExists) {
    results.push(
      check(
        'codex-config',
        'fail',
        `CODEX_HOME is ${location.codexHome}, which does not exist: Codex refuses to start ("CODEX_HOME points to …, but that path does not exist").`,
        `mkdir -p ${location.codexHome}, or unset CODEX_HOME in the environment codex-mcp runs with`,
      ),
    )
  } else if (base.state === 'invalid') {
    results.push(check('codex-config', 'fail', `Codex config: ${describeTomlError(base)}. Codex will refuse to start.`, `fix the TOML at that line of ${base.file}`))
  } else if (base.state === 'missing') {
    results.push(check('codex-config', 'info', `Codex config: no ${base.file} (${where}); Codex uses its defaults (provider openai)`))
  } else {
    results.push(check('codex-config', 'pass', `Codex config: ${base.file} (${where})`))
  }
  if (location.ignoredFile) {
    results.push(
      check(
        'codex-config-location',
        'warn',
        `${location.ignoredFile} exists, but Codex reads ${location.file}: the file under ~/.config is ignored.`,
        `move it to ${location.file}, or set CODEX_HOME=${location.ignoredFile.replace(/\/config\.toml$/, '')} in the environment codex-mcp runs with`,
      ),
    )
  }
  return results
}
