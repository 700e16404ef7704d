/**
 * Every setting, one row each: its schema in the config file (and, for per-agent settings, in tool arguments
 * and tasks files), its command-line flags, how flag values become the setting, its environment variable and
 * its README line. Produced from it: the config schema (./schema.ts), the oclif flags (src/cli/flags.ts), the
 * fast `serve` parser (src/cli/fast-serve.ts), the flags → settings mapping (src/cli/settings.ts) and the
 * README's Configuration table (scripts/readme-tables.mjs, checked by test/docs.test.ts).
 *
 * Adding a setting: one row in `agentSettingRows` (per agent: also a tool argument and a task field) or
 * `serverSettingRows` (config file and flags only), its `default` in the row if it has one, then its behaviour.
 * Kept free of oclif and of anything heavy: `serve`'s fast start loads it.
 */
import path from 'node:path'
import * as z from 'zod'

import {CodexMcpError} from '../errors.js'
import {durationSchema} from './duration.js'
import {hostNameSchema, hostsSchema} from './hosts.js'
import {parseEnvPairs, readEnvFile} from './env-flags.js'
import {
  approvalModes,
  detachAfterMsSchema,
  engines,
  envNameSchema,
  isolationModes,
  MAX_OUTPUT_SCHEMA_CHARS,
  modelNameSchema,
  profileNameSchema,
  reasoningEfforts,
  sandboxModes,
} from './values.js'

/** How a flag's text becomes a value: oclif's flag kinds, and what the fast serve parser checks. */
export type FlagKind = 'string' | 'directory' | 'option' | 'integer' | 'duration'
/**
 * Which commands take a flag: every command, those that run agents (spawn, parallel, serve), the one-shot ones
 * (spawn, parallel), or one command.
 */
export type FlagScope = 'all' | 'agents' | 'one-shot' | 'serve' | 'spawn' | 'parallel'
export type HelpGroup = 'SETTINGS' | 'AGENT' | 'LIMITS'

export interface FlagSpec {
  name: string
  char?: string
  kind: FlagKind
  /** `option` flags: the values it takes. */
  options?: readonly string[]
  /** `integer` flags: the least value. */
  min?: number
  /** `integer` flags: the greatest value. */
  max?: number
  /** Repeatable. */
  multiple?: boolean
  /** The flag's help text. */
  description: string
  helpGroup?: HelpGroup
  scope: FlagScope
}

export interface SettingRow<S extends z.ZodType = z.ZodType, D = unknown> {
  /** The setting as the config file (and run options) name it, and as its schema checks it. */
  schema: S
  /** The value when nothing sets it: `defaults.<key>` for the code, the README's default column. */
  default?: D
  /** The README's default column when the value alone does not say it (or there is no one value). */
  defaultText?: string
  /** The README's "what it does" column. */
  readme: string
  flags?: readonly FlagSpec[]
  /** The README's flag column when the flag names alone do not say enough. */
  readmeFlags?: string
  /** Flag values (by flag name) → the setting; default: the value of whichever of its flags was given. */
  fromFlags?: (values: Readonly<Record<string, unknown>>) => unknown
  /** An environment variable the setting falls back to when neither the config nor a flag sets it. */
  envVar?: string
}

const row = <S extends z.ZodType, const D = undefined>(setting: SettingRow<S, D> & {default?: D & z.output<S>}) => setting

/** --agent-mcp-servers: "inherit", "none", or names separated by commas. */
export function parseAgentMcpServers(value: string | undefined): 'inherit' | 'none' | string[] | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === 'inherit' || trimmed === 'none') return trimmed
  const names = trimmed.split(',').map((name) => name.trim()).filter(Boolean)
  if (names.length === 0) {
    throw new CodexMcpError('--agent-mcp-servers is empty: expected inherit, none, or names separated by commas.', {
      kind: 'invalid-input',
      fix: 'Pass e.g. --agent-mcp-servers none, or --agent-mcp-servers docs,github.',
    })
  }
  return names
}

