import {cosmiconfig} from 'cosmiconfig'
import path from 'node:path'

import {CodexMcpError} from '../errors.js'
import {type Config, configSchema} from './schema.js'
import {formatZodIssues} from './format-issues.js'

export const CONFIG_MODULE_NAME = 'codex-mcp'

export interface LoadedConfig {
  config: Config
  /** The file it came from; undefined when none was found. */
  filepath?: string
}

const explorer = cosmiconfig(CONFIG_MODULE_NAME, {
  searchStrategy: 'project',
  searchPlaces: [
    'package.json',
    `.${CONFIG_MODULE_NAME}rc`,
    `.${CONFIG_MODULE_NAME}rc.json`,
    `.${CONFIG_MODULE_NAME}rc.yaml`,
    `.${CONFIG_MODULE_NAME}rc.yml`,
    `.${CONFIG_MODULE_NAME}rc.js`,
    `.${CONFIG_MODULE_NAME}rc.mjs`,
    `${CONFIG_MODULE_NAME}.config.js`,
    `${CONFIG_MODULE_NAME}.config.mjs`,
    `${CONFIG_MODULE_NAME}.config.json`,
  ],
})

/**
 * Finds and validates the config: `explicitPath` (--config) when given, else cosmiconfig's search from
 * `searchFrom` up to the project root. Relative paths inside the file are relative to the file.
 */
export async function loadConfig(options: {explicitPath?: string; searchFrom?: string} = {}): Promise<LoadedConfig> {
  let result: {config: unknown; filepath: string; isEmpty?: boolean} | null
  const where = options.explicitPath ? path.resolve(options.explicitPath) : undefined
  try {
    result = where ? await explorer.load(where) : await explorer.search(options.searchFrom ?? process.cwd())
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const notFound = (error as NodeJS.ErrnoException)?.code === 'ENOENT'
    throw new CodexMcpError(
      notFound ? `Config file not found: ${where}` : `Could not read config${where ? ` ${where}` : ''}: ${message}`,
      {kind: 'invalid-config', fix: notFound ? 'Check the --config path.' : 'Fix the file\'s syntax.', cause: error},
    )
  }
  if (!result || result.isEmpty) return {config: {}, filepath: result?.filepath}
  return {config: validateConfig(result.config, result.filepath), filepath: result.filepath}
}

export function validateConfig(raw: unknown, filepath: string): Config {
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const lines = formatZodIssues(parsed.error, raw)
    throw new CodexMcpError(`Invalid config in ${filepath}:\n  ${lines.join('\n  ')}`, {
      kind: 'invalid-config',
      fix: 'Correct the keys above; the config reference is in the README ("Configuration").',
    })
  }
  const config = parsed.data
  const base = path.dirname(filepath)
  return {
    ...config,
    ...(config.cwd ? {cwd: path.resolve(base, config.cwd)} : {}),
    ...(config.codexPath && config.codexPath.includes('/') ? {codexPath: path.resolve(base, config.codexPath)} : {}),
    ...(config.stateDir ? {stateDir: path.resolve(base, config.stateDir)} : {}),
    ...(config.allowedRoots ? {allowedRoots: config.allowedRoots.map((root) => path.resolve(base, root))} : {}),
  }
}
