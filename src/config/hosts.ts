import * as z from 'zod'

/** The host that is this machine: its agents' commands run here, as without hosts. */
export const LOCAL_HOST = 'local'

/** Host names become Codex environment ids and appear in results: short, no spaces, nothing path-like. */
export const hostNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be a host name (letters, digits, . _ -, at most 63, not starting with a symbol)')

/**
 * One host in the config: an exec-server (`codex exec-server --listen ws://IP:PORT`) that runs the commands and
 * file edits of the agents placed on it, while their agent loop and model calls stay on this machine.
 */
export const hostSchema = z
  .object({
    name: hostNameSchema.describe(`The host's name, as \`host\` in a call, --host and tasks files name it. "${LOCAL_HOST}" (with no url) is this machine.`),
    url: z
      .string()
      .regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'must be a ws:// or wss:// URL, e.g. "wss://box.example:9001" or "ws://127.0.0.1:9001"')
      .optional()
      .describe('The exec-server\'s WebSocket URL. Required except for "local".'),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid environment variable name (letters, digits, _)')
      .optional()
      .describe('An environment variable of codex-mcp\'s own holding the exec-server\'s capability token (never on a command line, log, result or state file).'),
    cwd: z.string().min(1).optional().describe('Working directory on that host (absolute there). Default: the agent\'s cwd.'),
    maxAgents: z.number().int().positive().optional().describe('Most agents running on this host at once (default: no limit of its own; maxConcurrency still applies).'),
    command: z
      .unknown()
      .optional()
      .describe('Not supported yet: Codex 0.169\'s app-server takes only WebSocket exec-servers (environment/add has no stdio executor).'),
  })
  .strict()
  .superRefine((host, ctx) => {
    if (host.command !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['command'],
        message: 'is not supported: Codex 0.169\'s app-server connects to exec-servers over WebSocket only. Start `codex exec-server --listen ws://127.0.0.1:PORT` on the host and reach it through `ssh -N -L PORT:127.0.0.1:PORT host`, then use url "ws://127.0.0.1:PORT"',
      })
    }
    if (host.name === LOCAL_HOST && (host.url !== undefined || host.tokenEnv !== undefined)) {
      ctx.addIssue({code: 'custom', path: ['url'], message: `"${LOCAL_HOST}" is this machine: it takes no url or tokenEnv (name a remote host otherwise)`})
    }
    if (host.name !== LOCAL_HOST && host.url === undefined && host.command === undefined) {
      ctx.addIssue({code: 'custom', path: ['url'], message: `is required: the exec-server of host "${host.name}" (only "${LOCAL_HOST}" has none)`})
    }
  })
export type HostConfig = z.infer<typeof hostSchema>

export const hostsSchema = z
  .array(hostSchema)
  .min(1)
  .superRefine((hosts, ctx) => {
    const seen = new Set<string>()
    hosts.forEach((host, index) => {
      if (seen.has(host.name)) ctx.addIssue({code: 'custom', path: [index, 'name'], message: `"${host.name}" is named twice: host names must be unique`})
      seen.add(host.name)
    })
  })
  .describe('Machines agents may run their commands on, through Codex exec-servers (app-server engine). See the README, "Hosts".')
