import {Flags} from '@oclif/core'

import {engines, isolationModes, reasoningEfforts, sandboxModes} from '../config/schema.js'
import {parseDuration} from './duration.js'

export const durationFlag = Flags.custom<number>({parse: async (input) => parseDuration(input)})

/** Flags every command takes: where settings come from. */
export const settingsFlags = {
  config: Flags.string({description: 'Path of a codex-mcp config file (default: searched from the working directory).', helpGroup: 'SETTINGS'}),
  env: Flags.string({
    description: 'Environment variable for Codex (repeatable): KEY takes KEY\'s value from codex-mcp\'s own environment (keeps secrets off the command line, where every local user can read them); KEY=VALUE sets it. Values are never printed.',
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'SETTINGS',
  }),
  'env-file': Flags.string({
    description: 'Read environment variables for Codex from this file of KEY=VALUE lines (# comments allowed).',
    helpGroup: 'SETTINGS',
  }),
  profile: Flags.string({description: 'Codex config profile (codex -p).', helpGroup: 'SETTINGS'}),
  engine: Flags.option({
    options: engines,
    description: 'How agents run: exec (default; a codex exec per agent) or app-server (threads of one warm codex app-server).',
    helpGroup: 'SETTINGS',
  })(),
}

/** Flags of every command that runs agents: spawn, parallel, serve. */
export const agentFlags = {
  ...settingsFlags,
  cd: Flags.directory({char: 'C', description: 'Working directory of the agents (default: the current directory).', helpGroup: 'AGENT'}),
  model: Flags.string({char: 'm', description: 'Codex model, e.g. gpt-5-codex (default: Codex\'s config).', helpGroup: 'AGENT'}),
  sandbox: Flags.option({
    options: sandboxModes,
    description: 'Sandbox for agent commands. danger-full-access (default) runs with no sandbox and no approvals. Also the loosest a tool call or task may ask for, unless --sandbox-ceiling says otherwise.',
    helpGroup: 'AGENT',
  })(),
  'reasoning-effort': Flags.option({options: reasoningEfforts, description: 'Model reasoning effort.', helpGroup: 'AGENT'})(),
  'sandbox-ceiling': Flags.option({
    options: sandboxModes,
    description: 'The loosest sandbox a tool call or task may ask for (default: --sandbox). Calls may always ask for a stricter one.',
    helpGroup: 'LIMITS',
  })(),
  'allowed-root': Flags.string({
    description: 'A directory agents may work in (repeatable; default: --cd, else the current directory). A cwd outside every root is refused.',
    multiple: true,
    multipleNonGreedy: true,
    helpGroup: 'LIMITS',
  }),
  approvals: Flags.option({
    options: ['never', 'ask'] as const,
    description: 'never (default): agents never ask. ask (app-server engine): agents run sandboxed and may ask a person to allow more.',
    helpGroup: 'AGENT',
  })(),
  timeout: durationFlag({description: 'Kill an agent after this long: 90s, 10m, 1h or milliseconds (default 30m).', helpGroup: 'AGENT'}),
  isolation: Flags.option({
    options: isolationModes,
    description: 'worktree: each agent works in its own git worktree on a new branch (apply its changes with `codex-mcp workspaces apply`). none (default): agents work in the directory itself.',
    helpGroup: 'AGENT',
  })(),
}

/** `--host` of spawn and parallel: the configured host the agents run on (a task's own `host` wins). */
export const hostFlag = {
  host: Flags.string({
    description: 'Run the agents\' commands on this configured host (see "hosts" in the config; default: the least busy reachable one).',
    helpGroup: 'AGENT',
  }),
}
