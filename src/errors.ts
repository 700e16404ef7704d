/** Every way an agent run (or its input) can fail, as a value a caller can branch on. */
export const errorKinds = [
  'codex-not-found',
  /** Codex (or its app-server) could not be started. */
  'spawn-failed',
  /** A git command failed (worktree isolation, apply, discard). */
  'git-failed',
  /** The shared engine process (codex app-server) died while the agent ran: retryable. */
  'engine-crashed',
  /** Codex sent a message the engine's schemas do not accept (an untested Codex changed its protocol): retryable. */
  'protocol-mismatch',
  'missing-env-key',
  'provider-error',
  'provider-unreachable',
  /** A host's exec-server (hosts) could not be reached, or went away while its agent ran. */
  'host-unreachable',
  'auth',
  'rate-limited',
  'turn-failed',
  'exit-nonzero',
  'timeout',
  'cancelled',
  'bad-cwd',
  'invalid-input',
  'invalid-config',
  'unknown-thread',
  /** The call asked for more than the human who started codex-mcp allowed (sandbox, directory, profile). */
  'forbidden',
  'conflict',
  'invalid-output',
  /** A bug in codex-mcp. */
  'internal',
] as const

export type ErrorKind = (typeof errorKinds)[number]

export interface CodexMcpErrorDetails {
  kind: ErrorKind
  retryable?: boolean
  /** How the user can fix it: a command to run or a line to add. */
  fix?: string
  exitCode?: number | null
  signal?: string | null
  timedOut?: boolean
  stderrTail?: string
  threadId?: string
  cause?: unknown
}

/** One rich error, like execa's: a kind to branch on, a short message to show, details to debug. */
export class CodexMcpError extends Error {
  readonly kind: ErrorKind
  readonly retryable: boolean
  readonly fix?: string
  readonly exitCode?: number | null
  readonly signal?: string | null
  readonly timedOut: boolean
  readonly stderrTail?: string
  readonly threadId?: string
  /** The message without the fix or stderr tail. */
  readonly shortMessage: string

  constructor(shortMessage: string, details: CodexMcpErrorDetails) {
    const parts = [shortMessage]
    if (details.fix) parts.push(`Fix: ${details.fix}`)
    super(parts.join('\n'), {cause: details.cause})
    this.name = 'CodexMcpError'
    this.shortMessage = shortMessage
    this.kind = details.kind
    this.retryable = details.retryable ?? false
    this.fix = details.fix
    this.exitCode = details.exitCode
    this.signal = details.signal
    this.timedOut = details.timedOut ?? false
    this.stderrTail = details.stderrTail
    this.threadId = details.threadId
  }

  /** The serialisable shape used in results (MCP structuredContent, --json, results.json). */
  toJSON(): AgentErrorInfo {
    return {
      kind: this.kind,
      message: this.shortMessage,
      retryable: this.retryable,
      ...(this.fix ? {fix: this.fix} : {}),
      ...(this.stderrTail ? {stderrTail: this.stderrTail} : {}),
    }
  }
}

export interface AgentErrorInfo {
  kind: ErrorKind
  message: string
  retryable: boolean
  fix?: string
  stderrTail?: string
}

/** Wraps anything thrown into a CodexMcpError; an unexpected one is a bug and says how to report it. */
export function toCodexMcpError(error: unknown): CodexMcpError {
  if (error instanceof CodexMcpError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new CodexMcpError(`Unexpected error: ${message}`, {
    kind: 'internal',
    fix: 'This is a bug in codex-mcp; please report it with the command you ran at https://github.com/codex-mcp/codex-mcp/issues',
    cause: error,
  })
}
