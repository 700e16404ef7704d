import {readFileSync} from 'node:fs'
import {parseEnv} from 'node:util'

import {CodexMcpError} from '../errors.js'
import {envNameSchema} from './values.js'

/**
 * Parses --env values: `KEY=VALUE`, or a bare `KEY` whose value comes from `ownEnv` (codex-mcp's own
 * environment), which keeps a secret out of the process's argv. A bad pair names itself, never its value.
 */
export function parseEnvPairs(pairs: readonly string[], source = '--env', ownEnv?: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const key = eq === -1 ? pair : pair.slice(0, eq)
    if ((eq === -1 && !ownEnv) || !envNameSchema.safeParse(key).success) {
      const shown = eq === -1 ? `\`${key}\` (no "=")` : `\`${key}\` (not a valid variable name)`
      throw new CodexMcpError(`Invalid ${source} value ${shown}: expected KEY=VALUE, e.g. ${source} OPENROUTER_API_KEY=sk-...`, {
        kind: 'invalid-input',
      })
    }
    if (eq === -1) {
      const value = ownEnv![key]
      if (value === undefined) {
        throw new CodexMcpError(`${source} ${key}: ${key} is not set in codex-mcp's own environment.`, {
          kind: 'invalid-input',
          fix: `Set ${key} in the environment that starts codex-mcp (an MCP client's "env" block), or use --env-file.`,
        })
      }
      env[key] = value
    } else {
      env[key] = pair.slice(eq + 1)
    }
  }
  return env
}

/** `KEY=VALUE` lines (dotenv syntax: comments, quotes, `export`), parsed by Node's own util.parseEnv. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CodexMcpError(`Cannot read --env-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      kind: 'invalid-input',
      fix: 'Check the path (relative paths are relative to the current directory).',
    })
  }
  const parsed = parseEnv(text) as Record<string, string>
  const bad = Object.keys(parsed).filter((key) => !envNameSchema.safeParse(key).success)
  if (bad.length > 0) {
    throw new CodexMcpError(`--env-file ${file}: not valid variable names: ${bad.map((key) => `\`${key}\``).join(', ')}`, {kind: 'invalid-input'})
  }
  return parsed
}
