import {CodexMcpError, type ErrorKind} from '../errors.js'

/** The three ways a provider credential reaches the spawned Codex (doctor and errors both show them). */
export function envKeyFix(variable: string): string {
  return [
    `set ${variable} where codex-mcp runs. Three ways:`,
    `(1) in your MCP client's server entry: "env": {"${variable}": "..."};`,
    `(2) codex-mcp serve --env ${variable}=... (or "env" in .codex-mcprc.json);`,
    `(3) codex mcp add codex-mcp --env ${variable}=... -- codex-mcp serve`,
  ].join(' ')
}

/** Codex sometimes reports a provider's HTTP error body verbatim: `{"error":{"message":...}}`. */
function unwrapProviderJson(message: string): string | undefined {
  const start = message.indexOf('{')
  if (start === -1) return undefined
  try {
    const body = JSON.parse(message.slice(start))
    const inner = body?.error?.message ?? body?.message
    if (typeof inner !== 'string') return undefined
    const code = body?.error?.code ?? body?.error?.type
    return code ? `${inner} (${code})` : inner
  } catch {
    return undefined
  }
}

/** Turns Codex's failure text (turn.failed / error event) into a typed error a user can act on. */
export function classifyFailure(message: string, context: {threadId?: string; stderrTail?: string; exitCode?: number | null}): CodexMcpError {
  const base = {threadId: context.threadId, stderrTail: context.stderrTail, exitCode: context.exitCode}
  const missing = /Missing environment variable: `?([A-Za-z_][A-Za-z0-9_]*)`?/.exec(message)
  if (missing) {
    return new CodexMcpError(`Codex's model provider needs the environment variable ${missing[1]}, which is not set.`, {
      ...base,
      kind: 'missing-env-key',
      fix: envKeyFix(missing[1]),
    })
  }
  const unwrapped = unwrapProviderJson(message)
  const text = unwrapped ?? message
  let kind: ErrorKind = 'turn-failed'
  let retryable = false
  let fix: string | undefined
  if (/\b401\b|unauthori[sz]ed|invalid api key|not logged in|authentication|login/i.test(text)) {
    kind = 'auth'
    fix = 'run `codex login` (or check the provider API key in the environment Codex gets)'
  } else if (/\b429\b|rate.?limit|usage limit|quota|too many requests/i.test(text)) {
    kind = 'rate-limited'
    retryable = true
  } else if (unwrapped || /\b5\d\d\b|high demand|stream disconnected|server error|overloaded|unexpected status/i.test(text)) {
    kind = 'provider-error'
    retryable = !unwrapped || /\b5\d\d\b|server_error|overloaded/i.test(text)
  }
  const prefix = kind === 'turn-failed' ? 'Codex agent failed' : 'Codex\'s model provider returned an error'
  return new CodexMcpError(`${prefix}: ${text}`, {...base, kind, retryable, fix})
}