/** `--config`: where settings come from, not a setting itself; every command takes it. */
export const configFileFlag: FlagSpec = {
  name: 'config',
  kind: 'string',
  description: 'Path of a codex-mcp config file (default: searched from the working directory).',
  helpGroup: 'SETTINGS',
  scope: 'all',
}

/** The settings of one agent: config file, flags, MCP tool arguments and tasks files share these schemas. */
export const agentSettingRows = {
  cwd: row({
    schema: z
      .string()
      .min(1)
      .optional()
      .describe('Working directory of the agent (absolute, or relative to the server\'s). Must be inside the server\'s allowed roots (default: its working directory). Default: the server\'s working directory.'),
    defaultText: 'the current directory',
    readme: 'agents\' working directory (relative to the config file)',
    flags: [{name: 'cd', char: 'C', kind: 'directory', description: 'Working directory of the agents (default: the current directory).', helpGroup: 'AGENT', scope: 'agents'}],
  }),
  model: row({
    schema: modelNameSchema.optional().describe('Codex model, e.g. "gpt-5-codex". Default: Codex\'s own config.'),
    defaultText: 'Codex\'s config',
    readme: '`codex exec -m`',
    flags: [{name: 'model', char: 'm', kind: 'string', description: 'Codex model, e.g. gpt-5-codex (default: Codex\'s config).', helpGroup: 'AGENT', scope: 'agents'}],
  }),
  profile: row({
    schema: profileNameSchema.optional().describe('Codex config profile (codex -p). Default: none. The server may refuse per-call profiles (allowPerCallProfile).'),
    defaultText: 'none',
    readme: '`codex exec -p`',
    flags: [{name: 'profile', kind: 'string', description: 'Codex config profile (codex -p).', helpGroup: 'SETTINGS', scope: 'all'}],
  }),
  sandbox: row({
    default: 'danger-full-access',
    schema: z
      .enum(sandboxModes)
      .optional()
      .describe('Sandbox: "read-only", "workspace-write" or "danger-full-access" (no sandbox, no approvals). Default: the server\'s. A call may ask for the server\'s sandbox or a stricter one, never a looser one.'),
    readme: '`danger-full-access` (no sandbox, no approvals), `workspace-write`, `read-only`',
    flags: [
      {
        name: 'sandbox',
        kind: 'option',
        options: sandboxModes,
        description: 'Sandbox for agent commands. danger-full-access (default) runs with no sandbox and no approvals. Also the loosest a tool call or task may ask for, unless --sandbox-ceiling says otherwise.',
        helpGroup: 'AGENT',
        scope: 'agents',
      },
    ],
  }),
  reasoningEffort: row({
    schema: z.enum(reasoningEfforts).optional().describe('Model reasoning effort. Default: Codex\'s own config.'),
    defaultText: 'Codex\'s config',
    readme: `${reasoningEfforts.map((effort) => `\`${effort}\``).join(', ')} (\`-c model_reasoning_effort=…\`)`,
    flags: [{name: 'reasoning-effort', kind: 'option', options: reasoningEfforts, description: 'Model reasoning effort.', helpGroup: 'AGENT', scope: 'agents'}],
  }),
  timeoutMs: row({
    default: 30 * 60 * 1000,
    schema: durationSchema()
      .optional()
      .describe('Kill the agent after this long: milliseconds, or a string such as "90s", "10m", "1h" (at most 2147483647 ms). Default: 1800000 (30 min).'),
    defaultText: '1800000 (30 min)',
    readme: 'kill an agent after this long (a duration, see below)',
    flags: [{name: 'timeout', kind: 'duration', description: 'Kill an agent after this long: 90s, 10m, 1h or milliseconds (default 30m).', helpGroup: 'AGENT', scope: 'agents'}],
  }),
  isolation: row({
    default: 'none',
    schema: z
      .enum(isolationModes)
      .optional()
      .describe('"worktree": the agent works in its own git worktree on a new branch (your tree untouched; apply_workspace brings its changes in). Default "none": it works in cwd itself.'),
    readme: '`worktree`: each agent in its own git worktree and branch ([Isolated agents](#isolated-agents))',
    flags: [
      {
        name: 'isolation',
        kind: 'option',
        options: isolationModes,
        description: 'worktree: each agent works in its own git worktree on a new branch (apply its changes with `codex-mcp workspaces apply`). none (default): agents work in the directory itself.',
        helpGroup: 'AGENT',
        scope: 'agents',
      },
    ],
  }),
  outputSchema: row({
    schema: z
      .record(z.string(), z.unknown())
      .refine((schema) => JSON.stringify(schema).length <= MAX_OUTPUT_SCHEMA_CHARS, {message: `must be at most ${MAX_OUTPUT_SCHEMA_CHARS} characters of JSON`})
      .optional()
      .describe('A JSON Schema the final answer must follow (Codex\'s output schema, on either engine). The result then adds `structured`: the answer parsed as JSON. Default: none.'),
    defaultText: 'none',
    readme: 'a JSON Schema (at most 64 KB) every agent\'s final answer must follow; results add `structured` (see [Structured output](#structured-output-outputschema))',
  }),
  host: row({
    schema: hostNameSchema
      .optional()
      .describe('The configured host whose exec-server runs the agent\'s commands (its model calls stay here). Default: the least busy reachable host; without hosts configured, this machine.'),
    defaultText: 'the least busy reachable host',
    readme: 'the configured host (one of `hosts`) whose exec-server runs the agents\' commands; anything else is refused (see [Hosts](#hosts-agents-whose-commands-run-on-other-machines))',
    flags: [
      {
        name: 'host',
        kind: 'string',
        description: 'Run the agents\' commands on this configured host (see "hosts" in the config; default: the least busy reachable one). A task\'s own "host" wins.',
        helpGroup: 'AGENT',
        scope: 'one-shot',
      },
    ],
  }),
}

