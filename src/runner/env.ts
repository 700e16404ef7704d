import {CodexMcpError} from '../errors.js'
import {envNameSchema} from '../config/schema.js'

/** Parses `KEY=VALUE` pairs (from --env flags); a bad pair names itself and the expected shape, never the value. */
export function parseEnvPairs(pairs: readonly string[], source = '--env'): Record<string, string> {
  const env: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const key = eq === -1 ? pair : pair.slice(0, eq)
    if (eq === -1 || !envNameSchema.safeParse(key).success) {
      const shown = eq === -1 ? `\`${key}\` (no "=")` : `\`${key}\` (not a valid variable name)`
      throw new CodexMcpError(`Invalid ${source} value ${shown}: expected KEY=VALUE, e.g. ${source} OPENROUTER_API_KEY=sk-...`, {
        kind: 'invalid-input',
      })
    }
    env[key] = pair.slice(eq + 1)
  }
  return env
}

/**
 * The environment Codex gets: the server's own, then config `env`, then `--env` flags (later wins).
 * doctor checks credentials against exactly this merge.
 */
export function mergeEnv(...layers: Array<Record<string, string | undefined> | undefined>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) env[key] = value
    }
  }
  return env
}
