import {CodexMcpError} from '../errors.js'
import {refusedConfigValue} from './codex-features.js'

const UPGRADE = 'npm install -g @openai/codex@latest'

/**
 * Codex refused to load its configuration before starting the agent (stderr, exit 1, no events): a setting or
 * profile this Codex release reads differently. Undefined when the stderr says something else.
 */
export function configRefusal(stderr: string, context: {stderrTail?: string; exitCode?: number | null}): CodexMcpError | undefined {
  const base = {...context, kind: 'invalid-config' as const}
  const refused = refusedConfigValue(stderr)
  if (refused) {
    const accepted = refused.accepted.join(', ')
    const setting = refused.key === 'model_reasoning_effort' ? '--reasoning-effort / "reasoningEffort"' : `\`${refused.key}\``
    return new CodexMcpError(`This Codex does not accept ${refused.key} "${refused.value}"; it accepts ${accepted}.`, {
      ...base,
      fix: `choose one of ${accepted} (${setting}), or upgrade Codex: ${UPGRADE}`,
    })
  }
  const missing = /config profile `([^`]+)` not found/.exec(stderr)
  if (missing) {
    const name = missing[1]
    return new CodexMcpError(
      `Codex found no profile "${name}": this Codex reads profiles only from a [profiles.${name}] table in its config.toml (a ${name}.config.toml file needs a newer Codex).`,
      {...base, fix: `add a [profiles.${name}] table to config.toml, or upgrade Codex (${UPGRADE}) to use ${name}.config.toml; \`codex-mcp doctor --profile ${name}\` checks it`},
    )
  }
  const legacy = /--profile `([^`]+)` cannot be used while (\S+) contains legacy[^\n]*?; move those settings into (\S+?) and/.exec(stderr)
  if (legacy) {
    const [, name, config, file] = legacy
    return new CodexMcpError(`This Codex refuses profile "${name}": ${config} still defines it the legacy way (\`profile = "${name}"\` or [profiles.${name}]).`, {
      ...base,
      fix: `move the settings of [profiles.${name}] into ${file} and delete the table and any \`profile = "${name}"\` line from ${config}`,
    })
  }
  return undefined
}
