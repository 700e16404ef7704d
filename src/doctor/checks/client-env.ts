import type {DoctorContext} from '../context.js'
import {mcpServers, type McpServerEntry, mcpTableHeader} from '../codex-config.js'
import {check, type CheckResult} from '../types.js'
import {runsCodexMcpServe} from './client-deadlines.js'
import {OPENAI_KEY_VARIABLES} from './credentials.js'

/**
 * What Codex 0.169 gives a stdio MCP server besides its `env` and `env_vars` (seen: HOME, PATH, LANG, SHELL,
 * TERM, PWD and CA-bundle variables). A provider key in Codex's own environment does not reach codex-mcp.
 */
export const CODEX_MCP_SERVER_BASE_ENV = ['HOME', 'PATH', 'LANG', 'SHELL', 'TERM', 'PWD']

/** How an entry hands `variable` to codex-mcp, if it does. */
export function entryProvides(entry: Pick<McpServerEntry, 'args' | 'envNames' | 'envVars'>, variable: string): string | undefined {
  if (entry.envNames.includes(variable)) return 'its env table'
  if (entry.envVars.includes(variable)) return 'env_vars'
  const {args} = entry
  for (let i = 0; i < args.length; i++) {
    const pair = args[i] === '--env' ? args[i + 1] : args[i].startsWith('--env=') ? args[i].slice('--env='.length) : undefined
    if (pair?.startsWith(`${variable}=`)) return 'serve --env'
  }
  return undefined
}

/** The credential variable codex-mcp's agents need, when it must come from the environment. */
async function neededVariables(ctx: Pick<DoctorContext, 'codexConfig' | 'probe'>): Promise<string[] | undefined> {
  const {provider} = ctx.codexConfig
  if (!provider) return undefined
  const envKey = provider.definition?.env_key
  if (typeof envKey === 'string' && envKey) return [envKey]
  if ((provider.id === 'openai' && !provider.definition) || provider.definition?.requires_openai_auth === true) {
    const status = await ctx.probe('login', 'status')
    // Logged in: the key lives in CODEX_HOME's auth.json, not in the environment.
    if (status?.exitCode === 0 && !/not logged in/i.test(status.stderr + status.stdout)) return undefined
    return [...OPENAI_KEY_VARIABLES]
  }
  return undefined
}

/**
 * Where Codex starts codex-mcp itself: Codex passes a stdio server only a few variables plus the entry's
 * `env`/`env_vars`, so the provider key must be named there (or given as `serve --env`).
 */
export async function clientEnvChecks(ctx: Pick<DoctorContext, 'codexConfig' | 'probe' | 'codexMcpConfig'>): Promise<CheckResult[]> {
  const entries = mcpServers(ctx.codexConfig).filter((entry) => entry.enabled && runsCodexMcpServe(entry))
  if (entries.length === 0) return []
  const needed = await neededVariables(ctx)
  if (!needed) return []
  const fromConfigFile = needed.find((variable) => ctx.codexMcpConfig.fileConfig.env?.[variable] !== undefined)
  return entries.map((entry) => {
    const id = `client-env:${entry.name}`
    const header = mcpTableHeader(entry.name)
    for (const variable of needed) {
      const how = entryProvides(entry, variable)
      if (how) return check(id, 'pass', `${header} passes ${variable} to codex-mcp (${how})`)
    }
    if (fromConfigFile) return check(id, 'pass', `${header}: codex-mcp reads ${fromConfigFile} from "env" in ${ctx.codexMcpConfig.filepath}`)
    const variable = needed[0]
    return check(
      id,
      'warn',
      `Codex starts ${header} (codex-mcp serve) with only ${CODEX_MCP_SERVER_BASE_ENV.join(', ')} and the entry's env/env_vars: ${variable} does not reach it, so agents started through Codex fail with "Missing environment variable".`,
      `add under ${header} in ${entry.file}: env_vars = ["${variable}"] (forwards it from Codex's environment), or env = { ${variable} = "..." }`,
    )
  })
}
