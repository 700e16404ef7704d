import semver from 'semver'

import type {DoctorContext} from '../context.js'
import {describeTomlError} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'

/**
 * The first Codex seen refusing legacy profiles (`profile = "x"` / `[profiles.x]` next to `-p x`). The change
 * may be older; below this version the legacy form is reported, not failed.
 */
export const LEGACY_PROFILES_REJECTED_FROM = '0.169.0'

/** The selected Codex profile in either form: `<name>.config.toml` layered on top (0.169) or `[profiles.<name>]`. */
export async function codexProfileCheck(ctx: Pick<DoctorContext, 'codexConfig' | 'version'>): Promise<CheckResult[]> {
  const {profile, legacySelector, location} = ctx.codexConfig
  if (!profile && !legacySelector) return []
  const finding = await ctx.version()
  const version = finding.state === 'ok' ? finding.version : undefined
  const rejectsLegacy = version !== undefined && semver.gte(version, LEGACY_PROFILES_REJECTED_FROM)
  const legacyStatus = rejectsLegacy ? 'fail' : version ? 'info' : 'warn'
  const newer = rejectsLegacy ? `Codex ${version} refuses it` : `Codex >= ${LEGACY_PROFILES_REJECTED_FROM} refuses it`
  const results: CheckResult[] = []

  if (legacySelector) {
    const moveTo = `${location.codexHome}/${legacySelector}.config.toml`
    results.push(
      check(
        'codex-profile-selector',
        legacyStatus,
        `${location.file} selects profile "${legacySelector}" with the legacy top-level \`profile = "${legacySelector}"\` line; ${newer}.`,
        `delete that line, move the settings of [profiles.${legacySelector}] into ${moveTo}, and select it with \`--profile ${legacySelector}\` (or "profile" in the codex-mcp config)`,
      ),
    )
  }
  if (!profile || profile.selectedBy === 'config.toml') return results

  const {name, file} = profile
  if (profile.read?.state === 'invalid') {
    results.push(check('codex-profile', 'fail', `Profile "${name}": ${describeTomlError(profile.read)}.`, `fix the TOML at that line of ${file}`))
  } else if (profile.form === 'missing') {
    results.push(
      check(
        'codex-profile',
        'warn',
        `Profile "${name}" is selected, but neither ${file} nor [profiles.${name}] in ${location.file} exists: Codex runs with config.toml alone.`,
        `create ${file} with the settings of the profile (e.g. model_provider = "..."), or stop selecting profile "${name}"`,
      ),
    )
  } else if (profile.hasLegacyTable && (profile.form === 'file' || legacyStatus !== 'info')) {
    const fix =
      profile.form === 'file'
        ? `delete the [profiles.${name}] table from ${location.file} (its settings belong in ${file})`
        : `move the keys of [profiles.${name}] into ${file} and delete the table from ${location.file}`
    const status = profile.form === 'file' && !rejectsLegacy ? 'warn' : legacyStatus
    results.push(check('codex-profile', status, `Profile "${name}" comes from a legacy [profiles.${name}] table in ${location.file}; with \`-p ${name}\` ${newer}.`, fix))
  } else if (profile.form === 'table') {
    results.push(check('codex-profile', 'pass', `Profile "${name}": [profiles.${name}] in ${location.file} (legacy form, fine for Codex ${version})`))
  } else {
    results.push(check('codex-profile', 'pass', `Profile "${name}": ${file} layered on ${location.file}`))
  }
  return results
}
