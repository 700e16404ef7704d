import {loadConfig} from '../config/load-config.js'
import type {Config} from '../config/schema.js'
import {CodexMcpError, toCodexMcpError} from '../errors.js'
import {type CodexFeatures, featuresFromHelp, subcommandsFromHelp} from '../runner/codex-features.js'
import {type CodexBinary, resolveCodex} from '../runner/resolve-codex.js'
import {mergeConfig, type RunOptions, resolveRunOptions} from '../runner/run-options.js'
import {type CodexConfigFacts, readCodexConfig} from './codex-config.js'
import {probeCodex, type ProbeResult} from './probe.js'
import {findVersion, type VersionFinding} from './version.js'

export interface DoctorInput {
  /** --config */
  configPath?: string
  /** --env pairs, already parsed. */
  flagEnv?: Record<string, string>
  /** --profile */
  profile?: string
  /** --engine: the engine --live runs its agent on */
  engine?: Config['engine']
  /** --live: run a tiny real agent. */
  live?: boolean
  /** The environment codex-mcp itself runs with (default process.env). */
  processEnv?: Record<string, string | undefined>
  /** Where the config search starts and relative paths resolve (default process.cwd()). */
  cwd?: string
  /** Timeout of each quick Codex probe (`--version`, `login status`, `doctor --json`). */
  probeTimeoutMs?: number
  /** Timeout of the --live agent. */
  liveTimeoutMs?: number
}

/** Everything the checks look at, gathered once. Codex probes start lazily and run once. */
export interface DoctorContext {
  input: DoctorInput
  /** The codex-mcp config file: found at filepath, or none, or broken (`error`; then `fileConfig` is {}). */
  codexMcpConfig: {filepath?: string; fileConfig: Config; error?: CodexMcpError}
  /** File config with the flags on top: what `spawn`/`serve` would run with. */
  config: Config
  flagEnv: Record<string, string>
  /** The environment Codex gets, from the runner's own merge (process env → config env → --env). */
  env: Record<string, string>
  /** The runner's run options for an agent started from here. */
  runOptions(prompt: string, overrides?: Partial<Pick<RunOptions, 'timeoutMs' | 'sandbox'>>): RunOptions
  /** The binary the runner would start, or why there is none. */
  binary: CodexBinary | CodexMcpError
  codexConfig: CodexConfigFacts
  /** Runs the binary with `args` once (memoised) with the probe timeout; undefined when there is no binary. */
  probe(...args: string[]): Promise<ProbeResult | undefined>
  /** `codex --version`, parsed (memoised). */
  version(): Promise<VersionFinding>
  /** The subcommands `codex --help` lists (memoised). */
  subcommands(): Promise<string[]>
  /** What this Codex can do, from `codex --help` and `codex exec --help` (memoised; only the profile check needs the latter). */
  features(): Promise<CodexFeatures>
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000
export const DEFAULT_LIVE_TIMEOUT_MS = 60_000

export async function gatherContext(input: DoctorInput): Promise<DoctorContext> {
  const processEnv = input.processEnv ?? process.env
  const cwd = input.cwd ?? process.cwd()
  let codexMcpConfig: DoctorContext['codexMcpConfig']
  try {
    const loaded = await loadConfig({explicitPath: input.configPath, searchFrom: cwd})
    codexMcpConfig = {filepath: loaded.filepath, fileConfig: loaded.config}
  } catch (error) {
    codexMcpConfig = {fileConfig: {}, error: toCodexMcpError(error)}
  }
  const flagEnv = input.flagEnv ?? {}
  const config = mergeConfig(codexMcpConfig.fileConfig, {profile: input.profile, engine: input.engine, env: input.flagEnv})
  const runOptions: DoctorContext['runOptions'] = (prompt, overrides = {}) => ({
    ...resolveRunOptions(config, {prompt}, {baseCwd: cwd, baseEnv: processEnv}),
    ...overrides,
  })
  const env = runOptions('doctor').env

  let binary: CodexBinary | CodexMcpError
  try {
    binary = resolveCodex({codexPath: config.codexPath, env})
  } catch (error) {
    binary = toCodexMcpError(error)
  }

  const probes = new Map<string, Promise<ProbeResult | undefined>>()
  const probe = (...args: string[]) => {
    const key = args.join('\0')
    if (!probes.has(key)) {
      probes.set(key, binary instanceof CodexMcpError ? Promise.resolve(undefined) : probeCodex(binary, args, env, input.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS))
    }
    return probes.get(key)!
  }
  let version: ReturnType<DoctorContext['version']> | undefined
  let subcommands: ReturnType<DoctorContext['subcommands']> | undefined
  let features: ReturnType<DoctorContext['features']> | undefined
  const helpText = async (...args: string[]) => {
    const result = await probe(...args)
    return result?.exitCode === 0 ? result.stdout : ''
  }
  return {
    input,
    codexMcpConfig,
    config,
    flagEnv,
    env,
    runOptions,
    binary,
    codexConfig: readCodexConfig(env, config.profile),
    probe,
    version: () => (version ??= findVersion(probe)),
    subcommands: () => (subcommands ??= helpText('--help').then(subcommandsFromHelp)),
    features: () => (features ??= Promise.all([helpText('--help'), helpText('exec', '--help')]).then(([root, exec]) => featuresFromHelp(root, exec))),
  }
}
