import {envKeyFix} from '../../runner/classify-failure.js'
import type {DoctorContext} from '../context.js'
import {firstLine} from '../probe.js'
import {check, type CheckResult} from '../types.js'

/** Variables Codex 0.169 takes as an OpenAI API key for the built-in provider. */
export const OPENAI_KEY_VARIABLES = ['OPENAI_API_KEY', 'CODEX_API_KEY'] as const

type CredentialContext = Pick<DoctorContext, 'codexConfig' | 'env' | 'flagEnv' | 'codexMcpConfig' | 'probe' | 'version'>

/** Where a variable of the merged environment came from (the last layer that set it wins, as in mergeEnv). */
export function envSource(ctx: Pick<DoctorContext, 'flagEnv' | 'codexMcpConfig'>, variable: string): string {
  if (variable in ctx.flagEnv) return '--env'
  if (ctx.codexMcpConfig.fileConfig.env && variable in ctx.codexMcpConfig.fileConfig.env) return `"env" in ${ctx.codexMcpConfig.filepath ?? 'the codex-mcp config'}`
  return 'this shell\'s environment; an MCP client starts codex-mcp with its own, so pass it there too'
}

/** Never the value: at most its length. */
function described(ctx: CredentialContext, variable: string): string {
  return `set, ${ctx.env[variable].length} chars, from ${envSource(ctx, variable)}`
}

/** A custom provider's env_key, checked against the environment the runner gives Codex. */
export function envKeyCheck(ctx: CredentialContext, providerId: string, variable: string): CheckResult {
  const value = ctx.env[variable]
  if (!value) {
    const state = value === '' ? 'is set but empty' : 'is not set'
    return check(
      'credentials',
      'fail',
      `Model provider "${providerId}" reads its API key from ${variable} (env_key), which ${state} in the environment codex-mcp gives Codex: every agent would fail with "Missing environment variable".`,
      envKeyFix(variable),
    )
  }
  return check('credentials', 'pass', `${variable} (env_key of provider "${providerId}"): ${described(ctx, variable)}`)
}

/** The built-in OpenAI provider: `codex login status`, else an API key variable. */
export async function openaiAuthCheck(ctx: CredentialContext, providerId: string): Promise<CheckResult> {
  // A binary that is not a working Codex (see the version check) says nothing trustworthy about logins.
  const working = (await ctx.version()).state === 'ok'
  const status = working ? await ctx.probe('login', 'status') : undefined
  const said = status ? firstLine(status.stderr) || firstLine(status.stdout) : ''
  if (status && status.exitCode === 0 && !/not logged in/i.test(said)) {
    return check('credentials', 'pass', `Codex login: ${said || 'logged in'} (\`codex login status\` exit 0)`)
  }
  const keyVariable = OPENAI_KEY_VARIABLES.find((variable) => ctx.env[variable])
  if (keyVariable) {
    return check('credentials', 'pass', `Provider "${providerId}": not logged in, but ${keyVariable} is ${described(ctx, keyVariable)}`)
  }
  const how = !status
    ? 'could not run `codex login status`: no working Codex'
    : status.timedOut
      ? '`codex login status` did not answer in time'
      : status.startError
        ? `\`codex login status\` could not start: ${status.startError}`
        : `\`codex login status\`: ${said ? JSON.stringify(said) : 'no output'}, exit ${status.exitCode}`
  const {location} = ctx.codexConfig
  const login = location.fromEnv ? `CODEX_HOME=${location.codexHome} codex login` : 'codex login'
  return check(
    'credentials',
    'fail',
    `Not logged in to Codex (${how}) and neither ${OPENAI_KEY_VARIABLES.join(' nor ')} is set in the environment codex-mcp gives Codex.`,
    `run \`${login}\` (ChatGPT account), or \`printenv OPENAI_API_KEY | ${login} --with-api-key\`; or ${envKeyFix('OPENAI_API_KEY')}`,
  )
}

/** The active provider's credential: env_key (custom provider) or login / API key (OpenAI auth). */
export async function credentialsCheck(ctx: CredentialContext): Promise<CheckResult[]> {
  const {provider} = ctx.codexConfig
  if (!provider) return []
  const definition = provider.definition
  if (typeof definition?.env_key === 'string' && definition.env_key) return [envKeyCheck(ctx, provider.id, definition.env_key)]
  if (typeof definition?.experimental_bearer_token === 'string' && definition.experimental_bearer_token) {
    return [check('credentials', 'pass', `Provider "${provider.id}": a bearer token is set in Codex's config (experimental_bearer_token)`)]
  }
  if ((provider.id === 'openai' && !definition) || definition?.requires_openai_auth === true) return [await openaiAuthCheck(ctx, provider.id)]
  return [check('credentials', 'info', `Provider "${provider.id}" has no env_key and needs no OpenAI login: no credential to check`)]
}