/** The server's settings: config file and flags only, never a tool argument. */
export const serverSettingRows = {
  codexPath: row({
    schema: z.string().min(1).optional().describe('Path of the codex executable to run.'),
    defaultText: 'found (see Install)',
    readme: 'the codex executable to run',
  }),
  approvals: row({
    default: 'never',
    schema: z
      .enum(approvalModes)
      .optional()
      .describe('"never" (default): agents never ask; "ask" (app-server engine): sandboxed agents may ask to go beyond it, and a person decides.'),
    readme: '`ask`: sandboxed agents may ask a person to allow more (app-server engine; see [Engines](#engines-exec-and-app-server))',
    flags: [
      {
        name: 'approvals',
        kind: 'option',
        options: approvalModes,
        description: 'never (default): agents never ask. ask (app-server engine): agents run sandboxed and may ask a person to allow more.',
        helpGroup: 'AGENT',
        scope: 'agents',
      },
    ],
  }),
  approvalTimeoutMs: row({
    default: 300_000,
    schema: z.number().int().positive().optional().describe('Decline an approval nobody answered within this many ms (default 300000).'),
    defaultText: '300000 (5 min)',
    readme: 'decline an approval request nobody answered in this long',
  }),
  engine: row({
    default: 'auto',
    schema: z.enum(engines).optional().describe('How agents run: "auto" (default: app-server in serve when the Codex speaks its protocol, exec for one-shot commands), "exec" (a codex exec per agent) or "app-server" (threads of one warm codex app-server).'),
    readme: '`auto`: app-server where the Codex can run it and it is faster (serve, parallel), else exec; `exec`: a fresh `codex exec` per agent; `app-server`: threads of one warm `codex app-server` (see [Engines](#engines-exec-and-app-server))',
    flags: [
      {
        name: 'engine',
        kind: 'option',
        options: engines,
        description: 'How agents run: auto (default: app-server in serve when the Codex speaks its protocol, else exec), exec (a codex exec per agent) or app-server (threads of one warm codex app-server).',
        helpGroup: 'SETTINGS',
        scope: 'all',
      },
    ],
    envVar: 'CODEX_MCP_ENGINE',
  }),
  maxConcurrency: row({
    default: 4,
    schema: z.number().int().positive().optional().describe('Agents running at once (default 4).'),
    readme: 'agents running at once; the rest queue',
    flags: [
      {name: 'max-concurrency', kind: 'integer', min: 1, description: 'Agents running at once; further calls queue (default 4).', scope: 'serve'},
      {name: 'concurrency', char: 'j', kind: 'integer', min: 1, description: 'Agents running at once (default: config "maxConcurrency", else 4).', scope: 'parallel'},
    ],
  }),
  maxDepth: row({
    default: 1,
    schema: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe('How deep a tree of agents may go (default 1: agents may not start agents). Agents that reach codex-mcp again (through Codex\'s MCP servers) count against the root\'s maxConcurrency, sandboxCeiling and allowedRoots.'),
    readme: 'how deep a tree of agents may go: 1, agents may not start agents through codex-mcp; deeper agents share the root\'s `maxConcurrency` and limits (see [Nested agents](#nested-agents))',
    flags: [
      {
        name: 'max-depth',
        kind: 'integer',
        min: 1,
        max: 10,
        description: 'How deep a tree of agents may go (default 1: an agent may not start agents through codex-mcp). Deeper agents share this server\'s --max-concurrency and limits.',
        helpGroup: 'LIMITS',
        scope: 'agents',
      },
    ],
  }),
  agentMcpServers: row({
    default: 'inherit',
    schema: z
      .union([z.enum(['inherit', 'none']), z.array(z.string().min(1).max(200))])
      .optional()
      .describe('Which of the MCP servers in Codex\'s config the agents get: "inherit" (default) all, "none", or a list of names. codex-mcp\'s own entries are turned off for agents at maxDepth either way.'),
    readme: 'which MCP servers of Codex\'s config agents get: `inherit`, `none` or a list of names; codex-mcp\'s own entries are off for agents at `maxDepth` either way',
    flags: [
      {
        name: 'agent-mcp-servers',
        kind: 'string',
        description: 'Which MCP servers of Codex\'s config the agents get: inherit (default), none, or names separated by commas. codex-mcp\'s own entries are off for agents at --max-depth.',
        helpGroup: 'LIMITS',
        scope: 'agents',
      },
    ],
    fromFlags: (values) => parseAgentMcpServers(values['agent-mcp-servers'] as string | undefined),
  }),
  maxParallelAgents: row({
    default: 32,
    schema: z.number().int().positive().optional().describe('Most agents one spawn_agents_parallel call may ask for (default 32).'),
    readme: 'most agents one `spawn_agents_parallel` or `start_agents` call may ask for',
  }),
  env: row({
    schema: z.record(envNameSchema, z.string()).optional().describe('Extra environment for Codex, e.g. a provider env_key.'),
    defaultText: '`{}`',
    readme: 'extra environment for Codex (provider credentials)',
    flags: [
      {
        name: 'env',
        kind: 'string',
        multiple: true,
        description: 'Environment variable for Codex (repeatable): KEY takes KEY\'s value from codex-mcp\'s own environment (keeps secrets off the command line, where every local user can read them); KEY=VALUE sets it. Values are never printed.',
        helpGroup: 'SETTINGS',
        scope: 'all',
      },
      {name: 'env-file', kind: 'string', description: 'Read environment variables for Codex from this file of KEY=VALUE lines (# comments allowed).', helpGroup: 'SETTINGS', scope: 'all'},
    ],
    readmeFlags: '`--env KEY` (value from codex-mcp\'s environment), `--env KEY=VALUE`, `--env-file FILE`',
    fromFlags(values) {
      const pairs = values.env as string[] | undefined
      const file = values['env-file'] as string | undefined
      if (!pairs && !file) return undefined
      return {...(file ? readEnvFile(file) : {}), ...parseEnvPairs(pairs ?? [], '--env', process.env)}
    },
  }),
  configOverrides: row({
    schema: z
      .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe('Codex `-c key=value` overrides; values are TOML.'),
    defaultText: '`{}`',
    readme: 'Codex `-c key=value` overrides; strings are quoted as TOML',
  }),
  heartbeatMs: row({
    default: 15_000,
    schema: durationSchema().optional().describe('Progress heartbeat interval in ms while an agent is silent (default 15000).'),
    readme: 'progress heartbeat while an agent is silent',
    flags: [{name: 'heartbeat', kind: 'duration', description: 'Send a progress heartbeat this often while an agent is silent (default 15s).', scope: 'serve'}],
  }),
  reconnectTimeoutMs: row({
    default: 60_000,
    schema: durationSchema().optional().describe('Fail after this long of nothing but "Reconnecting…" notices (default 60000).'),
    readme: 'stop an agent after this long of nothing but "Reconnecting…"',
  }),
  sandboxCeiling: row({
    schema: z.enum(sandboxModes).optional().describe('The loosest sandbox a tool call or task may ask for (default: `sandbox`, i.e. the server\'s own).'),
    defaultText: '`sandbox`',
    readme: 'the loosest sandbox a tool call or task may ask for (see [Security model](#security-model))',
    flags: [
      {
        name: 'sandbox-ceiling',
        kind: 'option',
        options: sandboxModes,
        description: 'The loosest sandbox a tool call or task may ask for (default: --sandbox). Calls may always ask for a stricter one.',
        helpGroup: 'LIMITS',
        scope: 'agents',
      },
    ],
  }),
  allowedRoots: row({
    schema: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Directories agents may work in (a cwd must resolve inside one, symlinks followed). Default: `cwd`, else where codex-mcp was started.'),
    defaultText: '`cwd`, else the current directory',
    readme: 'directories agents may work in; a `cwd` must resolve inside one (relative to the config file)',
    flags: [
      {
        name: 'allowed-root',
        kind: 'string',
        multiple: true,
        description: 'A directory agents may work in (repeatable; default: --cd, else the current directory). A cwd outside every root is refused.',
        helpGroup: 'LIMITS',
        scope: 'agents',
      },
    ],
    readmeFlags: '`--allowed-root DIR` (repeatable)',
    fromFlags: (values) => (values['allowed-root'] as string[] | undefined)?.map((root) => path.resolve(root)),
  }),
  allowPerCallProfile: row({
    default: true,
    schema: z.boolean().optional().describe('Whether a tool call or task may choose a Codex profile (default true).'),
    readme: 'whether a tool call or task may choose a Codex profile',
  }),
  maxEventLineBytes: row({
    default: 8 * 1024 * 1024,
    schema: z
      .number()
      .int()
      .min(1024)
      .optional()
      .describe('Longest Codex event line kept in memory (default 8 MiB); a longer one is skipped with a notice on the result.'),
    defaultText: '8388608 (8 MiB)',
    readme: 'longest Codex event line kept; a longer one is skipped with a notice',
  }),
  maxOutputChars: row({
    default: 60_000,
    schema: z
      .number()
      .int()
      .min(1000)
      .max(1_000_000)
      .optional()
      .describe('Most characters of agents\' final messages one MCP tool result carries (default 60000); the rest is in a file and a resource.'),
    readme: 'characters of agents\' final messages one MCP result carries (shared by a batch\'s agents; 1,000 to 1,000,000)',
  }),
  maxRequestBytes: row({
    default: 32 * 1024 * 1024,
    schema: z
      .number()
      .int()
      .min(65_536)
      .optional()
      .describe('Longest JSON-RPC message serve reads (default 32 MiB); a longer one is answered with an error.'),
    defaultText: '33554432 (32 MiB)',
    readme: 'longest JSON-RPC message `serve` reads',
  }),
  stateDir: row({
    schema: z.string().min(1).optional().describe('Where background jobs are kept (default $XDG_STATE_HOME/codex-mcp).'),
    defaultText: '`$XDG_STATE_HOME/codex-mcp`',
    readme: 'where background jobs and isolated agents\' worktrees are kept (mode 0700, job files 0600)',
  }),
  maxFinishedJobs: row({
    default: 200,
    schema: z.number().int().positive().optional().describe('Finished background jobs kept, newest first (default 200).'),
    readme: 'finished background jobs kept, newest first',
  }),
  finishedJobTtlMs: row({
    default: 7 * 24 * 3600 * 1000,
    schema: durationSchema(Number.MAX_SAFE_INTEGER).optional().describe('Finished background jobs older than this are forgotten (default 7 days).'),
    defaultText: '604800000 (7 days)',
    readme: 'finished background jobs (and full outputs) older than this are forgotten',
  }),
  hosts: row({
    schema: hostsSchema.optional(),
    defaultText: 'none (this machine)',
    readme: 'machines agents run their commands on, through Codex exec-servers: `[{name, url, tokenEnv?, cwd?, maxAgents?}]`; agents then run on the app-server engine (see [Hosts](#hosts-agents-whose-commands-run-on-other-machines))',
  }),
  detachAfterMs: row({
    schema: detachAfterMsSchema.optional(),
    defaultText: 'just under the client\'s deadline when known, else none',
    readme: 'a blocking call answers `running` + `next` after this long, the agents carry on (also per call)',
  }),
}

