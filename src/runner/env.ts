export {parseEnvPairs, readEnvFile} from '../config/env-flags.js'

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

/** Names of `--env KEY=VALUE` pairs in an argv: values there are readable by every local user (/proc/PID/cmdline). */
export function envValuesOnArgv(args: readonly string[]): string[] {
  const names: string[] = []
  for (let i = 0; i < args.length; i++) {
    const pair = args[i] === '--env' ? args[i + 1] : args[i].startsWith('--env=') ? args[i].slice('--env='.length) : undefined
    const eq = pair?.indexOf('=') ?? -1
    if (pair && eq > 0) names.push(pair.slice(0, eq))
  }
  return names
}
