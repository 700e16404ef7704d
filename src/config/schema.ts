import {z} from 'zod'

export const sandboxModes = ['danger-full-access', 'workspace-write', 'read-only'] as const
export const reasoningEfforts = ['minimal', 'low', 'medium', 'high', 'xhigh'] as const
/** How agents run: a fresh `codex exec` each, or threads of one warm `codex app-server`. */
export const engines = ['exec', 'app-server'] as const

const MAX_OUTPUT_SCHEMA_CHARS = 64 * 1024

/** An environment variable name as a POSIX shell accepts it. */
export const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name (letters, digits, _)')

/**
 * The per-agent settings every entry point shares: MCP tool arguments, tasks files, CLI flags and the
 * config file. One schema, so the four can never drift apart.
 */
export const agentSettingsSchema = z.object({
  cwd: z.string().min(1).optional().describe('Working directory of the agent (absolute, or relative to the server). Default: the server\'s working directory.'),
  model: z.string().min(1).optional().describe('Codex model, e.g. "gpt-5-codex". Default: Codex\'s own config.'),
  profile: z.string().min(1).optional().describe('Codex config profile (codex -p). Default: none.'),
  sandbox: z
    .enum(sandboxModes)
    .optional()
    .describe('Sandbox: "danger-full-access" (default; no sandbox, no approvals), "workspace-write" or "read-only".'),
  reasoningEffort: z.enum(reasoningEfforts).optional().describe('Model reasoning effort. Default: Codex\'s own config.'),
  timeoutMs: z.number().int().positive().optional().describe('Kill the agent after this many milliseconds. Default: 1800000 (30 min).'),
  outputSchema: z
    .record(z.string(), z.unknown())
    .refine((schema) => JSON.stringify(schema).length <= MAX_OUTPUT_SCHEMA_CHARS, {message: `must be at most ${64 * 1024} characters of JSON`})
    .optional()
    .describe('A JSON Schema the final answer must follow (Codex --output-schema). The result then adds `structured`: the answer parsed as JSON. Default: none.'),
})
export type AgentSettings = z.infer<typeof agentSettingsSchema>

/** Codex 0.169 rejects longer input with a backtrace; we say so before starting it. */
export const MAX_PROMPT_CHARS = 1_048_576

export const promptSchema = z
  .string({error: (issue) => (issue.input === undefined ? 'Required: what the agent should do' : undefined)})
  .min(1, {message: 'must not be empty: give the agent something to do', abort: true})
  .refine((prompt) => prompt.trim() !== '', 'must not be empty: give the agent something to do')
  .refine((prompt) => prompt.length <= MAX_PROMPT_CHARS, {message: `is longer than Codex accepts (${MAX_PROMPT_CHARS} characters)`})
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
    heartbeatMs: z.number().int().positive().optional().describe('Progress heartbeat interval in ms while an agent is silent (default 15000).'),
    reconnectTimeoutMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Fail after this long of nothing but "Reconnecting…" notices (default 60000).'),
    stateDir: z.string().min(1).optional().describe('Where background jobs are kept (default $XDG_STATE_HOME/codex-mcp).'),
    maxFinishedJobs: z.number().int().positive().optional().describe('Finished background jobs kept, newest first (default 200).'),
    finishedJobTtlMs: z.number().int().positive().optional().describe('Finished background jobs older than this are forgotten (default 7 days).'),
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
} as const satisfies Partial<Config>
