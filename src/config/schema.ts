import * as z from 'zod'

import {hostNameSchema, hostsSchema} from '../hosts/schema.js'
import {durationSchema} from './duration.js'

export const sandboxModes = ['danger-full-access', 'workspace-write', 'read-only'] as const
export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh'] as const
export const isolationModes = ['none', 'worktree'] as const
/** How agents run: a fresh `codex exec` each, or threads of one warm `codex app-server`. */
export const engines = ['exec', 'app-server'] as const

const MAX_OUTPUT_SCHEMA_CHARS = 64 * 1024

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

/**
 * The per-agent settings every entry point shares: MCP tool arguments, tasks files, CLI flags and the
 * config file. One schema, so the four can never drift apart.
 */
export const agentSettingsSchema = z.object({
  cwd: z
    .string()
    .min(1)
    .optional()
    .describe('Working directory of the agent (absolute, or relative to the server\'s). Must be inside the server\'s allowed roots (default: its working directory). Default: the server\'s working directory.'),
  model: modelNameSchema.optional().describe('Codex model, e.g. "gpt-5-codex". Default: Codex\'s own config.'),
  profile: profileNameSchema.optional().describe('Codex config profile (codex -p). Default: none. The server may refuse per-call profiles (allowPerCallProfile).'),
  sandbox: z
    .enum(sandboxModes)
    .optional()
    .describe('Sandbox: "read-only", "workspace-write" or "danger-full-access" (no sandbox, no approvals). Default: the server\'s. A call may ask for the server\'s sandbox or a stricter one, never a looser one.'),
  reasoningEffort: z.enum(reasoningEfforts).optional().describe('Model reasoning effort. Default: Codex\'s own config.'),
  timeoutMs: durationSchema()
    .optional()
    .describe('Kill the agent after this long: milliseconds, or a string such as "90s", "10m", "1h" (at most 2147483647 ms). Default: 1800000 (30 min).'),
  isolation: z
    .enum(isolationModes)
    .optional()
    .describe('"worktree": the agent works in its own git worktree on a new branch (your tree untouched; apply_workspace brings its changes in). Default "none": it works in cwd itself.'),
  outputSchema: z
    .record(z.string(), z.unknown())
    .refine((schema) => JSON.stringify(schema).length <= MAX_OUTPUT_SCHEMA_CHARS, {message: `must be at most ${64 * 1024} characters of JSON`})
    .optional()
    .describe('A JSON Schema the final answer must follow (Codex --output-schema). The result then adds `structured`: the answer parsed as JSON. Default: none.'),
  host: hostNameSchema
    .optional()
    .describe('The configured host whose exec-server runs the agent\'s commands (its model calls stay here). Default: the least busy reachable host; without hosts configured, this machine.'),
})
export type AgentSettings = z.infer<typeof agentSettingsSchema>

/** Codex 0.169 rejects longer input with a backtrace; we say so before starting it. */
export const MAX_PROMPT_CHARS = 1_048_576

/** Characters as Codex counts them (Unicode code points), not UTF-16 units: an emoji is one, not two. */
export function countChars(text: string): number {
  let pairs = 0
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++
        i++
      }
    }
  }
  return text.length - pairs
}

export const promptSchema = z
  .string({error: (issue) => (issue.input === undefined ? 'Required: what the agent should do' : undefined)})
  .min(1, {message: 'must not be empty: give the agent something to do', abort: true})
  .refine((prompt) => prompt.trim() !== '', 'must not be empty: give the agent something to do')
  .refine((prompt) => prompt.length <= MAX_PROMPT_CHARS || countChars(prompt) <= MAX_PROMPT_CHARS, {message: `is longer than Codex accepts (${MAX_PROMPT_CHARS} characters)`})
  .describe('The complete task for the agent. It sees nothing of your conversation: include file paths, constraints and what "done" means.')

/**
 * One agent of a batch: what to do, a label, and the shared settings. The same schema for
 * `spawn_agents_parallel`'s agents and a tasks file's tasks.
 */
export const agentTaskSchema = agentSettingsSchema.extend({
  prompt: promptSchema,
  name: z.string().min(1).max(200).optional().describe('A short label for this agent, shown in progress, results and output file names.'),
})
export type AgentTask = z.infer<typeof agentTaskSchema>

