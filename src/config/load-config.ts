import {existsSync, readFileSync} from 'node:fs'
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

const SEARCH_PLACES = [
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
]

/** cosmiconfig (with its YAML and JS loaders) loads only when there may be a config to read. */
let explorer: ReturnType<typeof import('cosmiconfig').cosmiconfig> | undefined
async function getExplorer() {
  // A CommonJS package: its exports object is the default export, both in Node and in the bundles' chunks.
  const {cosmiconfig} = ((await import('cosmiconfig')) as unknown as {default: typeof import('cosmiconfig')}).default
  explorer ??= cosmiconfig(CONFIG_MODULE_NAME, {searchStrategy: 'project', searchPlaces: SEARCH_PLACES})
  return explorer
}

/**
 * Whether cosmiconfig's search from `dir` could find anything: a config file, or a package.json naming
 * codex-mcp, in `dir` or any directory above it (a superset of where the project search looks). Most runs
 * have no config file: they start Codex without loading cosmiconfig.
 */
export function mayHaveConfig(dir: string): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const place of SEARCH_PLACES) {
      const file = path.join(current, place)
      if (!existsSync(file)) continue
      if (place !== 'package.json') return true
      try {
        // A "codex-mcp" key anywhere (conservative: also the one under "bin"); the package's own name is not one.
        if (new RegExp(`"${CONFIG_MODULE_NAME}"\\s*:`).test(readFileSync(file, 'utf8'))) return true
      } catch {
        return true // unreadable: let cosmiconfig say what is wrong
      }
    }
    if (path.dirname(current) === current) return false
  }
}

/**
 * Finds and validates the config: `explicitPath` (--config) when given, else cosmiconfig's search from
 * `searchFrom` up to the project root. Relative paths inside the file are relative to the file.
 */
export async function loadConfig(options: {explicitPath?: string; searchFrom?: string} = {}): Promise<LoadedConfig> {
  let result: {config: unknown; filepath: string; isEmpty?: boolean} | null
  const where = options.explicitPath ? path.resolve(options.explicitPath) : undefined
  try {
    const from = options.searchFrom ?? process.cwd()
    result = where ? await (await getExplorer()).load(where) : mayHaveConfig(from) ? await (await getExplorer()).search(from) : null
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
