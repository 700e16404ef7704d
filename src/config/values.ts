import * as z from 'zod'

/** The value lists and value schemas of settings: each written once, used by the settings table, the flags and the tools. */

export const sandboxModes = ['danger-full-access', 'workspace-write', 'read-only'] as const
export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh'] as const
export const isolationModes = ['none', 'worktree'] as const
/** How agents run: `auto` (default: app-server where it helps and the Codex can, else exec), a fresh `codex exec` each, or threads of one warm `codex app-server`. */
export const engines = ['auto', 'exec', 'app-server'] as const
/** "never": agents never ask; "ask": sandboxed agents may ask a person to allow more (app-server engine). */
export const approvalModes = ['never', 'ask'] as const

export const MAX_OUTPUT_SCHEMA_CHARS = 64 * 1024

/** An environment variable name as a POSIX shell accepts it. */
export const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name (letters, digits, _)')

/**
 * Values that end up on Codex's argv are checked by kind, so none can ever read as a flag or a path: they may
 * come from a tool call, i.e. from a model that may be prompt-injected.
 */
export const THREAD_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const threadIdSchema = z
  .string()
  .regex(THREAD_ID_PATTERN, 'must be a Codex thread id: the UUID in an earlier agent\'s result, e.g. 019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b')
  .describe('The threadId from an earlier agent\'s result (a UUID).')
/** Model ids as providers spell them: `gpt-5-codex`, `openai/gpt-4.1`, `llama3.1:70b`. */
export const modelNameSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, 'must be a model id (letters, digits and . _ : / @ + -, not starting with a symbol), e.g. "gpt-5-codex"')
/** A Codex profile name: `-p NAME` layers `$CODEX_HOME/NAME.config.toml`, so no path separators. */
export const profileNameSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a Codex profile name (letters, digits, . _ -, not starting with a symbol)')

/** How long a blocking call (spawn_agent…) may block before it answers `running` with a job to wait for. */
export const detachAfterMsSchema = z
  .number()
  .int()
  .nonnegative()
  .describe('Return after this many milliseconds with status "running", a jobId and the next call, while the agents keep running in the background (default: just under the client\'s tool-call deadline when known, else never).')