/** How long a blocking call (spawn_agent…) may block before it answers `running` with a job to wait for. */
export const detachAfterMsSchema = z
  .number()
  .int()
  .nonnegative()
  .describe('Return after this many milliseconds with status "running", a jobId and the next call, while the agents keep running in the background (default: just under the client\'s tool-call deadline when known, else never).')

/** codex-mcp's config file (cosmiconfig, module name `codex-mcp`). Unknown keys are errors: a typo must not be silently ignored. */
export const configSchema = agentSettingsSchema
  .extend({
    codexPath: z.string().min(1).optional().describe('Path of the codex executable to run.'),
    approvals: z
      .enum(['never', 'ask'])
      .optional()
      .describe('"never" (default): agents never ask; "ask" (app-server engine): sandboxed agents may ask to go beyond it, and a person decides.'),
    approvalTimeoutMs: z.number().int().positive().optional().describe('Decline an approval nobody answered within this many ms (default 300000).'),
    engine: z.enum(engines).optional().describe('How agents run: "exec" (default; a codex exec per agent) or "app-server" (threads of one warm codex app-server).'),
    maxConcurrency: z.number().int().positive().optional().describe('Agents running at once (default 4).'),
    maxParallelAgents: z.number().int().positive().optional().describe('Most agents one spawn_agents_parallel call may ask for (default 32).'),
    env: z.record(envNameSchema, z.string()).optional().describe('Extra environment for Codex, e.g. a provider env_key.'),
    configOverrides: z
      .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Codex `-c key=value` overrides; values are TOML.'),
    heartbeatMs: durationSchema().optional().describe('Progress heartbeat interval in ms while an agent is silent (default 15000).'),
    reconnectTimeoutMs: durationSchema()
      .optional()
      .describe('Fail after this long of nothing but "Reconnecting…" notices (default 60000).'),
    sandboxCeiling: z
      .enum(sandboxModes)
      .optional()
      .describe('The loosest sandbox a tool call or task may ask for (default: `sandbox`, i.e. the server\'s own).'),
    allowedRoots: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Directories agents may work in (a cwd must resolve inside one, symlinks followed). Default: `cwd`, else where codex-mcp was started.'),
    allowPerCallProfile: z.boolean().optional().describe('Whether a tool call or task may choose a Codex profile (default true).'),
    maxEventLineBytes: z
      .number()
      .int()
      .min(1024)
      .optional()
      .describe('Longest Codex event line kept in memory (default 8 MiB); a longer one is skipped with a notice on the result.'),
    maxOutputChars: z
      .number()
      .int()
      .min(1000)
      .max(1_000_000)
      .optional()
      .describe('Most characters of agents\' final messages one MCP tool result carries (default 60000); the rest is in a file and a resource.'),
    maxRequestBytes: z
      .number()
      .int()
      .min(65_536)
      .optional()
      .describe('Longest JSON-RPC message serve reads (default 32 MiB); a longer one is answered with an error.'),
    stateDir: z.string().min(1).optional().describe('Where background jobs are kept (default $XDG_STATE_HOME/codex-mcp).'),
    maxFinishedJobs: z.number().int().positive().optional().describe('Finished background jobs kept, newest first (default 200).'),
    finishedJobTtlMs: durationSchema(Number.MAX_SAFE_INTEGER).optional().describe('Finished background jobs older than this are forgotten (default 7 days).'),
    detachAfterMs: detachAfterMsSchema.optional(),
    hosts: hostsSchema.optional(),
  })
  .strict()
export type Config = z.infer<typeof configSchema>

export const defaults = {
  sandbox: 'danger-full-access',
  timeoutMs: 30 * 60 * 1000,
  maxConcurrency: 4,
  maxParallelAgents: 32,
  heartbeatMs: 15_000,
  reconnectTimeoutMs: 60_000,
  approvalTimeoutMs: 300_000,
  maxFinishedJobs: 200,
  finishedJobTtlMs: 7 * 24 * 3600 * 1000,
  maxOutputChars: 60_000,
} as const satisfies Partial<Config>
