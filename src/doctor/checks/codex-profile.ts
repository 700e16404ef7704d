import path from 'node:path'
import semver from 'semver'

import type {DoctorContext} from '../context.js'
import {describeTomlError} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'
import {upgradeCommand} from './codex-version.js'

/**
 * Only when `codex exec --help` does not tell (a fake or unknown Codex): the oldest release seen layering
 * `<name>.config.toml` and refusing `[profiles.x]` next to `-p x` (0.100.0 still read tables).
 */
export const LEGACY_PROFILES_REJECTED_FROM = '0.140.0'

/**
 * The selected Codex profile in the form this Codex reads: `<name>.config.toml` layered on top (0.140, 0.169) or a
 * `[profiles.<name>]` table (0.47, 0.100) — told by `codex exec --help`, else guessed from the version.
 */
export async function codexProfileCheck(
  ctx: Pick<DoctorContext, 'codexConfig' | 'version'> & Partial<Pick<DoctorContext, 'features' | 'binary'>>,
): Promise<CheckResult[]> {
  const {profile, legacySelector, location} = ctx.codexConfig
  if (!profile && !legacySelector) return []
  const finding = await ctx.version()
  const version = finding.state === 'ok' ? finding.version : undefined
  const form = (await ctx.features?.())?.profileForm
  if (form === 'table') return tableProfileChecks(ctx, version)
  const rejectsLegacy = form === 'file' || (form === undefined && version !== undefined && semver.gte(version, LEGACY_PROFILES_REJECTED_FROM))
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

/** A Codex that reads only `[profiles.<name>]` tables in config.toml and fails `-p <name>` without one. */
function tableProfileChecks(ctx: Pick<DoctorContext, 'codexConfig'> & Partial<Pick<DoctorContext, 'binary'>>, version: string | undefined): CheckResult[] {
  const {profile, location} = ctx.codexConfig
  if (!profile || profile.selectedBy === 'config.toml') return []
  const {name, file} = profile
  const codex = `Codex${version ? ` ${version}` : ''}`
  const upgrade = ctx.binary ? upgradeCommand(ctx.binary) : 'npm install -g @openai/codex@latest'
  if (profile.hasLegacyTable && profile.form === 'file') {
    return [check('codex-profile', 'warn', `Profile "${name}": ${codex} uses [profiles.${name}] in ${location.file} and ignores ${file}.`, `merge the two, keeping [profiles.${name}] while you run ${codex}; ${file} is the form for a newer Codex (${upgrade})`)]
  }
  if (profile.hasLegacyTable) {
    return [check('codex-profile', 'pass', `Profile "${name}": [profiles.${name}] in ${location.file} (the form ${codex} reads)`)]
  }
  const where = profile.form === 'file' ? `is in ${file}, but ${codex} reads profiles only from [profiles.${name}] in ${location.file}` : `exists neither as [profiles.${name}] in ${location.file} nor elsewhere`
  return [
    check(
      'codex-profile',
      'fail',
      `Profile "${name}" ${where}: every agent would fail with "config profile \`${name}\` not found".`,
      profile.form === 'file'
        ? `move the settings of ${file} into a [profiles.${name}] table in ${location.file}, or upgrade Codex to one that layers ${path.basename(file)}: ${upgrade}`
        : `add a [profiles.${name}] table to ${location.file}, or stop selecting profile "${name}"`,
    ),
  ]
}