export const settingRows = {...agentSettingRows, ...serverSettingRows}
export type SettingKey = keyof typeof settingRows

type DefaultOf<R> = R extends {default?: infer D} ? Exclude<D, undefined> : never
type Defaults<T> = {[K in keyof T as [DefaultOf<T[K]>] extends [never] ? never : K]: DefaultOf<T[K]>}
/** Each setting's default, from its row. */
export const defaults = Object.fromEntries(
  Object.entries(settingRows).flatMap(([key, setting]: [string, SettingRow]) => (setting.default === undefined ? [] : [[key, setting.default]])),
) as Defaults<typeof settingRows>

type Shape<T extends Record<string, SettingRow>> = {[K in keyof T]: T[K]['schema']}
const shapeOf = <T extends Record<string, SettingRow>>(rows: T): Shape<T> =>
  Object.fromEntries(Object.entries(rows).map(([key, setting]) => [key, setting.schema])) as Shape<T>

/** The per-agent settings every entry point shares: MCP tool arguments, tasks files, CLI flags and the config file. */
export const agentSettingsSchema = z.object(shapeOf(agentSettingRows))
/** codex-mcp's config file (cosmiconfig, module name `codex-mcp`). Unknown keys are errors: a typo must not be silently ignored. */
export const configSchema = z.object(shapeOf(settingRows)).strict()

/** Every flag a command of `scope` takes: `--config`, every command's, then the agent commands', then its own; in table order. */
export function flagSpecsFor(scope: FlagScope): FlagSpec[] {
  const scopes: FlagScope[] =
    scope === 'all' ? ['all'] : scope === 'agents' ? ['all', 'agents'] : scope === 'serve' ? ['all', 'agents', 'serve'] : ['all', 'agents', 'one-shot', ...(scope === 'one-shot' ? [] : [scope])]
  const specs = Object.values(settingRows).flatMap((setting: SettingRow) => setting.flags ?? [])
  return [configFileFlag, ...scopes.flatMap((each) => specs.filter((spec) => spec.scope === each))]
}

/**
 * The settings that command-line flags (values by flag name, as oclif or the fast serve parser give them)
 * set: each row's `fromFlags`, else the value of whichever of its flags was given. Unset settings are absent.
 */
export function settingsFromFlags(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, setting] of Object.entries(settingRows) as Array<[string, SettingRow]>) {
    if (!setting.flags) continue
    const value = setting.fromFlags ? setting.fromFlags(values) : setting.flags.map((flag) => values[flag.name]).find((v) => v !== undefined)
    if (value !== undefined) out[key] = value
  }
  return out
}
